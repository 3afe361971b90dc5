/**
 * Whole-image sums of a prediction against a ground truth, accumulated in float64 in one pass.
 * Region losses are functions of these sums alone, so their values are exact float64 arithmetic and a
 * sweep over any of their parameters costs nothing but scalar maths.
 */
import type { RegionStats } from './types.ts';

export function regionStats(g: ArrayLike<number>, p: ArrayLike<number>): RegionStats {
  const n = g.length;
  if (p.length !== n) throw new Error(`target has ${n} pixels, prediction ${p.length}`);
  let tp = 0, fp = 0, fn = 0, tn = 0, sumP = 0, sumG = 0, sumP2 = 0, sumG2 = 0, sqErr = 0, sqErrPos = 0, sqErrNeg = 0;
  for (let i = 0; i < n; i++) {
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
  return { n, tp, fp, fn, tn, sumP, sumG, sumP2, sumG2, sqErr, sqErrPos, sqErrNeg };
}
