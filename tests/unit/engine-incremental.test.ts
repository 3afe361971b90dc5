/**
 * The host path keeps per-pixel terms, distance transforms and local statistics across predictions and
 * updates them where a prediction changed. A stroke of dabs must give, at every step, the bits a fresh
 * engine (nothing kept) gives: values, gradient maps (both spaces) and sweeps of every device parameter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';
import { LOSS_IDS } from '../../src/core/registry.ts';
import type { ParamsByLoss } from '../../src/core/types.ts';

tf.enableProdMode();

const PARAMS: ParamsByLoss = {
  focal: { gamma: 2.5 },
  exp_log: { gamma_cross: 0.7 },
  hausdorff_dt: { alpha: 1.5 },
  structural: { window: 5 },
};

describe('host path: kept terms equal a fresh engine after every dab', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  const strokeArb = fc
    .record({ h: fc.integer({ min: 2, max: 16 }), w: fc.integer({ min: 2, max: 16 }), soft: fc.boolean() })
    .chain(({ h, w, soft }) =>
      fc.record({
        h: fc.constant(h),
        w: fc.constant(w),
        g: fc.array(soft ? fc.double({ min: 0, max: 1, noNaN: true }) : fc.constantFrom(0, 1), {
          minLength: h * w,
          maxLength: h * w,
        }),
        p: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: h * w, maxLength: h * w }),
        dabs: fc.array(
          fc.record({
            y0: fc.nat(h - 1),
            x0: fc.nat(w - 1),
            size: fc.integer({ min: 1, max: 4 }),
            value: fc.constantFrom(0, 0.1, 0.5, 0.9, 1, 0.37),
          }),
          { minLength: 1, maxLength: 6 },
        ),
      }),
    );

  it('values, maps and sweeps', () => {
    const kept = new LossEngine({ path: 'host' });
    fc.assert(
      fc.property(strokeArb, ({ h, w, g, p, dabs }) => {
        const target = Float32Array.from(g, Math.fround);
        const pred = Float32Array.from(p, Math.fround);
        kept.setTarget(target, h, w);
        kept.evaluate(pred, PARAMS, { gradient: 'prob' });
        for (const [k, d] of dabs.entries()) {
          for (let y = d.y0; y < Math.min(h, d.y0 + d.size); y++)
            for (let x = d.x0; x < Math.min(w, d.x0 + d.size); x++) pred[y * w + x] = Math.fround(d.value);
          const fresh = new LossEngine({ path: 'host' });
          fresh.setTarget(target, h, w);
          const space = k % 2 ? 'logit' : 'prob';
          const a = kept.evaluate(pred, PARAMS, { gradient: space });
          const b = fresh.evaluate(pred, PARAMS, { gradient: space });
          for (const id of LOSS_IDS) {
            expect(a.values[id], id).toBe(b.values[id]);
            expect(Array.from(a.gradients[id] ?? []), id).toEqual(Array.from(b.gradients[id] ?? []));
          }
          const gammas = [0, 0.5, 1, 1.5, 2, 2.2];
          expect(Array.from(kept.sweep('focal', 'gamma', gammas, pred))).toEqual(
            Array.from(fresh.sweep('focal', 'gamma', gammas, pred)),
          );
          expect(Array.from(kept.sweep('exp_log', 'gamma_cross', [0.1, 0.3, 0.5, 0.7], pred))).toEqual(
            Array.from(fresh.sweep('exp_log', 'gamma_cross', [0.1, 0.3, 0.5, 0.7], pred)),
          );
          expect(Array.from(kept.sweep('hausdorff_dt', 'alpha', [0.5, 1, 1.5, 2], pred))).toEqual(
            Array.from(fresh.sweep('hausdorff_dt', 'alpha', [0.5, 1, 1.5, 2], pred)),
          );
          fresh.dispose();
        }
      }),
      { numRuns: 60, seed: 42 },
    );
    kept.dispose();
  });
});
