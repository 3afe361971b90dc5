/**
 * The engine's program path (custom WebGL programs, src/core/webgl/) in Chromium's WebGL
 * (SwiftShader, float32), against the host path in this Node process (tf.js cpu backend, float64 sums):
 *
 * - the app on ?backend=webgl: the values and all 15 gradient maps on screen, for the default scene and an
 *   edited one (a non-default parameter of every loss, soft strokes), in both gradient spaces;
 * - the engine itself in a page (bundled here with esbuild): 'auto' takes the program path on webgl,
 *   moving parameters compiles no new shader, many evaluations leave the tensor count where it was, maps
 *   as tensors equal maps as arrays, non-square and one-pixel-wide grids, soft labels and every parameter
 *   at its extremes give the host path's numbers, and 16-bit float textures give finite ones.
 *
 * Tolerances. Values: 1e-5 relative (1e-7 absolute), the bound the page is held to against the eval CLI
 * (parity.test.ts); the sums are float32 row sums of float32 terms, measured within ~6e-7 of float64 here.
 * Maps: each pixel within 1e-5 of the map's largest magnitude: a float32 map of float32 terms (log, exp,
 * division) is within a few float32 ulps of the float64 one (measured ≤ 5e-7 of the maximum on the app's
 * scenes); per-pixel relative error is no measure, since affine region maps cancel to ~0 at some pixels.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';
import { LOSS_IDS } from '../../src/core/types.ts';
import { LOSSES } from '../../src/core/registry.ts';
import type { DerivativeSpace, LossId, ParamsByLoss } from '../../src/core/types.ts';
import { buildPreset, resampleScene } from '../../src/scene/index.ts';
import { quantizePrediction } from '../../src/scene/levels.ts';
import { settle, useHarness } from './harness.ts';
import { EDITS, editScene, mismatches } from './support.ts';
import type { ExplorerApi, Values } from './support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const REL = 1e-5;
const ABS = 1e-7;
const MAP_TOL = 1e-5;

const h = useHarness();

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

interface Scene {
  height: number;
  width: number;
  target: number[];
  pred: number[];
}

interface Shown extends Scene {
  params: ParamsByLoss;
  space: DerivativeSpace;
  values: Values;
  maps: Record<LossId, number[]>;
  /** The path the app's evaluation took (absent for the engine run alone). */
  path?: string;
  current: boolean;
}

/** The host path's evaluation of a scene, in this process. */
function onHost(scene: Scene, params: ParamsByLoss, space: DerivativeSpace) {
  const engine = new LossEngine({ path: 'host' });
  try {
    engine.setTarget(scene.target, scene.height, scene.width);
    return engine.evaluate(scene.pred, params, { gradient: space });
  } finally {
    engine.dispose();
  }
}

/** Pixels of a map further than MAP_TOL × its largest magnitude from the reference (a few, described). */
function mapMismatches(id: string, got: ArrayLike<number> | undefined, want: Float32Array): string[] {
  if (!got || got.length !== want.length) return [`${id}: ${got?.length} values, expected ${want.length}`];
  let scale = 0;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs((got[i] as number) - (want[i] as number));
    if (!(d <= MAP_TOL * scale)) bad.push(`${id}[${i}]: ${got[i]} vs ${want[i]} (scale ${scale})`);
  }
  return bad.slice(0, 3);
}

function compare(shown: Shown): string[] {
  const ref = onHost(shown, shown.params, shown.space);
  const off = mismatches(shown.values, ref.values as Values, REL, ABS);
  for (const id of LOSS_IDS) off.push(...mapMismatches(id, shown.maps[id], ref.gradients[id] as Float32Array));
  return off;
}

async function shownEvaluation(page: Page): Promise<Shown> {
  await settle(page);
  return page.evaluate(
    (ids) => {
      const s = (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer.store.getState();
      const r = s.results;
      if (!r) throw new Error('no results yet');
      const maps: Record<string, number[]> = {};
      for (const id of ids) maps[id] = Array.from(r.gradients[id as 'bce'] ?? []);
      return {
        height: r.height,
        width: r.width,
        target: Array.from(r.target),
        pred: Array.from(r.pred),
        params: r.params,
        space: r.space,
        values: r.values as Values,
        maps: maps as Record<LossId, number[]>,
        path: r.path,
        current: r.sceneRev === s.sceneRev && r.params === s.params && r.space === s.gradientSpace,
      };
    },
    [...LOSS_IDS],
  );
}

async function setSpace(page: Page, space: DerivativeSpace): Promise<Shown> {
  await page.evaluate(
    (sp) => (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer.store.getState().setGradientSpace(sp),
    space,
  );
  const shown = await shownEvaluation(page);
  expect(shown.current).toBe(true);
  expect(shown.space).toBe(space);
  // The app's own evaluation, in its worker, took the program path.
  expect(shown.path).toBe('program');
  return shown;
}

describe('the program path on WebGL gives the host path’s numbers', () => {
  it('in the app: values and all 15 maps, default and edited scenes, both gradient spaces', async () => {
    const { page, context, errors } = await h.open('?backend=webgl');
    const badge = page.getByRole('button', { name: 'Backend', exact: true });
    expect((await badge.textContent())?.trim()).toBe('webgl');
    await settle(page);
    await badge.click();
    const details = page.getByRole('dialog', { name: 'Backend details' });
    await expect.poll(() => details.textContent()).toContain('How: two custom WebGL programs');
    await badge.click();
    const plain = { prob: await setSpace(page, 'prob'), logit: await setSpace(page, 'logit') };

    await page.evaluate(() =>
      (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer.store.getState().setGradientSpace('prob'),
    );
    await editScene(page);
    const edited = { prob: await setSpace(page, 'prob'), logit: await setSpace(page, 'logit') };
    for (const [id, key, v] of EDITS) expect(edited.prob.params[id]?.[key], `${id}.${key}`).toBe(v);
    expect(edited.prob.target).not.toEqual(plain.prob.target);

    for (const shown of [plain.prob, plain.logit, edited.prob, edited.logit])
      expect(compare(shown), `${shown.space}`).toEqual([]);
    // The maps of the two spaces differ (the logit view is not the prob view twice).
    expect(plain.logit.maps.bce).not.toEqual(plain.prob.maps.bce);

    // Many evaluations (a slider dragged) leave the worker's tensor count where it was.
    const memory = () =>
      page.evaluate(() => (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer.memory());
    const drag = async (from: number) => {
      for (let k = 0; k < 8; k++) {
        await page.evaluate(
          (gamma) =>
            (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer.store
              .getState()
              .setParam('focal', 'gamma', gamma),
          from + 0.25 * k,
        );
        await settle(page);
      }
    };
    await drag(0.5);
    const before = (await memory()).numTensors;
    await drag(1.5);
    expect((await memory()).numTensors).toBe(before);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** The engine and tf.js as one script for a page (the app's worker keeps its engine to itself). */
async function engineScript(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `export { LossEngine } from './src/core/engine.ts'; export { tf } from './src/core/tf.ts';`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: '__engine',
    platform: 'browser',
    write: false,
    logLevel: 'error',
    // The wasm backend's glue names Node modules on a branch the browser never takes.
    external: ['fs', 'path', 'os', 'crypto', 'worker_threads', 'perf_hooks', 'util'],
  });
  return out.outputFiles[0]!.text;
}

interface EngineGlobal {
  __engine: { LossEngine: typeof LossEngine; tf: typeof tf };
}

describe('the engine on WebGL', () => {
  it('takes the program path, compiles nothing when parameters move, and keeps its tensor count', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!doctype html><title>engine</title>');
    await page.addScriptTag({ content: await engineScript() });

    const s = buildPreset('one_missed', 96);
    const scene: Scene = {
      height: s.height,
      width: s.width,
      target: Array.from(s.target),
      pred: Array.from(quantizePrediction(s.pred)),
    };
    const gammas = [0.5, 1, 2.5, 3.75, 5];
    const run = await page.evaluate(
      async ({ scene, gammas }) => {
        const { LossEngine, tf } = (window as unknown as EngineGlobal).__engine;
        if (!(await tf.setBackend('webgl'))) throw new Error('no webgl');
        const cache = (tf.backend() as unknown as { binaryCache: object }).binaryCache;
        const compiled = () => Object.keys(cache).length;
        const engine = new LossEngine();
        engine.setTarget(scene.target, scene.height, scene.width);
        const evaluate = (params: ParamsByLoss) =>
          engine.evaluate(scene.pred, params, { gradient: 'logit' }) as ReturnType<LossEngine['evaluate']>;
        const first = evaluate({});
        const warm = { compiled: compiled(), tensors: tf.memory().numTensors };
        const focal: number[] = [];
        for (const gamma of gammas) {
          const params = {
            focal: { gamma },
            exp_log: { gamma_cross: gamma / 5 },
            hausdorff_dt: { alpha: 0.5 + gamma / 2 },
            tversky: { fp_weight: gamma / 10 },
            bce: { eps: 1e-7 * (1 + gamma) },
          };
          focal.push(evaluate(params).values.focal as number);
          for (let k = 0; k < 4; k++) evaluate(params);
        }
        const after = { compiled: compiled(), tensors: tf.memory().numTensors };
        // Maps as tensors (the caller owns them) equal maps as arrays.
        const asTensors = engine.evaluate(scene.pred, {}, { gradient: 'logit', output: 'tensor' });
        const tensorMaps = Object.values(asTensors.gradientTensors).length;
        const sameMaps = Object.entries(asTensors.gradientTensors).every(([id, t]) => {
          const a = t!.dataSync();
          const b = first.gradients[id as 'bce']!;
          return a.length === b.length && a.every((v, i) => v === b[i]);
        });
        for (const t of Object.values(asTensors.gradientTensors)) t!.dispose();
        const afterTensors = tf.memory().numTensors;
        // The device path (tf.js kernels), still there when forced: the reference the benchmarks compare with.
        const device = new LossEngine({ path: 'device' });
        device.setTarget(scene.target, scene.height, scene.width);
        const onDevice = device.evaluate(scene.pred, {}, { gradient: 'logit' });
        device.dispose();
        return {
          path: engine.activePath,
          evaluatedBy: first.path,
          values: first.values,
          warm,
          after,
          focal,
          tensorMaps,
          sameMaps,
          afterTensors,
          deviceValues: onDevice.values,
          devicePath: onDevice.path,
          float32: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
        };
      },
      { scene, gammas },
    );
    expect(run.path).toBe('program');
    expect(run.evaluatedBy).toBe('program');
    expect(run.float32).toBe(true);
    expect(mismatches(run.values as Values, onHost(scene, {}, 'logit').values as Values, REL, ABS)).toEqual([]);
    // γ took effect every time, and no shader was compiled for it.
    expect(new Set(run.focal).size).toBe(gammas.length);
    expect(run.after.compiled).toBe(run.warm.compiled);
    expect(run.after.tensors).toBe(run.warm.tensors);
    expect(run.tensorMaps).toBe(LOSS_IDS.length);
    expect(run.sameMaps).toBe(true);
    expect(run.afterTensors).toBe(run.warm.tensors);
    expect(run.devicePath).toBe('device');
    expect(mismatches(run.deviceValues as Values, run.values as Values, REL, ABS)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps every value and map finite on 16-bit float textures, within half precision of the host path', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.setContent('<!doctype html><title>engine</title>');
    await page.addScriptTag({ content: await engineScript() });
    const s = buildPreset('one_missed', 128);
    const scene: Scene = {
      height: s.height,
      width: s.width,
      target: Array.from(s.target),
      pred: Array.from(quantizePrediction(s.pred)),
    };
    const run = await page.evaluate(async (scene) => {
      const { LossEngine, tf } = (window as unknown as EngineGlobal).__engine;
      // As on a GPU without float32 render targets (set before the backend starts).
      tf.env().set('WEBGL_RENDER_FLOAT32_ENABLED', false);
      if (!(await tf.setBackend('webgl'))) throw new Error('no webgl');
      const engine = new LossEngine();
      engine.setTarget(scene.target, scene.height, scene.width);
      const ev = engine.evaluate(scene.pred, {}, { gradient: 'logit' });
      const nonFinite = Object.entries(ev.gradients)
        .filter(([, m]) => !m!.every(Number.isFinite))
        .map(([id]) => id);
      return { values: ev.values as Values, maps: Object.keys(ev.gradients).length, nonFinite, path: ev.path };
    }, scene);
    expect(run.path).toBe('program');
    expect(run.maps).toBe(LOSS_IDS.length);
    expect(run.nonFinite).toEqual([]);
    // Half floats keep 11 bits: a row sum and a total stored in them are each within 2^-11 (measured ≤ 3e-4).
    expect(mismatches(run.values, onHost(scene, {}, 'logit').values as Values, 1e-3, ABS)).toEqual([]);
    await context.close();
  });

  it('gives the host path’s numbers on non-square and one-pixel-wide grids and on soft labels', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.setContent('<!doctype html><title>engine</title>');
    await page.addScriptTag({ content: await engineScript() });
    const onPage = (scene: Scene, params: ParamsByLoss, space: DerivativeSpace) =>
      page.evaluate(
        async ({ scene, params, space }) => {
          const { LossEngine, tf } = (window as unknown as EngineGlobal).__engine;
          if (!(await tf.setBackend('webgl'))) throw new Error('no webgl');
          const engine = new LossEngine({ path: 'program' });
          engine.setTarget(scene.target, scene.height, scene.width);
          const ev = engine.evaluate(scene.pred, params, { gradient: space });
          engine.dispose();
          const maps: Record<string, number[]> = {};
          for (const [id, m] of Object.entries(ev.gradients)) maps[id] = Array.from(m!);
          return { values: ev.values as Values, maps: maps as Record<LossId, number[]> };
        },
        { scene, params, space },
      );
    const sceneOf = (s: ReturnType<typeof buildPreset>): Scene => ({
      height: s.height,
      width: s.width,
      target: Array.from(s.target),
      pred: Array.from(quantizePrediction(s.pred)),
    });
    // Non-square grids, grids of one row or column (the shaders' loops and samplers at their edges) and an
    // all-foreground ground truth (sensitivity–specificity's weights 1 and 10⁵, which c0 + cg g in float32
    // would cancel).
    const line = (height: number, width: number): Scene => ({
      height,
      width,
      target: Array.from({ length: height * width }, (_, i) => (i % 3 === 0 ? 1 : 0)),
      pred: Array.from({ length: height * width }, (_, i) => Math.fround(((i * 37) % 101) / 100)),
    });
    const scenes: [string, Scene][] = [
      ['40×72', sceneOf(resampleScene(buildPreset('uncertain', 72), { height: 40, width: 72 }))],
      ['72×40', sceneOf(resampleScene(buildPreset('uncertain', 72), { height: 72, width: 40 }))],
      ['1×1', line(1, 1)],
      ['1×9', line(1, 9)],
      ['9×1', line(9, 1)],
      ['all foreground', sceneOf(buildPreset('all_foreground', 48))],
    ];
    for (const [name, scene] of scenes) {
      for (const space of ['prob', 'logit'] as const) {
        const shown = await onPage(scene, {}, space);
        const off = compare({ ...scene, ...shown, params: {}, space, current: true });
        expect(off, `${name} ${space}`).toEqual([]);
      }
    }
    // Every numeric parameter at its minimum, its maximum and the smallest positive double it allows, on
    // degenerate scenes: region coefficients of 0/0 and 1e300 sizes, the clamps of float32Finite.
    const extreme = (which: 'min' | 'max' | 'tiny'): ParamsByLoss =>
      Object.fromEntries(
        LOSSES.map((l) => [
          l.id,
          Object.fromEntries(
            l.params.flatMap((p) =>
              p.kind === 'number'
                ? [[p.key, which === 'min' ? p.min : which === 'max' ? p.max : Math.max(p.min, 5e-324)]]
                : [],
            ),
          ),
        ]),
      );
    for (const preset of ['empty', 'perfect', 'all_foreground']) {
      const scene = sceneOf(buildPreset(preset, 32));
      for (const which of ['min', 'max', 'tiny'] as const) {
        const params = extreme(which);
        const shown = await onPage(scene, params, 'logit');
        expect(compare({ ...scene, ...shown, params, space: 'logit', current: true }), `${preset} ${which}`).toEqual(
          [],
        );
      }
    }
    // A blurred ground truth (soft labels) with confident pixels: ℓ near 1e-7 under the exp-log's ℓ^0.3,
    // where the GPU's log of numbers near 1 was 1e-3 off (glsl.ts). Values only: its near-perfect CE maps
    // in logit space are q − g written as a difference of two terms, float32 cancellation beyond MAP_TOL.
    const blurred = sceneOf(buildPreset('blurred_gt', 96));
    for (const params of [{}, { exp_log: { w_dice: 0, gamma_cross: 0.3 } }]) {
      const shown = await onPage(blurred, params, 'prob');
      expect(mismatches(shown.values, onHost(blurred, params, 'prob').values as Values, REL, ABS)).toEqual([]);
    }
    await context.close();
  });
});
