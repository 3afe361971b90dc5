import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  binaryMask,
  contour,
  contourPenaltyMap,
  distanceField,
  distanceFieldSquared,
  edt,
  edtSquared,
  meanContourDistance,
  squaredDistanceToForeground,
} from '../../src/core/distance.ts';
import { IncrementalDistanceField } from '../../src/core/distanceUpdate.ts';

// ---------------------------------------------------------------------------------------------
// Brute force, straight from docs/losses.md: O(N^2) scans, no cleverness.

function bruteEdt(mask: ArrayLike<number>, h: number, w: number, squared = false): number[] {
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (mask[y * w + x] === 0) {
        out.push(0);
        continue;
      }
      let best = Infinity;
      for (let yy = 0; yy < h; yy++) {
        for (let xx = 0; xx < w; xx++) {
          if (mask[yy * w + xx] !== 0) continue;
          const dx = x - xx;
          const dy = y - yy;
          best = Math.min(best, squared ? dx * dx + dy * dy : Math.hypot(dx, dy));
        }
      }
      out.push(best);
    }
  }
  return out;
}

function bruteContour(mask: ArrayLike<number>, h: number, w: number): number[] {
  const at = (y: number, x: number): number => (y < 0 || y >= h || x < 0 || x >= w ? 0 : mask[y * w + x]!);
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const onEdge =
        at(y, x) !== 0 && (at(y - 1, x) === 0 || at(y + 1, x) === 0 || at(y, x - 1) === 0 || at(y, x + 1) === 0);
      out.push(onEdge ? 1 : 0);
    }
  }
  return out;
}

const complement = (mask: ArrayLike<number>): number[] => Array.from(mask, (v) => (v === 0 ? 1 : 0));
const isTrivial = (mask: ArrayLike<number>): boolean => {
  const fg = Array.from(mask).filter((v) => v !== 0).length;
  return fg === 0 || fg === mask.length;
};

function bruteField(mask: ArrayLike<number>, h: number, w: number): number[] {
  if (isTrivial(mask)) return new Array<number>(mask.length).fill(0);
  const inside = bruteEdt(mask, h, w);
  const outside = bruteEdt(complement(mask), h, w);
  return inside.map((d, i) => d + outside[i]!);
}

function brutePhi(mask: ArrayLike<number>, h: number, w: number): number[] {
  if (isTrivial(mask)) return new Array<number>(mask.length).fill(0);
  const dPlus = bruteEdt(mask, h, w);
  const dMinus = bruteEdt(complement(mask), h, w);
  const maxPlus = Math.max(...dPlus);
  const maxMinus = Math.max(...dMinus);
  return Array.from(mask, (m, i) => {
    const [d, max] = m !== 0 ? [dPlus[i]!, maxPlus] : [dMinus[i]!, maxMinus];
    return max === 1 ? 1 : (max - d) / (max - 1);
  });
}

function bruteMeanContourDistance(pred: ArrayLike<number>, gt: ArrayLike<number>, h: number, w: number): number {
  const pe = bruteContour(pred, h, w);
  const ge = bruteContour(gt, h, w);
  const gtPoints: [number, number][] = [];
  ge.forEach((v, i) => {
    if (v) gtPoints.push([Math.floor(i / w), i % w]);
  });
  const distances: number[] = [];
  pe.forEach((v, i) => {
    if (!v) return;
    const y = Math.floor(i / w);
    const x = i % w;
    distances.push(Math.min(...gtPoints.map(([gy, gx]) => Math.hypot(y - gy, x - gx))));
  });
  if (distances.length === 0 || gtPoints.length === 0) return 0;
  return distances.reduce((a, b) => a + b, 0) / distances.length;
}

// ---------------------------------------------------------------------------------------------

function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (e === Infinity || !(Math.abs(a - e) <= tol)) {
      expect(a, `index ${i}`).toBe(e);
    }
  }
}

const u8 = (values: number[]): Uint8Array => Uint8Array.from(values);

/** A random h x w binary mask, 1x1 to 24x24 (1xN and Nx1 included), of any density. */
const maskArb = fc
  .record({
    h: fc.integer({ min: 1, max: 24 }),
    w: fc.integer({ min: 1, max: 24 }),
    density: fc.integer({ min: 0, max: 100 }),
  })
  .chain(({ h, w, density }) =>
    fc
      .array(fc.integer({ min: 0, max: 99 }), { minLength: h * w, maxLength: h * w })
      .map((rolls) => ({ h, w, mask: Uint8Array.from(rolls, (r) => (r < density ? 1 : 0)) })),
  );

/** Mostly foreground with a handful of zero pixels: long distances, sparse envelopes. */
const fewZerosArb = fc
  .record({ h: fc.integer({ min: 1, max: 24 }), w: fc.integer({ min: 1, max: 24 }) })
  .chain(({ h, w }) =>
    fc.array(fc.integer({ min: 0, max: h * w - 1 }), { minLength: 0, maxLength: 3 }).map((zeros) => {
      const mask = new Uint8Array(h * w).fill(1);
      for (const i of zeros) mask[i] = 0;
      return { h, w, mask };
    }),
  );

/** Two masks of one shape. */
const maskPairArb = maskArb.chain(({ h, w, mask }) =>
  fc
    .record({
      density: fc.integer({ min: 0, max: 100 }),
      rolls: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: h * w, maxLength: h * w }),
    })
    .map(({ density, rolls }) => ({ h, w, a: mask, b: Uint8Array.from(rolls, (r) => (r < density ? 1 : 0)) })),
);

const RUNS = { numRuns: 300 };

describe('edtSquared / edt', () => {
  it('single zero pixel in a 3x3 of ones: 1 on edges, sqrt(2) on diagonals', () => {
    const mask = u8([1, 1, 1, 1, 0, 1, 1, 1, 1]);
    expect(Array.from(edtSquared(mask, 3, 3))).toEqual([2, 1, 2, 1, 0, 1, 2, 1, 2]);
    const s = Math.SQRT2;
    expectAllClose(edt(mask, 3, 3), [s, 1, s, 1, 0, 1, s, 1, s]);
  });

  it('single foreground pixel: distance 1 there, 0 elsewhere', () => {
    const mask = new Uint8Array(25);
    mask[12] = 1;
    const expected = new Array<number>(25).fill(0);
    expected[12] = 1;
    expect(Array.from(edt(mask, 5, 5))).toEqual(expected);
  });

  it('1xN strip and Nx1 column: distance along the line', () => {
    // zeros at 3 and 8: 3,2,1,0,1,2,2,1,0
    const line = u8([1, 1, 1, 0, 1, 1, 1, 1, 0]);
    const expected = [3, 2, 1, 0, 1, 2, 2, 1, 0];
    expect(Array.from(edt(line, 1, 9))).toEqual(expected);
    expect(Array.from(edt(line, 9, 1))).toEqual(expected);
  });

  it('corner zero of a 3x4: squared distances are dx^2 + dy^2', () => {
    const mask = u8([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(edtSquared(mask, 3, 4))).toEqual([0, 1, 4, 9, 1, 2, 5, 10, 4, 5, 8, 13]);
  });

  it('1x1, full and empty masks', () => {
    expect(Array.from(edt(u8([0]), 1, 1))).toEqual([0]);
    expect(Array.from(edt(u8([1]), 1, 1))).toEqual([Infinity]);
    expect(Array.from(edtSquared(new Uint8Array(12).fill(1), 3, 4))).toEqual(new Array(12).fill(Infinity));
    expect(Array.from(edtSquared(new Uint8Array(12), 4, 3))).toEqual(new Array(12).fill(0));
    expect(edt(new Uint8Array(0), 0, 5).length).toBe(0);
  });

  it('any nonzero byte is foreground', () => {
    expect(Array.from(edt(u8([255, 7, 0]), 1, 3))).toEqual([2, 1, 0]);
  });

  it('reuses `out` without leaking the previous result', () => {
    const out = new Float64Array(6);
    edtSquared(new Uint8Array(6).fill(1), 2, 3, out);
    expect(out[0]).toBe(Infinity);
    const result = edtSquared(u8([1, 1, 0, 1, 1, 1]), 2, 3, out);
    expect(result).toBe(out);
    expect(Array.from(out)).toEqual([4, 1, 0, 5, 2, 1]);
  });

  it('rejects mismatched shapes', () => {
    expect(() => edtSquared(new Uint8Array(5), 2, 3)).toThrow(RangeError);
    expect(() => edtSquared(new Uint8Array(6), 2, 3, new Float64Array(5))).toThrow(RangeError);
  });

  it('matches brute force on random masks', () => {
    fc.assert(
      fc.property(maskArb, ({ h, w, mask }) => {
        expectAllClose(edt(mask, h, w), bruteEdt(mask, h, w));
        // Squared distances are small integers: exact.
        expect(Array.from(edtSquared(mask, h, w))).toEqual(bruteEdt(mask, h, w, true));
      }),
      RUNS,
    );
  });

  it('matches brute force with only a few zero pixels', () => {
    fc.assert(
      fc.property(fewZerosArb, ({ h, w, mask }) => {
        expect(Array.from(edtSquared(mask, h, w))).toEqual(bruteEdt(mask, h, w, true));
      }),
      RUNS,
    );
  });

  it('matches brute force after a wider image grew the scratch', () => {
    fc.assert(
      fc.property(maskArb, ({ h, w, mask }) => {
        edtSquared(new Uint8Array(40), 1, 40);
        expectAllClose(edt(mask, h, w), bruteEdt(mask, h, w));
      }),
      { numRuns: 50 },
    );
  });
});

describe('binaryMask', () => {
  it('is strictly greater than the threshold', () => {
    expect(Array.from(binaryMask([0, 0.5, 0.5000001, 1, NaN], 0.5))).toEqual([0, 0, 1, 1, 0]);
    expect(Array.from(binaryMask(new Float32Array([0.2, 0.3]), 0.25))).toEqual([0, 1]);
  });
});

describe('contour', () => {
  it('a full 3x4 mask: its border ring (image edge counts as background)', () => {
    expect(Array.from(contour(new Uint8Array(12).fill(1), 3, 4))).toEqual([1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('a 3x3 square inside 5x5: the 8-pixel ring, not the centre', () => {
    const mask = new Uint8Array(25);
    for (let y = 1; y <= 3; y++) for (let x = 1; x <= 3; x++) mask[y * 5 + x] = 1;
    const edge = contour(mask, 5, 5);
    expect(edge.reduce((a, b) => a + b, 0)).toBe(8);
    expect(edge[12]).toBe(0);
  });

  it('1xN: every foreground pixel is contour', () => {
    expect(Array.from(contour(u8([1, 1, 0, 1]), 1, 4))).toEqual([1, 1, 0, 1]);
  });

  it('matches brute force on random masks', () => {
    fc.assert(
      fc.property(maskArb, ({ h, w, mask }) => {
        expect(Array.from(contour(mask, h, w))).toEqual(bruteContour(mask, h, w));
      }),
      RUNS,
    );
  });
});

describe('distanceField', () => {
  it('1x5 [0,0,1,1,1]: edt(m) = [0,0,1,2,3], edt(1-m) = [2,1,0,0,0]', () => {
    expect(Array.from(distanceField(u8([0, 0, 1, 1, 1]), 1, 5))).toEqual([2, 1, 1, 2, 3]);
  });

  it('squared: 1x5 [0,0,1,1,1] -> [4,1,1,4,9]; reuses `out`', () => {
    const out = new Float64Array(5).fill(7);
    expect(distanceFieldSquared(u8([0, 0, 1, 1, 1]), 1, 5, out)).toBe(out);
    expect(Array.from(out)).toEqual([4, 1, 1, 4, 9]);
    distanceFieldSquared(new Uint8Array(5), 1, 5, out);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0]);
  });

  it('all zeros for empty and full masks', () => {
    expect(Array.from(distanceField(new Uint8Array(6), 2, 3))).toEqual(new Array(6).fill(0));
    expect(Array.from(distanceField(new Uint8Array(6).fill(1), 2, 3))).toEqual(new Array(6).fill(0));
  });

  it('matches brute force on random masks', () => {
    fc.assert(
      fc.property(maskArb, ({ h, w, mask }) => {
        expectAllClose(distanceField(mask, h, w), bruteField(mask, h, w));
        const inside2 = bruteEdt(mask, h, w, true);
        const outside2 = bruteEdt(complement(mask), h, w, true);
        const squared = isTrivial(mask) ? inside2.map(() => 0) : inside2.map((d, i) => d + outside2[i]!);
        expect(Array.from(distanceFieldSquared(mask, h, w))).toEqual(squared);
      }),
      RUNS,
    );
  });
});

describe('contourPenaltyMap', () => {
  it('1x7 [1,1,1,0,0,0,0]: d+ = 3,2,1 (D+ = 3); d- = 1,2,3,4 (D- = 4)', () => {
    // fg: (3-3)/2 = 0, (3-2)/2 = 0.5, (3-1)/2 = 1; bg: (4-1)/3 = 1, 2/3, 1/3, 0
    expectAllClose(contourPenaltyMap(u8([1, 1, 1, 0, 0, 0, 0]), 1, 7), [0, 0.5, 1, 1, 2 / 3, 1 / 3, 0]);
  });

  it('a side that is all contour (D = 1) gets 1', () => {
    // fg d+ = 1,2,2,1 (D+ = 2): 1,0,0,1; bg pixels both at d- = 1, D- = 1: 1
    expectAllClose(contourPenaltyMap(u8([0, 1, 1, 1, 1, 0]), 1, 6), [1, 1, 0, 0, 1, 1]);
  });

  it('0 everywhere for empty and full masks', () => {
    expect(Array.from(contourPenaltyMap(new Uint8Array(4), 2, 2))).toEqual([0, 0, 0, 0]);
    expect(Array.from(contourPenaltyMap(new Uint8Array(4).fill(1), 2, 2))).toEqual([0, 0, 0, 0]);
  });

  it('matches brute force on random masks', () => {
    fc.assert(
      fc.property(maskArb, ({ h, w, mask }) => {
        expectAllClose(contourPenaltyMap(mask, h, w), brutePhi(mask, h, w));
      }),
      RUNS,
    );
  });
});

describe('squaredDistanceToForeground', () => {
  it('is the squared EDT of the complement; Infinity with no site', () => {
    expect(Array.from(squaredDistanceToForeground(u8([0, 1, 0, 0]), 1, 4))).toEqual([1, 0, 1, 4]);
    expect(Array.from(squaredDistanceToForeground(new Uint8Array(3), 3, 1))).toEqual([Infinity, Infinity, Infinity]);
  });
});

describe('meanContourDistance', () => {
  it('1x7: predicted contour {5,6}, ground-truth contour {0,1}: (4 + 5) / 2 = 4.5', () => {
    expect(meanContourDistance(u8([0, 0, 0, 0, 0, 1, 1]), u8([1, 1, 0, 0, 0, 0, 0]), 1, 7)).toBe(4.5);
  });

  it('identical masks: 0', () => {
    const mask = u8([0, 1, 1, 0, 1, 1, 0, 0, 0]);
    expect(meanContourDistance(mask, mask, 3, 3)).toBe(0);
  });

  it('0 when either contour is empty', () => {
    expect(meanContourDistance(new Uint8Array(4), u8([1, 0, 0, 0]), 2, 2)).toBe(0);
    expect(meanContourDistance(u8([1, 0, 0, 0]), new Uint8Array(4), 2, 2)).toBe(0);
  });

  it('matches brute force on random mask pairs', () => {
    fc.assert(
      fc.property(maskPairArb, ({ h, w, a, b }) => {
        const actual = meanContourDistance(a, b, h, w);
        expect(Math.abs(actual - bruteMeanContourDistance(a, b, h, w))).toBeLessThanOrEqual(1e-12);
      }),
      RUNS,
    );
  });
});

describe('IncrementalDistanceField', () => {
  /** A start mask and a sequence of box edits (set or clear), as brush dabs and fills make them. */
  const editsArb = fc
    .record({ h: fc.integer({ min: 1, max: 12 }), w: fc.integer({ min: 1, max: 12 }) })
    .chain(({ h, w }) =>
      fc.record({
        h: fc.constant(h),
        w: fc.constant(w),
        start: fc.uint8Array({ minLength: h * w, maxLength: h * w, max: 1 }),
        edits: fc.array(
          fc.record({
            y0: fc.nat(h - 1),
            x0: fc.nat(w - 1),
            dy: fc.integer({ min: 1, max: h }),
            dx: fc.integer({ min: 1, max: w }),
            value: fc.constantFrom(0, 1, 2), // 2: flip each pixel
          }),
          { maxLength: 8 },
        ),
      }),
    );

  it('equals a full transform after every edit, bit for bit (empty and full masks included)', () => {
    fc.assert(
      fc.property(editsArb, ({ h, w, start, edits }) => {
        const field = new IncrementalDistanceField(h, w);
        const mask = Uint8Array.from(start);
        expect(Array.from(field.update(mask))).toEqual(Array.from(distanceFieldSquared(mask, h, w)));
        for (const e of edits) {
          for (let y = e.y0; y < Math.min(h, e.y0 + e.dy); y++) {
            for (let x = e.x0; x < Math.min(w, e.x0 + e.dx); x++)
              mask[y * w + x] = e.value === 2 ? 1 - mask[y * w + x]! : e.value;
          }
          expect(Array.from(field.update(mask))).toEqual(Array.from(distanceFieldSquared(mask, h, w)));
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('re-uses its state across a 256 × 256 stroke and stays exact', () => {
    const n = 256;
    const mask = new Uint8Array(n * n);
    for (let y = 60; y < 180; y++) for (let x = 50; x < 200; x++) mask[y * n + x] = 1;
    const field = new IncrementalDistanceField(n, n);
    field.update(mask);
    for (let k = 0; k < 12; k++) {
      const cx = 20 + 19 * k;
      const cy = 40 + 13 * k;
      for (let y = cy - 6; y < cy + 6; y++) for (let x = cx - 6; x < cx + 6; x++) mask[y * n + x] = k % 2;
      expect(Array.from(field.update(mask))).toEqual(Array.from(distanceFieldSquared(mask, n, n)));
    }
  });

  it('24 × 40 and 40 × 24 grids: full transforms equal brute force, incremental ones equal full ones after dabs', () => {
    for (const [h, w] of [
      [24, 40],
      [40, 24],
    ] as const) {
      const mask = new Uint8Array(h * w);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          mask[y * w + x] = (x - w / 3) ** 2 + (y - h / 2) ** 2 < 40 || (x > w - 6 && y < 4) ? 1 : 0;
      expect(Array.from(edtSquared(mask, h, w))).toEqual(bruteEdt(mask, h, w, true));
      expectAllClose(distanceField(mask, h, w), bruteField(mask, h, w));
      const field = new IncrementalDistanceField(h, w);
      expect(Array.from(field.update(mask))).toEqual(Array.from(distanceFieldSquared(mask, h, w)));
      for (let k = 0; k < 6; k++) {
        const cx = 3 + ((k * 7) % (w - 6));
        const cy = 3 + ((k * 5) % (h - 6));
        for (let y = cy - 2; y < cy + 2; y++) for (let x = cx - 3; x < cx + 3; x++) mask[y * w + x] = k % 2;
        expect(Array.from(field.update(mask))).toEqual(Array.from(distanceFieldSquared(mask, h, w)));
      }
    }
  });
});
