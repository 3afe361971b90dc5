/**
 * Whole-image sums of a prediction against a ground truth, accumulated in float64.
 * Region losses are functions of these sums alone, so their values are exact float64 arithmetic and a
 * sweep over any of their parameters costs nothing but scalar maths.
 */
import type { RegionStats } from './types.ts';

/** How many sums one pixel range contributes (the RegionStats fields but n). */
export const REGION_SUMS = 11;

/** Adds pixels [start, end) into out[offset … offset + 10], in RegionStats order (tp, fp, fn, tn, …). */
export function accumulateRegionSums(
  g: ArrayLike<number>,
  p: ArrayLike<number>,
  start: number,
  end: number,
  out: Float64Array,
  offset: number,
): void {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0,
    sumP = 0,
    sumG = 0,
    sumP2 = 0,
    sumG2 = 0,
    sqErr = 0,
    sqErrPos = 0,
    sqErrNeg = 0;
  for (let i = start; i < end; i++) {
    const gi = g[i] as number;
    const pi = p[i] as number;
    const d = pi - gi;
    const d2 = d * d;
    tp += pi * gi;
    // FP and FN summed directly (not as P − TP) so that 1 − Dice stays exact when it is tiny.
    fp += pi * (1 - gi);
    fn += (1 - pi) * gi;
    tn += (1 - pi) * (1 - gi);
    sumP += pi;
    sumG += gi;
    sumP2 += pi * pi;
    sumG2 += gi * gi;
    sqErr += d2;
    sqErrPos += d2 * gi;
    sqErrNeg += d2 * (1 - gi);
  }
  out[offset] = tp;
  out[offset + 1] = fp;
  out[offset + 2] = fn;
  out[offset + 3] = tn;
  out[offset + 4] = sumP;
  out[offset + 5] = sumG;
  out[offset + 6] = sumP2;
  out[offset + 7] = sumG2;
  out[offset + 8] = sqErr;
  out[offset + 9] = sqErrPos;
  out[offset + 10] = sqErrNeg;
}

/** RegionStats from the 11 sums accumulateRegionSums writes. */
export function regionStatsFrom(n: number, s: ArrayLike<number>): RegionStats {
  const at = (k: number) => s[k] as number;
  return {
    n,
    tp: at(0),
    fp: at(1),
    fn: at(2),
    tn: at(3),
    sumP: at(4),
    sumG: at(5),
    sumP2: at(6),
    sumG2: at(7),
    sqErr: at(8),
    sqErrPos: at(9),
    sqErrNeg: at(10),
  };
}
