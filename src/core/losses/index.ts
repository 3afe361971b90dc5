/** Every loss's implementation, keyed by canonical id; the Record type makes a missing loss a compile error. */
import type { LossId } from '../types.ts';
import type { LossImpl } from './types.ts';
import { balancedBce, bce, distanceBce, focal, weightedBce } from './distribution.ts';
import { dice, focalTversky, logCoshDice, sensSpec, tversky } from './region.ts';
import { hausdorffDt, shapeAware } from './boundary.ts';
import { combo, expLog } from './compound.ts';
import { structural } from './structural.ts';

export const IMPLEMENTATIONS: Record<LossId, LossImpl> = {
  bce,
  weighted_bce: weightedBce,
  balanced_bce: balancedBce,
  focal,
  distance_bce: distanceBce,
  dice,
  sens_spec: sensSpec,
  tversky,
  focal_tversky: focalTversky,
  log_cosh_dice: logCoshDice,
  hausdorff_dt: hausdorffDt,
  shape_aware: shapeAware,
  combo,
  exp_log: expLog,
  structural,
};

export type { LossImpl };
