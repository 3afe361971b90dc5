/**
 * Reference threshold metrics (docs/losses.md "Metrics of the thresholded prediction"), float64, brute force.
 * A = [p > 0.5], B = [g > 0.5].
 */
import type { ThresholdMetrics } from '../../src/core/types.ts';
import { at, binarize, checkShape, contour, count, directedDistances, points } from './edt.ts';

/** numpy.percentile(values, q) with the default 'linear' method; values must be non-empty. */
export function percentileLinear(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  const a = [...values].sort((x, y) => x - y);
  const pos = (q / 100) * (a.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, a.length - 1);
  const frac = pos - lo;
  const vlo = at(a, lo);
  const vhi = at(a, hi);
  return vlo + (vhi - vlo) * frac;
}

export function referenceMetrics(g: ArrayLike<number>, p: ArrayLike<number>, h: number, w: number): ThresholdMetrics {
  checkShape(g, h, w, 'g');
  checkShape(p, h, w, 'p');
  const A = binarize(p, 0.5);
  const B = binarize(g, 0.5);
  let inter = 0;
  for (let i = 0; i < A.length; i++) if (at(A, i) !== 0 && at(B, i) !== 0) inter++;
  const a = count(A);
  const b = count(B);
  const union = a + b - inter;
  const dice = a + b === 0 ? 1 : (2 * inter) / (a + b);
  const iou = union === 0 ? 1 : inter / union;
  const precision = a === 0 ? null : inter / a;
  const recall = b === 0 ? null : inter / b;
  if (a === 0 || b === 0) return { dice, iou, precision, recall, hausdorff: null, hd95: null };
  const ca = points(contour(A, h, w), h, w);
  const cb = points(contour(B, h, w), h, w);
  const ab = directedDistances(ca, cb);
  const ba = directedDistances(cb, ca);
  const hausdorff = Math.max(Math.max(...ab), Math.max(...ba));
  const hd95 = Math.max(percentileLinear(ab, 95), percentileLinear(ba, 95));
  return { dice, iou, precision, recall, hausdorff, hd95 };
}
