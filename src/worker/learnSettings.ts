/**
 * What a learn run is made of, as plain data with its checks: the lanes (a loss and its parameters
 * each), the optimiser, the start and its seed, when to stop, the shared yardstick. No tf.js here: the
 * share-link codec, the learn store and the presets use it as well as the learn worker.
 */
import { LOSS_IDS, checkParam, paramSpec } from '../core/registry.ts';
import type { LossId, ParamSet } from '../core/types.ts';
import { DEFAULT_OPTIMIZER, checkOptimizer } from '../core/optimizers.ts';
import type { OptimizerSettings } from '../core/optimizers.ts';

export type LearnStart = 'current' | 'uniform' | 'noise';
export const LEARN_STARTS: readonly LearnStart[] = ['current', 'uniform', 'noise'];

/** The measure every lane is compared on: a metric of the thresholded prediction (p > 0.5). */
export type Yardstick = 'dice' | 'iou' | 'precision' | 'recall' | 'hd95';
export const YARDSTICKS: readonly Yardstick[] = ['dice', 'iou', 'precision', 'recall', 'hd95'];

export const MAX_LANES = 4;
/** The longest run "stop after" allows. */
export const MAX_STEPS = 100_000;

export interface LaneSpec {
  loss: LossId;
  /** The lane's parameters (missing keys: the registry default). */
  params: ParamSet;
}

export interface LearnSettings {
  lanes: LaneSpec[];
  optimizer: OptimizerSettings;
  start: LearnStart;
  /** Seeds the noise of the 'noise' start: an integer in [0, 2³²). */
  seed: number;
  /** The run pauses at this step. */
  stopAfter: number;
  yardstick: Yardstick;
}

export const DEFAULT_LEARN: Readonly<LearnSettings> = {
  lanes: [
    { loss: 'bce', params: {} },
    { loss: 'dice', params: {} },
    { loss: 'focal', params: {} },
  ],
  optimizer: DEFAULT_OPTIMIZER,
  start: 'current',
  seed: 1,
  stopAfter: 500,
  yardstick: 'dice',
};

/** A problem with a lane in words, or null. */
export function checkLane(lane: LaneSpec): string | null {
  if (!LOSS_IDS.includes(lane.loss)) return `unknown loss “${String(lane.loss)}”`;
  for (const [key, value] of Object.entries(lane.params)) {
    const spec = paramSpec(lane.loss, key);
    if (!spec) return `${lane.loss} has no parameter “${key}”`;
    const problem = checkParam(spec, value);
    if (problem) return `${lane.loss}: ${problem}`;
  }
  return null;
}

export function isSeed(seed: unknown): seed is number {
  return typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff;
}

/** A problem with the settings in words, or null when a run can be built from them. */
export function checkLearnSettings(s: LearnSettings): string | null {
  if (s.lanes.length < 1 || s.lanes.length > MAX_LANES) return `between 1 and ${MAX_LANES} lanes`;
  for (const lane of s.lanes) {
    const problem = checkLane(lane);
    if (problem) return problem;
  }
  if (!LEARN_STARTS.includes(s.start)) return `unknown start “${String(s.start)}”`;
  if (!isSeed(s.seed)) return 'the seed must be an integer in [0, 2³²)';
  if (!Number.isInteger(s.stopAfter) || s.stopAfter < 1 || s.stopAfter > MAX_STEPS)
    return `stop after must be an integer in [1, ${MAX_STEPS}]`;
  if (!YARDSTICKS.includes(s.yardstick)) return `unknown yardstick “${String(s.yardstick)}”`;
  return checkOptimizer(s.optimizer);
}
