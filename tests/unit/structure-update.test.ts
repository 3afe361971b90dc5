/**
 * The structural loss's local statistics updated where a change reaches equal a whole-grid pass bit for
 * bit (the host path keeps them across brush dabs), for every window size.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { localStructure, updateLocalStructure } from '../../src/core/losses/structural.ts';

describe('updateLocalStructure', () => {
  const arb = fc
    .record({ h: fc.integer({ min: 1, max: 14 }), w: fc.integer({ min: 1, max: 14 }), k: fc.constantFrom(3, 5, 7) })
    .chain(({ h, w, k }) =>
      fc.record({
        h: fc.constant(h),
        w: fc.constant(w),
        k: fc.constant(k),
        start: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: h * w, maxLength: h * w }),
        edits: fc.array(
          fc.record({
            y0: fc.nat(h - 1),
            x0: fc.nat(w - 1),
            dy: fc.integer({ min: 1, max: h }),
            dx: fc.integer({ min: 1, max: w }),
            value: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { maxLength: 6 },
        ),
      }),
    );

  it('equals localStructure after every box edit', () => {
    fc.assert(
      fc.property(arb, ({ h, w, k, start, edits }) => {
        const x = Float32Array.from(start);
        const arrays = Array.from({ length: 6 }, () => new Float64Array(h * w));
        updateLocalStructure(x, h, w, k, 0.01, arrays, { y0: 0, y1: h, x0: 0, x1: w });
        for (const e of edits) {
          const box = { y0: e.y0, y1: Math.min(h, e.y0 + e.dy), x0: e.x0, x1: Math.min(w, e.x0 + e.dx) };
          for (let y = box.y0; y < box.y1; y++) for (let xx = box.x0; xx < box.x1; xx++) x[y * w + xx] = e.value;
          updateLocalStructure(x, h, w, k, 0.01, arrays, box);
          const whole = localStructure(x, h, w, k, 0.01);
          expect(Array.from(arrays[3]!)).toEqual(Array.from(whole.mean));
          expect(Array.from(arrays[4]!)).toEqual(Array.from(whole.sigma));
          expect(Array.from(arrays[5]!)).toEqual(Array.from(whole.b));
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});
