/**
 * Metrics of the thresholded prediction (docs/losses.md "Metrics of the thresholded prediction"):
 * Dice, IoU, precision, recall, and the Hausdorff distance and HD95 between the contours
 * (MONAI `compute_hausdorff_distance`, undirected).
 */
import { binaryMask, contour, squaredDistanceToForeground } from './distance.ts';
import type { ThresholdMetrics } from './types.ts';

/** Ground truth is always binarised at 0.5 (docs/losses.md, shared rules). */
const GT_THRESHOLD = 0.5;

/**
 * numpy `percentile(values, q)` with the default linear method, for `sorted` ascending and
 * non-empty. The lerp is numpy's (and torch's): from the upper end when the weight is >= 0.5,
 * which is what makes the result bit-identical to theirs.
 */
export function percentileLinear(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentile of an empty set');
  const virtualIndex = (n - 1) * (q / 100);
  const lower = Math.floor(virtualIndex);
  const upper = Math.min(lower + 1, n - 1);
  const weight = virtualIndex - lower;
  const a = sorted[lower]!;
  const b = sorted[upper]!;
  const diff = b - a;
  return weight >= 0.5 ? b - diff * (1 - weight) : a + diff * weight;
}

/**
 * Distances from every pixel of `fromEdge` to the nearest pixel of `toEdge`, sorted ascending.
 * `toEdgeDistance2` is scratch for the squared distance map to `toEdge`.
 */
function sortedDirectedDistances(
  fromEdge: Uint8Array,
  fromCount: number,
  toEdge: Uint8Array,
  h: number,
  w: number,
  toEdgeDistance2: Float64Array,
  known = false,
): Float64Array {
  if (!known) squaredDistanceToForeground(toEdge, h, w, toEdgeDistance2);
  const distances = new Float64Array(fromCount);
  let k = 0;
  for (let i = 0; i < fromEdge.length; i++) if (fromEdge[i] !== 0) distances[k++] = toEdgeDistance2[i]!;
  // Sort the squares (exact integers), then take roots: sqrt is monotone, so the order is the same.
  distances.sort();
  for (let i = 0; i < distances.length; i++) distances[i] = Math.sqrt(distances[i]!);
  return distances;
}

function countForeground(mask: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) count++;
  return count;
}

/**
 * Metrics of `A = [p > threshold]` against `B = [g > 0.5]` on an `h x w` image. Dice and IoU are 1
 * when both masks are empty; precision / recall are null when |A| / |B| is 0; Hausdorff and HD95
 * (pixels) are null when either mask is empty.
 */
export function thresholdMetrics(
  g: ArrayLike<number>,
  p: ArrayLike<number>,
  h: number,
  w: number,
  threshold = 0.5,
  /** Squared distances to the ground truth's contour, when the caller has them cached. */
  truthEdgeDistance2?: Float64Array,
): ThresholdMetrics {
  const n = h * w;
  if (g.length !== n || p.length !== n) {
    throw new RangeError(`g has ${g.length} and p has ${p.length} values, expected ${h}x${w} = ${n}`);
  }
  const predicted = binaryMask(p, threshold);
  const truth = binaryMask(g, GT_THRESHOLD);
  let sizeA = 0;
  let sizeB = 0;
  let overlap = 0;
  for (let i = 0; i < n; i++) {
    const a = predicted[i]!;
    const b = truth[i]!;
    sizeA += a;
    sizeB += b;
    overlap += a & b;
  }
  const union = sizeA + sizeB - overlap;
  const dice = sizeA + sizeB === 0 ? 1 : (2 * overlap) / (sizeA + sizeB);
  const iou = union === 0 ? 1 : overlap / union;
  const precision = sizeA === 0 ? null : overlap / sizeA;
  const recall = sizeB === 0 ? null : overlap / sizeB;
  if (sizeA === 0 || sizeB === 0) return { dice, iou, precision, recall, hausdorff: null, hd95: null };

  // A non-empty mask always has a non-empty contour (its top row touches the background or the
  // border), so both directed sets below are non-empty.
  const edgeA = contour(predicted, h, w);
  const edgeB = contour(truth, h, w);
  const scratch = new Float64Array(n);
  const aToB = truthEdgeDistance2
    ? sortedDirectedDistances(edgeA, countForeground(edgeA), edgeB, h, w, truthEdgeDistance2, true)
    : sortedDirectedDistances(edgeA, countForeground(edgeA), edgeB, h, w, scratch);
  const bToA = sortedDirectedDistances(edgeB, countForeground(edgeB), edgeA, h, w, scratch);
  const hausdorff = Math.max(aToB[aToB.length - 1]!, bToA[bToA.length - 1]!);
  const hd95 = Math.max(percentileLinear(aToB, 95), percentileLinear(bToA, 95));
  return { dice, iou, precision, recall, hausdorff, hd95 };
}
