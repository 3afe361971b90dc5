/**
 * Out and back in: a painted scene exported as PNG / .npy and imported again gives identical values and
 * identical losses; the exported eval case file reproduces the engine's values; CSV and JSON agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';
import { LOSS_IDS, defaultParams } from '../../src/core/registry.ts';
import type { LossId, ParamSet } from '../../src/core/types.ts';
import { buildPreset } from '../../src/scene/presets.ts';
import { LEVELS, quantizeValue } from '../../src/scene/levels.ts';
import { quantizePrediction, quantizeTarget } from '../../src/scene/levels.ts';
import { validateInput } from '../../src/cli/validate.ts';
import { runCases } from '../../src/cli/run.ts';
import { LEVEL_VALUES, toLevel } from '../../src/io/levels.ts';
import { encodeLayerPng, encodePlaneNpy } from '../../src/io/encode.ts';
import { readLayer } from '../../src/io/load.ts';
import type { ReadLayerOptions } from '../../src/io/load.ts';
import { sceneCaseFile } from '../../src/io/caseFile.ts';
import { METRIC_KEYS, reportCsv, reportJson } from '../../src/io/report.ts';
import type { SceneReport } from '../../src/io/report.ts';
import { fitToScene, resizePlane } from '../../src/io/resample.ts';
import { parseNpy } from '../../src/io/npy.ts';
import { planeFromNpy } from '../../src/io/npyPlane.ts';
import type { Plane } from '../../src/io/types.ts';

interface TestScene {
  name: string;
  target: Plane;
  pred: Plane;
}

/** A rectangular scene as the page holds it: binary target, prediction on the 8-bit levels. */
function rectangularScene(height: number, width: number, seed: number): TestScene {
  let s = seed;
  const rand = (): number => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const target = Float32Array.from({ length: height * width }, (_, i) =>
    ((i % width) - width / 2) ** 2 + (Math.floor(i / width) - height / 2) ** 2 < (height * width) / 8 ? 1 : 0,
  );
  const pred = quantizePrediction(Float32Array.from(target, (g) => Math.min(1, Math.max(0, 0.7 * g + 0.3 * rand()))));
  return { name: `${height} × ${width}`, target: { height, width, data: target }, pred: { height, width, data: pred } };
}

function presetScene(id: string, size: number): TestScene {
  const s = buildPreset(id, size);
  return {
    name: `${id} ${size}`,
    target: { height: s.height, width: s.width, data: quantizeTarget(s.target) },
    pred: { height: s.height, width: s.width, data: quantizePrediction(s.pred) },
  };
}

const SCENES: TestScene[] = [presetScene('uncertain', 64), presetScene('blurred_gt', 64), rectangularScene(37, 53, 7)];

function read(bytes: Uint8Array, role: 'target' | 'pred', options: ReadLayerOptions = {}): Plane {
  const r = readLayer(bytes, `scene.${role}`, role, options);
  if (!r.ok) throw new Error(r.message);
  expect(r.layer.resampledFrom).toBeNull();
  return r.layer.plane;
}

const isBinary = (p: Plane): boolean => p.data.every((v) => v === 0 || v === 1);

function sameBits(a: Plane, b: Plane): void {
  expect([a.height, a.width]).toEqual([b.height, b.width]);
  expect(
    Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(
      Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength),
    ),
  ).toBe(true);
}

const ALL_DEFAULTS = Object.fromEntries(LOSS_IDS.map((id) => [id, defaultParams(id)])) as Record<LossId, ParamSet>;

let engine: LossEngine;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  engine = new LossEngine();
});
afterAll(() => engine.dispose());

function values(target: Plane, pred: Plane): Partial<Record<LossId, number>> {
  engine.setTarget(target.data, target.height, target.width);
  return engine.evaluate(pred.data, ALL_DEFAULTS).values;
}

describe('levels', () => {
  it('are the app’s own quantisation levels', () => {
    expect(Array.from(LEVEL_VALUES)).toEqual(Array.from(LEVELS));
  });

  it('the PNG level of any value is the share codec’s quantisation (property)', () => {
    fc.assert(fc.property(fc.float({ noNaN: true }), (v) => toLevel(v) === quantizeValue(v)));
    expect([toLevel(0.3), toLevel(-1), toLevel(2), toLevel(NaN)]).toEqual([77, 0, 255, 0]);
  });

  it('any layer on the levels survives PNG exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.uint8Array({ minLength: 576, maxLength: 576 }),
        (h, w, ks) => {
          const plane = {
            height: h,
            width: w,
            data: Float32Array.from(ks.subarray(0, h * w), (k) => LEVELS[k] as number),
          };
          const back = read(encodeLayerPng(plane), 'pred');
          return back.height === h && back.width === w && back.data.every((v, i) => Object.is(v, plane.data[i]));
        },
      ),
    );
  });
});

describe.each(SCENES)('scene $name', (scene) => {
  const targetOptions: ReadLayerOptions = isBinary(scene.target) ? {} : { targetMode: { mode: 'gray' } };

  it('PNG and .npy exports read back to the same bits', () => {
    sameBits(read(encodeLayerPng(scene.target), 'target', targetOptions), scene.target);
    sameBits(read(encodeLayerPng(scene.pred), 'pred'), scene.pred);
    sameBits(read(encodePlaneNpy(scene.target), 'target'), scene.target);
    sameBits(read(encodePlaneNpy(scene.pred), 'pred'), scene.pred);
  });

  it('the re-imported scene has the same loss values', () => {
    const before = values(scene.target, scene.pred);
    const fromPng = values(
      read(encodeLayerPng(scene.target), 'target', targetOptions),
      read(encodeLayerPng(scene.pred), 'pred'),
    );
    const fromNpy = values(read(encodePlaneNpy(scene.target), 'target'), read(encodePlaneNpy(scene.pred), 'pred'));
    expect(Object.keys(before)).toHaveLength(LOSS_IDS.length);
    expect(fromPng).toEqual(before);
    expect(fromNpy).toEqual(before);
  });

  it('the eval case file reproduces every value and gradient map (to 1e-6; in fact exactly)', () => {
    const params = {
      ...ALL_DEFAULTS,
      focal: { ...ALL_DEFAULTS.focal, gamma: 3 },
      tversky: { ...ALL_DEFAULTS.tversky, fp_weight: 0.6 },
    };
    const text = sceneCaseFile({
      target: scene.target,
      pred: scene.pred,
      losses: LOSS_IDS.map((id) => ({ id, params: params[id] })),
      gradient: 'prob',
    });
    const checked = validateInput(text);
    if (!checked.ok) throw new Error(checked.errors.join('\n'));
    const results = runCases(new LossEngine(), checked.cases);
    engine.setTarget(scene.target.data, scene.target.height, scene.target.width);
    const ev = engine.evaluate(scene.pred.data, params, { gradient: 'prob' });
    for (const r of results) {
      const id = r.loss;
      const page = ev.values[id] as number;
      expect(Math.abs((r.value as number) - page), id).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(page)));
      expect(r.value, id).toBe(page);
      expect((r.grad as number[][]).flat(), id).toEqual(Array.from(ev.gradients[id] as Float32Array));
    }
  });

  it('gradient maps export as .npy exactly', () => {
    engine.setTarget(scene.target.data, scene.target.height, scene.target.width);
    const ev = engine.evaluate(scene.pred.data, ALL_DEFAULTS, { gradient: 'logit' });
    for (const id of ['dice', 'focal', 'hausdorff_dt'] as const) {
      const map = { height: scene.pred.height, width: scene.pred.width, data: ev.gradients[id] as Float32Array };
      const parsed = parseNpy(encodePlaneNpy(map), `${id}.npy`);
      const back = parsed.ok ? planeFromNpy(parsed.array, `${id}.npy`) : parsed;
      if (!back.ok) throw new Error(back.message);
      expect([back.height, back.width]).toEqual([map.height, map.width]);
      expect(Float32Array.from(back.values)).toEqual(map.data);
      if (id !== 'hausdorff_dt')
        expect(
          map.data.some((x) => x !== 0),
          id,
        ).toBe(true); // HD-DT is 0 where p = g (blurred_gt)
    }
  });

  it('CSV and JSON reports carry the same numbers', () => {
    const v = values(scene.target, scene.pred);
    const report: SceneReport = {
      height: scene.pred.height,
      width: scene.pred.width,
      losses: LOSS_IDS.map((id) => ({ id, value: v[id] as number, params: ALL_DEFAULTS[id] })),
      metrics: engine.metrics(scene.pred.data),
    };
    const json = JSON.parse(reportJson(report)) as {
      losses: { id: string; value: number; params: ParamSet }[];
      metrics: Record<string, number | null>;
    };
    const lines = reportCsv(report).trimEnd().split('\n');
    expect(lines[0]).toBe('kind,id,name,value,parameters');
    expect(lines).toHaveLength(1 + 15 + METRIC_KEYS.length);
    for (const line of lines.slice(1)) {
      const [kind, id, , value, params] = line.split(',') as [string, string, string, string, string];
      if (kind === 'loss') {
        const j = json.losses.find((l) => l.id === id);
        expect(Number(value)).toBe(j?.value);
        expect(params).toBe(
          Object.entries(j?.params ?? {})
            .map(([k, x]) => `${k}=${x}`)
            .join('; '),
        );
      } else {
        expect(value === '' ? null : Number(value)).toBe(json.metrics[id]);
      }
    }
  });
});

describe('fitting into 512 on the long side', () => {
  it('keeps a mask binary (majority) and averages probabilities over areas', () => {
    const h = 1024;
    const w = 600;
    const mask = Float32Array.from({ length: h * w }, (_, i) => (i % w < 300 ? 1 : 0));
    const fittedMask = fitToScene({ height: h, width: w, data: mask }, 'mask');
    expect(fittedMask.resampledFrom).toEqual({ height: 1024, width: 600 });
    expect([fittedMask.plane.height, fittedMask.plane.width]).toEqual([512, 300]);
    expect(fittedMask.plane.data.every((v) => v === 0 || v === 1)).toBe(true);
    expect(fittedMask.plane.data.reduce((a, b) => a + b, 0)).toBe(512 * 150);

    const checker = Float32Array.from({ length: h * w }, (_, i) => ((i % w) + Math.floor(i / w)) % 2);
    const fittedProb = fitToScene({ height: h, width: w, data: checker }, 'average');
    expect(fittedProb.plane.data.every((v) => Math.abs(v - 0.5) < 1e-6)).toBe(true);
  });

  it('resizes one layer to another shape: area average down, nearest (masks) or linear up', () => {
    const mask = { height: 2, width: 3, data: Float32Array.from([1, 0, 1, 0, 1, 0]) };
    expect(Array.from(resizePlane(mask, 4, 6, 'mask').data)).toEqual([
      1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0,
    ]);
    const ramp = { height: 1, width: 2, data: Float32Array.from([0, 1]) };
    expect(Array.from(resizePlane(ramp, 1, 4, 'average').data)).toEqual([0, 0.25, 0.75, 1]);
    // down in one axis, up in the other
    const wide = { height: 1, width: 4, data: Float32Array.from([0, 1, 1, 1]) };
    expect(Array.from(resizePlane(wide, 2, 2, 'average').data)).toEqual([0.5, 1, 0.5, 1]);
    expect(Array.from(resizePlane(wide, 2, 2, 'mask').data)).toEqual([1, 1, 1, 1]);
  });

  it('reports the resampling in the layer’s notes', () => {
    const big = { height: 700, width: 1400, data: new Float32Array(700 * 1400).fill(0.25) };
    const r = readLayer(encodePlaneNpy(big), 'big.npy', 'pred');
    expect(r.ok && [r.layer.plane.height, r.layer.plane.width, r.layer.notes]).toEqual([
      256,
      512,
      ['big.npy: 700 × 1400 resampled to 256 × 512 (area average) to fit 512 on the long side'],
    ]);
    expect(r.ok && r.layer.plane.data.every((v) => v === 0.25)).toBe(true);
  });
});
