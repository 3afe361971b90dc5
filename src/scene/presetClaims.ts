/**
 * What a preset's "Look at:" sentence claims, as numbers. tests/unit/preset-claims.test.ts evaluates every
 * preset with the real engine (on the scene the app shows: quantised, survey convention, every UI grid) and
 * checks each claim, so a sentence cannot silently become false.
 */
import type { LossId, ThresholdMetrics } from '../core/types.ts';

/**
 * A number read from an evaluated preset:
 * - a loss id: that loss's value (the table's number);
 * - `metric.<key>`: a thresholded metric (the metrics row);
 * - `stat.<key>`: a soft whole-image sum (TP = Σ p g, FP = Σ p (1 − g), FN = Σ (1 − p) g);
 * - `pixel.max_bce`: the largest per-pixel BCE term (what hovering the worst pixel reads);
 * - `labels.entropy`: the mean binary entropy of the ground truth, in nats;
 * - `dice.hardened`: the Dice loss of the prediction thresholded at 0.5 (the same ground truth).
 */
export type PresetQuantity =
  | LossId
  | `metric.${keyof ThresholdMetrics}`
  | 'stat.tp'
  | 'stat.fp'
  | 'stat.fn'
  | 'pixel.max_bce'
  | 'labels.entropy'
  | 'dice.hardened';

export type ClaimOp = '<' | '<=' | '>' | '>=';

/** `of op value`, or `of op times × than` (times defaults to 1). */
export type PresetClaim =
  | { of: PresetQuantity; op: ClaimOp; value: number }
  | { of: PresetQuantity; op: ClaimOp; than: PresetQuantity; times?: number };

export function holds(actual: number, op: ClaimOp, bound: number): boolean {
  switch (op) {
    case '<':
      return actual < bound;
    case '<=':
      return actual <= bound;
    case '>':
      return actual > bound;
    case '>=':
      return actual >= bound;
  }
}
