import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { percentileLinear, thresholdMetrics } from '../../src/core/metrics.ts';
import type { ThresholdMetrics } from '../../src/core/types.ts';

// ---------------------------------------------------------------------------------------------
// Brute force, straight from docs/losses.md: contour point lists and all-pairs distances.

function contourPoints(mask: boolean[], h: number, w: number): [number, number][] {
  const at = (y: number, x: number): boolean => y >= 0 && y < h && x >= 0 && x < w && mask[y * w + x]!;
  const points: [number, number][] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (at(y, x) && (!at(y - 1, x) || !at(y + 1, x) || !at(y, x - 1) || !at(y, x + 1))) points.push([y, x]);
    }
  }
  return points;
}

function directed(from: [number, number][], to: [number, number][]): number[] {
  return from.map(([y, x]) => Math.min(...to.map(([ty, tx]) => Math.sqrt((y - ty) ** 2 + (x - tx) ** 2))));
}

/** numpy.percentile(values, q), method 'linear', including numpy's two-sided lerp. */
function numpyPercentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = (sorted.length - 1) * (q / 100);
  const lo = Math.floor(index);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = index - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

function bruteMetrics(g: number[], p: number[], h: number, w: number, threshold: number): ThresholdMetrics {
  const A = p.map((v) => v > threshold);
  const B = g.map((v) => v > 0.5);
  const sizeA = A.filter(Boolean).length;
  const sizeB = B.filter(Boolean).length;
  const inter = A.filter((a, i) => a && B[i]).length;
  const union = A.filter((a, i) => a || B[i]).length;
  const result: ThresholdMetrics = {
    dice: sizeA + sizeB === 0 ? 1 : (2 * inter) / (sizeA + sizeB),
    iou: union === 0 ? 1 : inter / union,
    precision: sizeA === 0 ? null : inter / sizeA,
    recall: sizeB === 0 ? null : inter / sizeB,
    hausdorff: null,
    hd95: null,
  };
  if (sizeA === 0 || sizeB === 0) return result;
  const ca = contourPoints(A, h, w);
  const cb = contourPoints(B, h, w);
  const ab = directed(ca, cb);
  const ba = directed(cb, ca);
  result.hausdorff = Math.max(...ab, ...ba);
  result.hd95 = Math.max(numpyPercentile(ab, 95), numpyPercentile(ba, 95));
  return result;
}

// ---------------------------------------------------------------------------------------------

function expectMetricsClose(actual: ThresholdMetrics, expected: ThresholdMetrics): void {
  for (const key of ['dice', 'iou', 'precision', 'recall', 'hausdorff', 'hd95'] as const) {
    const a = actual[key];
    const e = expected[key];
    if (e === null || a === null) expect(a, key).toBe(e);
    else expect(Math.abs(a - e), `${key}: ${a} vs ${e}`).toBeLessThanOrEqual(1e-12);
  }
}

/** An h x w image filled with 1 inside the rectangle rows [y0, y1) x cols [x0, x1), else 0. */
function rect(h: number, w: number, y0: number, y1: number, x0: number, x1: number): number[] {
  return Array.from({ length: h * w }, (_, i) => {
    const y = Math.floor(i / w);
    const x = i % w;
    return y >= y0 && y < y1 && x >= x0 && x < x1 ? 1 : 0;
  });
}

describe('percentileLinear (numpy linear)', () => {
  it('hand values', () => {
    // index (5-1)*0.95 = 3.8: 1 + 0.8*(2-1) = 1.8
    expect(percentileLinear([0, 0, 0, 1, 2], 95)).toBeCloseTo(1.8, 14);
    // index (4-1)*0.5 = 1.5: (2+3)/2
    expect(percentileLinear([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentileLinear([7], 95)).toBe(7);
    expect(percentileLinear([1, 5], 100)).toBe(5);
    expect(percentileLinear([1, 5], 0)).toBe(1);
  });
});

describe('thresholdMetrics', () => {
  it('two 4x4 squares offset by 3 px: HD 3, HD95 3', () => {
    // B rows 0-3, cols 0-3; A rows 0-3, cols 3-6 (8x10 image). Overlap: column 3, 4 px.
    // Dice 2*4/(16+16) = 0.25; IoU 4/28; precision = recall = 4/16.
    // Contour of A (12 px) to contour of B: rows 0 and 3 give 0,1,2,3 each; col 3 rows 1-2 give 0;
    // col 6 rows 1-2 give 3 -> sorted [0,0,0,0,1,1,2,2,3,3,3,3], max 3, 95th pct at index 10.45 = 3.
    // B to A is the mirror image.
    const g = rect(8, 10, 0, 4, 0, 4);
    const p = rect(8, 10, 0, 4, 3, 7);
    expectMetricsClose(thresholdMetrics(g, p, 8, 10), {
      dice: 0.25,
      iou: 4 / 28,
      precision: 0.25,
      recall: 0.25,
      hausdorff: 3,
      hd95: 3,
    });
  });

  it('1x10 strips, A = pixels 0-4, B = pixels 0-2: HD 2, HD95 1.8', () => {
    // Every pixel of a 1-row mask is contour. A->B: [0,0,0,1,2]; B->A: [0,0,0].
    // HD95: index 4*0.95 = 3.8 -> 1 + 0.8*(2-1) = 1.8 (B->A gives 0).
    // Dice 2*3/8 = 0.75; IoU 3/5; precision 3/5; recall 1.
    const g = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    const p = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    const m = thresholdMetrics(g, p, 1, 10);
    expectMetricsClose(m, {
      dice: 0.75,
      iou: 0.6,
      precision: 0.6,
      recall: 1,
      hausdorff: 2,
      hd95: numpyPercentile([0, 0, 0, 1, 2], 95),
    });
    expect(m.hd95).toBeCloseTo(1.8, 14);
  });

  it('single pixels on a diagonal: HD sqrt(2)', () => {
    // A = {(0,0)}, B = {(1,1)} in 3x3: both directions give sqrt(2); no overlap.
    const m = thresholdMetrics([0, 0, 0, 0, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0, 0], 3, 3);
    expectMetricsClose(m, { dice: 0, iou: 0, precision: 0, recall: 0, hausdorff: Math.SQRT2, hd95: Math.SQRT2 });
  });

  it('square inside a larger square: the hollow inside does not count', () => {
    // B = 5x5 full image (contour = 16-px border ring), A = centre pixel (2,2).
    // A->B: 2; B->A: corners sqrt(8), edge midpoints 2 -> HD sqrt(8).
    // B->A sorted: 4 x 2, 8 x sqrt(5), 4 x sqrt(8); index 15*0.95 = 14.25 -> sqrt(8).
    const g = new Array<number>(25).fill(1);
    const p = new Array<number>(25).fill(0);
    p[12] = 1;
    const m = thresholdMetrics(g, p, 5, 5);
    expectMetricsClose(m, {
      dice: 2 / 26,
      iou: 1 / 25,
      precision: 1,
      recall: 1 / 25,
      hausdorff: Math.sqrt(8),
      hd95: Math.sqrt(8),
    });
  });

  it('both empty: Dice = IoU = 1, the rest null', () => {
    expect(thresholdMetrics([0, 0, 0, 0], [0.1, 0.2, 0.5, 0], 2, 2)).toEqual({
      dice: 1,
      iou: 1,
      precision: null,
      recall: null,
      hausdorff: null,
      hd95: null,
    });
  });

  it('empty prediction: precision and distances null, recall 0', () => {
    expect(thresholdMetrics([1, 0, 0, 0], [0, 0, 0, 0], 2, 2)).toEqual({
      dice: 0,
      iou: 0,
      precision: null,
      recall: 0,
      hausdorff: null,
      hd95: null,
    });
  });

  it('empty ground truth: recall and distances null, precision 0', () => {
    expect(thresholdMetrics([0, 0, 0, 0], [1, 0, 0, 0], 2, 2)).toEqual({
      dice: 0,
      iou: 0,
      precision: 0,
      recall: null,
      hausdorff: null,
      hd95: null,
    });
  });

  it('thresholds strictly: p = threshold is background; g at 0.5 is background', () => {
    // A = {1} (0.7 > 0.6), B = {1} (g 0.51): identical -> all perfect, HD 0.
    const m = thresholdMetrics([0.5, 0.51, 0], [0.6, 0.7, 0.2], 1, 3, 0.6);
    expect(m).toEqual({ dice: 1, iou: 1, precision: 1, recall: 1, hausdorff: 0, hd95: 0 });
  });

  it('rejects mismatched lengths', () => {
    expect(() => thresholdMetrics([0, 1], [0, 1, 1], 1, 3)).toThrow(RangeError);
  });

  it('matches brute force on random soft maps', () => {
    const arb = fc
      .record({
        h: fc.integer({ min: 1, max: 24 }),
        w: fc.integer({ min: 1, max: 24 }),
        threshold: fc.constantFrom(0.5, 0.3, 0.8),
      })
      .chain(({ h, w, threshold }) =>
        fc.record({
          h: fc.constant(h),
          w: fc.constant(w),
          threshold: fc.constant(threshold),
          // Biased so that empty and nearly empty masks come up often.
          g: fc.array(fc.constantFrom(0, 0, 0, 0.2, 0.5, 0.6, 1), { minLength: h * w, maxLength: h * w }),
          p: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: h * w, maxLength: h * w }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ h, w, threshold, g, p }) => {
        expectMetricsClose(thresholdMetrics(g, p, h, w, threshold), bruteMetrics(g, p, h, w, threshold));
        expectMetricsClose(
          thresholdMetrics(g, Float32Array.from(p), h, w, threshold),
          bruteMetrics(g, Array.from(Float32Array.from(p)), h, w, threshold),
        );
      }),
      { numRuns: 300 },
    );
  });
});
