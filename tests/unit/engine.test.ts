/**
 * The engine against the independent float64 reference (tests/reference), on every path: the tf.js
 * device path on the cpu and the wasm backend, and the host path (typed-array passes): values, gradient
 * maps (against finite differences), identities, the paper tables, extreme scenes, sweeps and memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';
import type { EnginePath } from '../../src/core/engine.ts';
import { LOSSES, LOSS_IDS, defaultParams } from '../../src/core/registry.ts';
import type { LossId, NumberParamSpec, ParamSet } from '../../src/core/types.ts';
import { referenceLoss, referenceMargin } from '../reference/losses.ts';
import { referenceGradient } from '../reference/gradient.ts';
import { referenceMetrics } from '../reference/metrics.ts';

tf.enableProdMode();

/** Every path the engine can take: tf.js kernels on each CPU backend, and the host passes. */
const PATHS: readonly { backend: 'cpu' | 'wasm'; path: Exclude<EnginePath, 'auto'> }[] = [
  { backend: 'cpu', path: 'device' },
  { backend: 'wasm', path: 'device' },
  { backend: 'cpu', path: 'host' },
];
const VALUE_RTOL = 1e-5;
const VALUE_ATOL = 1e-6;

interface Scene {
  h: number;
  w: number;
  g: Float32Array;
  p: Float32Array;
}

const f32 = (xs: number[]) => Float32Array.from(xs, Math.fround);

function expectClose(actual: number, expected: number, what: string, rtol = VALUE_RTOL, atol = VALUE_ATOL): void {
  const err = Math.abs(actual - expected);
  if (!(err <= rtol * Math.abs(expected) + atol)) {
    throw new Error(`${what}: engine ${actual} vs reference ${expected} (|Δ| = ${err.toExponential(3)})`);
  }
}

/** Random scenes: shapes up to 7 × 9 (1 × N included), binary or soft ground truth, p inside the clip. */
const sceneArb: fc.Arbitrary<Scene> = fc
  .record({
    h: fc.integer({ min: 1, max: 7 }),
    w: fc.integer({ min: 1, max: 9 }),
    soft: fc.boolean(),
    seed: fc.integer(),
  })
  .chain(({ h, w, soft }) =>
    fc
      .record({
        g: fc.array(soft ? fc.double({ min: 0, max: 1, noNaN: true }) : fc.constantFrom(0, 1), {
          minLength: h * w,
          maxLength: h * w,
        }),
        p: fc.array(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { minLength: h * w, maxLength: h * w }),
      })
      .map(({ g, p }) => ({ h, w, g: f32(g), p: f32(p) })),
  );

/** Random parameters inside each slider's range (eps left at its default). */
function paramsArb(id: LossId): fc.Arbitrary<ParamSet> {
  const parts: Record<string, fc.Arbitrary<number | boolean | null>> = {};
  for (const spec of LOSSES.find((l) => l.id === id)?.params ?? []) {
    if (spec.key === 'eps') continue;
    if (spec.kind === 'boolean') parts[spec.key] = fc.boolean();
    else parts[spec.key] = numberArb(spec);
  }
  return fc.record(parts) as fc.Arbitrary<ParamSet>;
}

/**
 * Values a person can set: inside the range, with tiny non-zero numbers (subnormal smoothing such as
 * 5e-324, where float64 itself breaks down) mapped to 0. Degenerate values get their own test below.
 */
function numberArb(spec: NumberParamSpec): fc.Arbitrary<number | null> {
  if (spec.choices) return fc.constantFrom(...spec.choices);
  const value = fc
    .double({ min: spec.min, max: spec.max, noNaN: true })
    .map((v) => (Math.abs(v) < 1e-9 ? Math.max(0, spec.min) : v));
  if (spec.default === null || spec.nullMeaning) return fc.oneof(fc.constant(null), value);
  return value;
}

/** A rectangular scene: a box and a disc in the ground truth, a soft, shifted prediction and a far false positive. */
function rectScene(h: number, w: number): { g: Float32Array; p: Float32Array } {
  const g = new Float32Array(h * w);
  const p = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const box = y >= h * 0.2 && y < h * 0.5 && x >= w * 0.15 && x < w * 0.45;
      const disc = (y - h * 0.65) ** 2 + (x - w * 0.7) ** 2 < (Math.min(h, w) * 0.18) ** 2;
      g[y * w + x] = box || disc ? 1 : 0;
      const near = y >= h * 0.25 && y < h * 0.55 && x >= w * 0.2 && x < w * 0.5;
      const far = y < 2 && x >= w - 3;
      p[y * w + x] = Math.fround(
        near || far ? 0.8 - (0.3 * ((x + y) % 3)) / 3 : disc ? 0.55 : 0.04 + 0.02 * ((x * 5 + y) % 4),
      );
    }
  }
  return { g, p };
}

const RECT_EDITED = {
  focal: { gamma: 2.5, alpha: 0.4 },
  tversky: { fp_weight: 0.3, fn_weight: 0.7 },
  hausdorff_dt: { alpha: 1.5 },
  shape_aware: { scale: 2 },
  structural: { window: 5 },
  combo: { alpha: 0.6 },
} as const;

for (const { backend, path } of PATHS) {
  describe(`engine, ${path} path on ${backend}`, () => {
    let engine: LossEngine;
    beforeAll(async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      await tf.ready();
      expect(tf.getBackend()).toBe(backend);
      engine = new LossEngine({ path });
      expect(engine.activePath).toBe(path);
    });
    afterAll(() => engine.dispose());

    it('matches the float64 reference on a hand-made scene for every loss', () => {
      // A 4 × 5 square object with a soft, imperfect prediction.
      const h = 6,
        w = 7;
      const g = new Float32Array(h * w);
      const p = new Float32Array(h * w);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          g[y * w + x] = y >= 1 && y <= 4 && x >= 2 && x <= 5 ? 1 : 0;
          p[y * w + x] = Math.fround(0.05 + 0.9 * (((x * 7 + y * 3) % 10) / 10));
        }
      engine.setTarget(g, h, w);
      const r = engine.evaluate(p);
      for (const id of LOSS_IDS) expectClose(r.values[id] as number, referenceLoss(id, g, p, h, w, {}), id);
    });

    // Rectangular scenes as an import makes them: two objects, a soft prediction with a far false positive.
    for (const [h, w] of [
      [24, 40],
      [40, 24],
    ] as const) {
      it(`matches the float64 reference on a ${h} × ${w} scene for every loss, default and edited parameters`, () => {
        const { g, p } = rectScene(h, w);
        engine.setTarget(g, h, w);
        for (const params of [{}, RECT_EDITED] as const) {
          const r = engine.evaluate(p, params);
          for (const id of LOSS_IDS) {
            expectClose(
              r.values[id] as number,
              referenceLoss(id, g, p, h, w, params[id as keyof typeof params] ?? {}),
              `${id} on ${h}×${w}`,
            );
          }
        }
      });
    }

    it('gradient maps of a 6 × 11 scene match finite differences for every loss (∂L/∂p and ∂L/∂z)', () => {
      const h = 6,
        w = 11;
      const { g, p } = rectScene(h, w);
      engine.setTarget(g, h, w);
      for (const space of ['prob', 'logit'] as const) {
        const r = engine.evaluate(p, {}, { gradient: space });
        for (const id of LOSS_IDS) {
          const expected = referenceGradient(id, g, p, h, w, {}, space);
          const got = r.gradients[id] as Float32Array;
          expect(got.length).toBe(h * w);
          const scale = Math.max(...expected.map(Math.abs));
          for (let i = 0; i < got.length; i++) {
            const err = Math.abs((got[i] as number) - (expected[i] as number));
            if (!(err <= 2e-4 * scale + 1e-6))
              throw new Error(`${id} ${space} pixel ${i}: ${got[i]} vs ${expected[i]}`);
          }
        }
      }
    });

    for (const id of LOSS_IDS) {
      it(`${id}: values match the reference on random scenes and parameters`, () => {
        fc.assert(
          fc.property(sceneArb, paramsArb(id), ({ h, w, g, p }, params) => {
            fc.pre(referenceMargin(id, g, p, h, w, params) > 1e-4);
            const expected = referenceLoss(id, g, p, h, w, params);
            fc.pre(Number.isFinite(expected));
            engine.setTarget(g, h, w);
            const r = engine.evaluate(p, { [id]: params }, { losses: [id] });
            expectClose(r.values[id] as number, expected, `${id} ${JSON.stringify(params)} on ${h}×${w}`);
          }),
          { numRuns: 40, seed: 20261125 },
        );
      });

      it(`${id}: gradient maps match finite differences (∂L/∂p and ∂L/∂z)`, () => {
        fc.assert(
          fc.property(
            sceneArb,
            paramsArb(id),
            fc.constantFrom('prob' as const, 'logit' as const),
            ({ h, w, g, p }, params, space) => {
              fc.pre(referenceMargin(id, g, p, h, w, params) > 1e-3);
              fc.pre(Number.isFinite(referenceLoss(id, g, p, h, w, params)));
              const expected = referenceGradient(id, g, p, h, w, params, space);
              engine.setTarget(g, h, w);
              const r = engine.evaluate(p, { [id]: params }, { losses: [id], gradient: space });
              const got = r.gradients[id] as Float32Array;
              expect(got.length).toBe(h * w);
              const scale = Math.max(...expected.map(Math.abs));
              for (let i = 0; i < got.length; i++) {
                const err = Math.abs((got[i] as number) - (expected[i] as number));
                if (!(err <= 2e-4 * scale + 1e-6)) {
                  throw new Error(
                    `${id} ${space} pixel ${i}: engine ${got[i]} vs finite difference ${expected[i]} (scale ${scale})`,
                  );
                }
              }
            },
          ),
          { numRuns: 15, seed: 7 },
        );
      });
    }

    it('never returns NaN, even for degenerate parameters (subnormal smoothing, zero weights)', () => {
      const degenerate = (spec: NumberParamSpec) =>
        spec.choices
          ? fc.constantFrom(...spec.choices)
          : fc.constantFrom(spec.min, spec.max, Math.max(spec.min, 5e-324), Math.max(spec.min, 1e-300));
      for (const loss of LOSSES) {
        const parts: Record<string, fc.Arbitrary<number | boolean | null>> = {};
        for (const spec of loss.params) parts[spec.key] = spec.kind === 'boolean' ? fc.boolean() : degenerate(spec);
        fc.assert(
          fc.property(
            sceneArb,
            fc.record(parts),
            fc.constantFrom('prob' as const, 'logit' as const),
            ({ h, w, g, p }, params, space) => {
              engine.setTarget(g, h, w);
              const r = engine.evaluate(p, { [loss.id]: params as ParamSet }, { losses: [loss.id], gradient: space });
              if (Number.isNaN(r.values[loss.id])) throw new Error(`${loss.id} ${JSON.stringify(params)}: NaN value`);
              for (const x of r.gradients[loss.id] as Float32Array)
                if (Number.isNaN(x)) throw new Error(`${loss.id} ${JSON.stringify(params)}: NaN in the gradient`);
            },
          ),
          { numRuns: 25, seed: 99 },
        );
      }
    });

    it('threshold metrics match the brute-force reference, also when the cached ground-truth side is re-used', () => {
      fc.assert(
        fc.property(sceneArb, ({ h, w, g, p }) => {
          engine.setTarget(g, h, w);
          for (const pred of [p, p.map((x) => 1 - x)]) {
            const got = engine.metrics(pred);
            const want = referenceMetrics(g, pred, h, w);
            for (const key of Object.keys(want) as (keyof typeof want)[]) {
              const a = got[key];
              const b = want[key];
              if (b === null) expect(a).toBeNull();
              else expect(Math.abs((a as number) - b)).toBeLessThan(1e-12);
            }
          }
        }),
        { numRuns: 60, seed: 3 },
      );
    });

    it('identities between losses hold', () => {
      const h = 5,
        w = 6;
      const g = f32(Array.from({ length: h * w }, (_, i) => (i % 4 === 0 || i % 7 === 0 ? 1 : 0)));
      const p = f32(Array.from({ length: h * w }, (_, i) => 0.1 + (0.8 * ((i * 37) % 11)) / 11));
      engine.setTarget(g, h, w);
      const v = (id: LossId, params: ParamSet = {}) =>
        engine.evaluate(p, { [id]: params }, { losses: [id] }).values[id] as number;
      expectClose(v('focal', { gamma: 0, alpha: null }), v('bce'), 'focal γ=0, no α = BCE');
      expectClose(
        v('tversky', { fp_weight: 0.5, fn_weight: 0.5, smooth: 0.5 }),
        v('dice', { smooth: 1 }),
        'Tversky ½,½ with halved smoothing = Dice',
      );
      expectClose(v('balanced_bce', { beta: 0.5 }), v('bce') / 2, 'balanced β=½ = BCE/2');
      expectClose(v('focal_tversky', { gamma: 1 }), v('tversky'), 'focal Tversky γ=1 = Tversky');
      expectClose(v('weighted_bce', { beta: 1 }), v('bce'), 'weighted β=1 = BCE');
      // Combo(α, β = ½) = (α/2) BCE − (1 − α) DSC with DSC = 1 − Dice loss.
      expectClose(v('combo', { alpha: 0.3, beta: 0.5 }), 0.15 * v('bce') - 0.7 * (1 - v('dice')), 'combo at β = ½');
    });

    it('log-cosh Dice ≈ DL²/2 for a small Dice loss', () => {
      const n = 40;
      const g = f32(Array.from({ length: n }, (_, i) => (i < 20 ? 1 : 0)));
      const p = f32(Array.from({ length: n }, (_, i) => (i < 20 ? 0.995 : 0.004)));
      engine.setTarget(g, 1, n);
      const r = engine.evaluate(p, {}, { losses: ['dice', 'log_cosh_dice'] });
      const dl = r.values.dice as number;
      expect(dl).toBeGreaterThan(1e-4);
      expect(dl).toBeLessThan(0.01);
      expectClose(r.values.log_cosh_dice as number, (dl * dl) / 2, 'log-cosh ≈ DL²/2', 1e-4, 0);
    });

    it('reproduces the Focal loss paper, Figure 1 (values and logit gradients)', () => {
      const table: Array<[number, number[]]> = [
        [0.01, [4.60517, 4.58209, 4.55912, 4.51353, 4.37947]],
        [0.1, [2.30259, 2.18442, 2.07233, 1.86509, 1.35965]],
        [0.5, [0.69315, 0.49013, 0.34657, 0.17329, 0.02166]],
        [0.9, [0.10536, 0.03332, 0.01054, 0.00105, 0.000001]],
      ];
      const gammas = [0, 0.5, 1, 2, 5];
      engine.setTarget([1], 1, 1);
      for (const [pt, row] of table) {
        gammas.forEach((gamma, j) => {
          const v = engine.evaluate([pt], { focal: { gamma, alpha: null } }, { losses: ['focal'] }).values
            .focal as number;
          expect(Math.abs(v - (row[j] as number))).toBeLessThan(1e-5);
        });
      }
      const sig = Math.fround(1 / (1 + Math.exp(3)));
      const at = (gamma: number) =>
        (
          engine.evaluate([sig], { focal: { gamma, alpha: null } }, { losses: ['focal'], gradient: 'logit' }).gradients
            .focal as Float32Array
        )[0] as number;
      expect(Math.abs(at(0) - -0.95257)).toBeLessThan(1e-5);
      expect(Math.abs(at(2) - -1.12675)).toBeLessThan(1e-5);
    });

    it('reproduces the Focal Tversky paper, Figure 1 ((1 − TI)^(1/γ), the trained form)', () => {
      // A 1 × 2 scene with smooth 0: g = [1, 0], p = [t, 0] gives TP = t, FP = FN·0 … TI = t/(t + 0.7(1 − t)) —
      // instead choose p so that TI hits each target value exactly: with w_fp = 0, TI = TP/(TP + w_fn FN).
      const expected: Record<string, number[]> = {
        '4/3': [0.8459, 0.6817, 0.503, 0.2991, 0.1778],
        '2': [0.8944, 0.7746, 0.6325, 0.4472, 0.3162],
      };
      const tis = [0.2, 0.4, 0.6, 0.8, 0.9];
      engine.setTarget([1], 1, 1);
      for (const [label, row] of Object.entries(expected)) {
        const gamma = label === '4/3' ? 4 / 3 : 2;
        tis.forEach((ti, j) => {
          // g = 1, p = ti, w_fp = 0, w_fn = 1, smooth 0: TI = p/(p + (1 − p)) = p.
          const v = engine.evaluate(
            [ti],
            { focal_tversky: { gamma, fp_weight: 0, fn_weight: 1, smooth: 0 } },
            { losses: ['focal_tversky'] },
          ).values.focal_tversky as number;
          expect(Math.abs(v - (row[j] as number))).toBeLessThan(6e-5); // the table is rounded to 4 decimals
        });
      }
    });

    it('reproduces the log-cosh Dice values of the survey', () => {
      // g = 1, smooth 0, 1 × 1: Dice loss = 1 − 2p/(p + 1); p = (1 − DL)/(1 + DL) gives DL.
      engine.setTarget([1], 1, 1);
      for (const [dl, lc] of [
        [0.1, 0.00499],
        [0.5, 0.12011],
        [1.0, 0.43378],
      ] as const) {
        const p = (1 - dl) / (1 + dl);
        const v = engine.evaluate([p], { log_cosh_dice: { smooth: 0 } }, { losses: ['log_cosh_dice'] }).values
          .log_cosh_dice as number;
        expect(Math.abs(v - lc)).toBeLessThan(1e-5);
      }
    });

    it('gives finite values and gradients on extreme scenes', () => {
      const cases: Array<[string, number, number, number[], number[]]> = [
        ['p = 0 everywhere', 3, 4, [0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0], new Array(12).fill(0)],
        ['p = 1 everywhere', 3, 4, [0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0], new Array(12).fill(1)],
        ['empty ground truth', 3, 4, new Array(12).fill(0), [0, 0.5, 1, 0.2, 0, 0, 1, 1, 0.9, 0.1, 0, 0]],
        ['full ground truth', 3, 4, new Array(12).fill(1), [0, 0.5, 1, 0.2, 0, 0, 1, 1, 0.9, 0.1, 0, 0]],
        ['perfect binary prediction', 3, 4, [0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0], [0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]],
        ['1 × 1 foreground, p = 0', 1, 1, [1], [0]],
        ['1 × 1 background, p = 1', 1, 1, [0], [1]],
        ['empty ground truth, empty prediction', 2, 2, [0, 0, 0, 0], [0, 0, 0, 0]],
      ];
      for (const [name, h, w, g, p] of cases) {
        engine.setTarget(g, h, w);
        for (const space of ['prob', 'logit'] as const) {
          const r = engine.evaluate(p, {}, { gradient: space });
          for (const id of LOSS_IDS) {
            const v = r.values[id] as number;
            if (!Number.isFinite(v)) throw new Error(`${name}: ${id} = ${v}`);
            const grad = r.gradients[id] as Float32Array;
            for (const x of grad) if (!Number.isFinite(x)) throw new Error(`${name}: ${id} ${space} gradient has ${x}`);
          }
        }
      }
    });

    it('sweeps equal one evaluation per parameter value, for every numeric parameter', () => {
      const h = 6,
        w = 6;
      const g = f32(Array.from({ length: h * w }, (_, i) => (i % 6 > 1 && i % 6 < 5 && i > 6 && i < 30 ? 1 : 0)));
      const p = f32(Array.from({ length: h * w }, (_, i) => 0.05 + 0.9 * (((i * 13) % 17) / 17)));
      engine.setTarget(g, h, w);
      for (const loss of LOSSES) {
        for (const spec of loss.params) {
          if (spec.kind !== 'number') continue;
          const values = spec.choices ? [...spec.choices] : [spec.min, (spec.min + spec.max) / 2, spec.max];
          const swept = engine.sweep(loss.id, spec.key, values, p);
          values.forEach((v, k) => {
            const one = engine.evaluate(p, { [loss.id]: { [spec.key]: v } }, { losses: [loss.id] }).values[
              loss.id
            ] as number;
            expectClose(swept[k] as number, one, `${loss.id}.${spec.key} = ${v}`, 1e-5, 1e-6);
          });
        }
      }
    });

    it('a 2-D sweep (Tversky FP × FN weight) equals the 1-D sweeps', () => {
      const h = 5,
        w = 5;
      const g = f32(Array.from({ length: h * w }, (_, i) => (i % 3 === 0 ? 1 : 0)));
      const p = f32(Array.from({ length: h * w }, (_, i) => 0.1 + (0.8 * ((i * 7) % 5)) / 5));
      engine.setTarget(g, h, w);
      const xs = [0, 0.25, 0.5, 0.75, 1];
      const ys = [0.1, 0.7, 1];
      const grid = engine.sweep2d('tversky', 'fp_weight', xs, 'fn_weight', ys, p);
      ys.forEach((y, j) => {
        const row = engine.sweep('tversky', 'fp_weight', xs, p, { fn_weight: y });
        xs.forEach((_, i) => expect(grid[j]?.[i]).toBe(row[i]));
      });
      const focal = engine.sweep2d('focal', 'gamma', [0, 1, 2], 'alpha', [0.25, 0.75], p);
      expectClose(
        focal[1]?.[2] as number,
        engine.evaluate(p, { focal: { gamma: 2, alpha: 0.75 } }, { losses: ['focal'] }).values.focal as number,
        'focal 2-D',
      );
    });

    it('per-pixel contributions sum to the value of every pixel-wise loss', () => {
      const h = 4,
        w = 5;
      const g = f32(Array.from({ length: h * w }, (_, i) => (i % 3 === 0 ? 1 : 0)));
      const p = f32(Array.from({ length: h * w }, (_, i) => 0.1 + (0.8 * ((i * 7) % 5)) / 5));
      engine.setTarget(g, h, w);
      const values = engine.evaluate(p).values;
      let decomposable = 0;
      for (const id of LOSS_IDS) {
        const c = engine.contributions(id, p);
        if (!c) continue;
        decomposable++;
        expectClose(
          c.reduce((a, b) => a + b, 0),
          values[id] as number,
          `${id} contributions`,
        );
      }
      expect(decomposable).toBeGreaterThanOrEqual(9);
      expect(engine.contributions('dice', p)).toBeNull();
    });

    it('returns gradient tensors the caller owns, and frees everything else', () => {
      engine.setTarget([0, 1, 1, 0], 2, 2);
      engine.evaluate([0.5, 0.5, 0.5, 0.5], {}, { gradient: 'logit' }); // builds the ground-truth caches
      const before = tf.memory().numTensors;
      const r = engine.evaluate([0.2, 0.6, 0.9, 0.4], {}, { gradient: 'logit', output: 'tensor' });
      expect(Object.keys(r.gradientTensors)).toHaveLength(LOSS_IDS.length);
      expect(tf.memory().numTensors).toBe(before + LOSS_IDS.length);
      const arrays = engine.evaluate([0.2, 0.6, 0.9, 0.4], {}, { gradient: 'logit' }).gradients;
      for (const id of LOSS_IDS) {
        expect(Array.from(r.gradientTensors[id]?.dataSync() ?? [])).toEqual(Array.from(arrays[id] ?? []));
        r.gradientTensors[id]?.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    });

    it('maps only the losses asked for, with every value and the same maps as a full evaluation', () => {
      const h = 6,
        w = 11;
      const { g, p } = rectScene(h, w);
      engine.setTarget(g, h, w);
      const full = engine.evaluate(p, RECT_EDITED, { gradient: 'logit' });
      const some = ['focal', 'dice', 'hausdorff_dt'] as const;
      const part = engine.evaluate(p, RECT_EDITED, { gradient: 'logit', maps: some });
      expect(part.values).toEqual(full.values);
      expect(Object.keys(part.gradients).sort()).toEqual([...some].sort());
      for (const id of some)
        expect(Array.from(part.gradients[id] ?? []), id).toEqual(Array.from(full.gradients[id] ?? []));
      expect(Object.keys(engine.evaluate(p, RECT_EDITED, { gradient: 'prob', maps: [] }).gradients)).toHaveLength(0);
      const before = tf.memory().numTensors;
      const tensors = engine.evaluate(p, RECT_EDITED, {
        gradient: 'prob',
        maps: ['bce'],
        output: 'tensor',
      }).gradientTensors;
      expect(Object.keys(tensors)).toEqual(['bce']);
      tensors.bce?.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('tf.memory().numTensors returns to its baseline after 1,000 evaluations', async () => {
      const h = 8,
        w = 8;
      const g = f32(Array.from({ length: h * w }, (_, i) => (i % 5 < 2 ? 1 : 0)));
      engine.setTarget(g, h, w);
      engine.evaluate(
        g.map((x) => 0.5 * x + 0.25),
        {},
        { gradient: 'prob' },
      ); // caches built once
      const baseline = tf.memory().numTensors;
      for (let k = 0; k < 1000; k++) {
        const p = Float32Array.from({ length: h * w }, (_, i) => ((i * 31 + k * 17) % 97) / 97);
        const params = { focal: { gamma: (k % 50) / 10 }, hausdorff_dt: { threshold: 0.3 + (k % 5) / 10 } };
        if (k % 3 === 0) await engine.evaluateAsync(p, params, { gradient: k % 2 ? 'prob' : 'logit' });
        else engine.evaluate(p, params, { gradient: 'prob' });
        if (k % 100 === 0) {
          engine.sweep('focal', 'gamma', [0, 1, 2, 3], p);
          engine.sweep2d('tversky', 'fp_weight', [0, 0.5], 'fn_weight', [0.5, 1], p);
          engine.contributions('structural', p);
          engine.metrics(p);
        }
      }
      // Parameters that are cached with the ground truth (dg^α, structure per window) may add a few
      // kept tensors; the prediction side must add none.
      expect(tf.memory().numTensors).toBe(baseline);
    });

    it('rejects bad input with messages that say what is wrong', () => {
      expect(() => engine.setTarget([0, 1], 2, 2)).toThrow(/2 values, expected 2 × 2/);
      expect(() => engine.setTarget([0, 2, 0, 0], 2, 2)).toThrow(/target value at index 1 is 2/);
      engine.setTarget([0, 1, 1, 0], 2, 2);
      expect(() => engine.evaluate([0, Number.NaN, 0, 0])).toThrow(/prediction value at index 1 is NaN/);
      expect(() => engine.evaluate([0.5, 0.5, 0.5, 0.5], { focal: { gamma: -1 } })).toThrow(/focal.*gamma.*\[0, 5\]/);
      expect(() => engine.evaluate([0.5, 0.5, 0.5, 0.5], { dice: { gama: 1 } })).toThrow(/dice.*no parameter "gama"/);
      expect(() => engine.sweep('structural', 'window', [4], [0.5, 0.5, 0.5, 0.5])).toThrow(/window.*one of 3, 5, 7/);
    });
  });
}

describe('registry', () => {
  it('has the 15 canonical ids, in order, with defaults inside their ranges', () => {
    expect(LOSSES.map((l) => l.id)).toEqual([...LOSS_IDS]);
    expect(LOSS_IDS).toHaveLength(15);
    for (const loss of LOSSES) {
      const d = defaultParams(loss.id);
      for (const spec of loss.params) {
        if (spec.kind !== 'number') continue;
        const v = d[spec.key];
        if (v === null) expect(spec.nullMeaning).toBeTruthy();
        else expect(typeof v === 'number' && v >= spec.min && v <= spec.max).toBe(true);
      }
    }
  });
});
