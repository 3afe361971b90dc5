/** Names and short descriptions of lanes and optimisers for the learn area. */
import { lossInfo } from '../../core/registry.ts';
import type { OptimizerKind } from '../../core/optimizers.ts';
import type { LaneSpec } from '../../worker/learnSettings.ts';

export const OPTIMIZER_NAMES: Record<OptimizerKind, string> = { sgd: 'SGD', momentum: 'SGD + momentum', adam: 'Adam' };

function short(v: unknown): string {
  if (v === null) return 'off';
  if (typeof v === 'number') return String(Number(v.toPrecision(3)));
  return String(v);
}

/** The lane's parameters that differ from the defaults, e.g. "w_FN 0.9, w_FP 0.1"; '' when none. */
export function laneParams(lane: LaneSpec): string {
  const info = lossInfo(lane.loss);
  const parts: string[] = [];
  for (const spec of info.params) {
    const v = lane.params[spec.key];
    if (v === undefined || v === spec.default) continue;
    parts.push(`${spec.key} ${short(v)}`);
  }
  return parts.join(', ');
}

/** "Tversky (fn_weight 0.9, fp_weight 0.1)" or "Dice". */
export function laneName(lane: LaneSpec): string {
  const p = laneParams(lane);
  return p ? `${lossInfo(lane.loss).short} (${p})` : lossInfo(lane.loss).short;
}
