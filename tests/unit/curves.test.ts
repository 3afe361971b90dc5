/**
 * Chart data (src/core/curves.ts) on tf.js's cpu backend: the two paper figures against values
 * computed from the papers' formulas, per-pixel curves against the formulas, parameter curves against single evaluations,
 * response curves' normalisation, the Tversky map against sweep2d; and the charts' pure helpers
 * (ticks, colour map, export file names) in node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';
import { LOSSES, LOSS_IDS } from '../../src/core/registry.ts';
import type { LossId, ParamSet } from '../../src/core/types.ts';
import {
  FOCAL_PAPER_GAMMAS,
  FOCAL_TVERSKY_PAPER_GAMMAS,
  PIXEL_CURVE_LOSSES,
  TVERSKY_MAP_LOSSES,
  focalPaperFigure,
  focalTverskyFigure,
  formatGamma,
  geomspace,
  linspace,
  normaliseSeries,
  parameterCurve,
  parameterGrid,
  isDeviceSweep,
  parameterCurveKey,
  pixelCurveProblem,
  pixelLossCurve,
  probabilityGrid,
  recommendedPoints,
  responseCurves,
  responseCurvesAsync,
  responsePlan,
  sweepableParams,
  tverskyIndexFromFocal,
  tverskyMap,
  withCurrent,
} from '../../src/core/curves.ts';
import { linearTicks, logTicks, formatTick } from '../../src/ui/charts/ticks.ts';
import { VIRIDIS, viridis } from '../../src/ui/charts/viridis.ts';
import { mapLayout, pickFromMap } from '../../src/ui/charts/geometry.ts';
import { exportFileName } from '../../src/ui/charts/export.ts';
import { seriesColor, toRows } from '../../src/ui/charts/series.ts';
import { parameterChartLabel, responseChartLabel, tverskyMapLabel } from '../../src/ui/charts/labels.ts';
import { chooseCorner } from '../../src/ui/charts/geometry.ts';
import { squareGrid } from '../../src/scene/types.ts';

tf.enableProdMode();

/** A 16 × 16 scene: a 6 × 5 square of foreground, a soft prediction shifted by one pixel. */
function scene(size = 16): { target: Float32Array; pred: Float32Array } {
  const target = new Float32Array(size * size);
  const pred = new Float32Array(size * size).fill(0.1);
  for (let r = 5; r < 10; r++) for (let c = 4; c < 10; c++) target[r * size + c] = 1;
  for (let r = 5; r < 11; r++) for (let c = 5; c < 11; c++) pred[r * size + c] = 0.8;
  pred[0] = 0.45;
  return { target, pred };
}

const FOCAL_TABLE: Array<[number, number[]]> = [
  [0.01, [4.60517, 4.58209, 4.55912, 4.51353, 4.37947]],
  [0.1, [2.30259, 2.18442, 2.07233, 1.86509, 1.35965]],
  [0.5, [0.69315, 0.49013, 0.34657, 0.17329, 0.02166]],
  [0.9, [0.10536, 0.03332, 0.01054, 0.00105, 0.000001]],
];

describe('chart data on cpu', () => {
  let engine: LossEngine;
  let figures: LossEngine;
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    await tf.ready();
    engine = new LossEngine();
    figures = new LossEngine();
  });
  afterAll(() => {
    engine.dispose();
    figures.dispose();
  });

  it('reproduces the Focal loss paper, Figure 1 (to 1e-5)', () => {
    const fig = focalPaperFigure(figures);
    expect(fig.curves.map((c) => c.gamma)).toEqual([...FOCAL_PAPER_GAMMAS]);
    expect(fig.pt).toHaveLength(101);
    expect(fig.pt[0]).toBeGreaterThan(0);
    expect(fig.pt[100]).toBe(1);
    expect(fig.yDomain).toEqual([0, 5]);
    expect(fig.wellClassified).toEqual([0.5, 1]);
    for (const [pt, row] of FOCAL_TABLE) {
      const i = fig.pt.indexOf(pt);
      expect(i, `p_t = ${pt} on the grid`).toBeGreaterThan(0);
      fig.curves.forEach((curve, j) => {
        expect(Math.abs((curve.ys[i] as number) - (row[j] as number)), `γ = ${curve.gamma}, p_t = ${pt}`).toBeLessThan(
          1e-5,
        );
      });
    }
    // Natural log, not log10 (the common error gives 0.00045 at γ = 2, p_t = 0.9).
    expect(fig.curves[3]?.ys[90]).toBeCloseTo(0.00105, 5);
    // Every curve decreases in p_t and the γ curves are ordered (more focusing, lower loss).
    for (const c of fig.curves)
      for (let i = 1; i < c.ys.length; i++) expect(c.ys[i]).toBeLessThanOrEqual((c.ys[i - 1] as number) + 1e-6);
    for (let j = 1; j < fig.curves.length; j++) {
      for (let i = 1; i < 100; i++)
        expect(fig.curves[j]?.ys[i]).toBeLessThanOrEqual((fig.curves[j - 1]?.ys[i] as number) + 1e-6);
    }
  });

  it('per-pixel curves equal the formulas for label 1 and label 0', () => {
    const ps = [0.02, 0.2, 0.5, 0.7, 0.99];
    const ce = (p: number) => -Math.log(p);
    const close = (a: ArrayLike<number>, b: number[]) =>
      b.forEach((v, i) => expect(Math.abs((a[i] as number) - v)).toBeLessThan(2e-6 * Math.max(1, v)));
    for (const label of [0, 1] as const) {
      close(pixelLossCurve(figures, 'bce', {}, ps, label), ps.map(ce));
      close(
        pixelLossCurve(figures, 'weighted_bce', { beta: 3 }, ps, label),
        ps.map((p) => (label ? 3 : 1) * ce(p)),
      );
      close(
        pixelLossCurve(figures, 'balanced_bce', { beta: 0.8 }, ps, label),
        ps.map((p) => (label ? 0.8 : 0.2) * ce(p)),
      );
      close(
        pixelLossCurve(figures, 'focal', { gamma: 2, alpha: 0.25 }, ps, label),
        ps.map((p) => (label ? 0.25 : 0.75) * (1 - p) ** 2 * ce(p)),
      );
    }
    expect(pixelLossCurve(figures, 'bce', {}, [], 1)).toHaveLength(0);
  });

  it('refuses per-pixel curves that would mislead', () => {
    expect(pixelCurveProblem('balanced_bce', { beta: null })).toMatch(/auto β/);
    expect(pixelCurveProblem('balanced_bce', {})).toMatch(/auto β/);
    expect(pixelCurveProblem('focal', {})).toBeNull();
    for (const id of LOSS_IDS) {
      if (!(PIXEL_CURVE_LOSSES as readonly LossId[]).includes(id))
        expect(pixelCurveProblem(id)).toMatch(/no per-pixel curve/);
    }
    expect(() => pixelLossCurve(figures, 'dice', {}, [0.5], 1)).toThrow(/per-pixel/);
    expect(() => pixelLossCurve(figures, 'bce', {}, [1.5], 1)).toThrow(/outside/);
  });

  it('reproduces the Focal Tversky paper, Figure 1, both forms', () => {
    const fig = focalTverskyFigure(figures);
    expect(fig.curves.map((c) => c.gamma)).toEqual([...FOCAL_TVERSKY_PAPER_GAMMAS]);
    expect(fig.curves.map((c) => c.label)).toEqual(['γ = 1', 'γ = 4/3', 'γ = 2', 'γ = 3']);
    const tis = [0.2, 0.4, 0.6, 0.8, 0.9];
    const plotted: number[][] = [
      [0.8, 0.6, 0.4, 0.2, 0.1],
      [0.883, 0.7053, 0.4939, 0.2573, 0.1311],
      [0.96, 0.84, 0.64, 0.36, 0.19],
      [0.992, 0.936, 0.784, 0.488, 0.271],
    ];
    const trained: Record<number, number[]> = {
      1: [0.8459, 0.6817, 0.503, 0.2991, 0.1778],
      2: [0.8944, 0.7746, 0.6325, 0.4472, 0.3162],
    };
    tis.forEach((ti, k) => {
      const i = fig.ti.indexOf(ti);
      expect(i, `TI = ${ti} on the grid`).toBeGreaterThan(0);
      fig.curves.forEach((c, j) => {
        // The table is rounded to 4 decimals: 5e-5, plus float32 in the engine's p.
        expect(
          Math.abs((c.plotted[i] as number) - (plotted[j]?.[k] as number)),
          `1 − TI^γ, γ = ${c.label}`,
        ).toBeLessThan(5.1e-5);
        expect(
          Math.abs((c.trained[i] as number) - (1 - ti) ** (1 / c.gamma)),
          `(1 − TI)^(1/γ), ${c.label}`,
        ).toBeLessThan(1e-6);
      });
      for (const [j, row] of Object.entries(trained)) {
        expect(Math.abs((fig.curves[Number(j)]?.trained[i] as number) - (row[k] as number))).toBeLessThan(5.1e-5);
      }
    });
    // γ = 1: both forms are 1 − TI.
    const one = fig.curves[0];
    fig.ti.forEach((t, i) => {
      expect(Math.abs((one?.trained[i] as number) - (1 - t))).toBeLessThan(1e-6);
      expect(one?.plotted[i]).toBeCloseTo(1 - t, 12);
    });
    expect(tverskyIndexFromFocal((1 - 0.7) ** 0.75, 4 / 3)).toBeCloseTo(0.7, 12);
    expect(fig.ti[0]).toBe(0);
    expect(fig.ti[fig.ti.length - 1]).toBe(1);
  });

  it('parameterCurve equals single evaluations, on the slider grid of every numeric parameter', () => {
    const { target, pred } = scene();
    engine.setTarget(target, 16, 16);
    const checked: string[] = [];
    for (const info of LOSSES) {
      for (const spec of sweepableParams(info.id)) {
        if (spec.key === 'eps' && info.id !== 'sens_spec') continue;
        const curve = parameterCurve(engine, info.id, spec.key, pred, {}, 7);
        expect(curve.xs).toEqual(parameterGrid(spec, 7));
        expect(curve.ys).toHaveLength(curve.xs.length);
        const probe = [0, Math.floor(curve.xs.length / 2), curve.xs.length - 1];
        for (const i of probe) {
          const x = curve.xs[i] as number;
          const v = engine.evaluate(pred, { [info.id]: { [spec.key]: x } }, { losses: [info.id] }).values[
            info.id
          ] as number;
          expect(Math.abs((curve.ys[i] as number) - v), `${info.id}.${spec.key} = ${x}`).toBeLessThanOrEqual(
            1e-6 * Math.max(1, Math.abs(v)),
          );
        }
        const single = engine.evaluate(pred, {}, { losses: [info.id] }).values[info.id] as number;
        expect(Math.abs(curve.current.y - single)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(single)));
        expect(curve.current.x).toBe(spec.default);
        expect(curve.atDefault.x).toBe(spec.default);
        checked.push(`${info.id}.${spec.key}`);
      }
    }
    expect(checked.length).toBeGreaterThan(20);
  });

  it('parameterCurve: log grids, choices, a current value off the grid, and null (auto) values', () => {
    const { target, pred } = scene();
    engine.setTarget(target, 16, 16);
    const w = parameterCurve(engine, 'weighted_bce', 'beta', pred, { beta: 2.5 }, 9);
    expect(w.scale).toBe('log');
    expect(w.xs[0]).toBe(0.1);
    expect(w.xs[8]).toBe(10);
    expect(w.xs[4]).toBeCloseTo(1, 12); // geometric midpoint of 0.1 … 10
    const at = engine.evaluate(pred, { weighted_bce: { beta: 2.5 } }, { losses: ['weighted_bce'] }).values
      .weighted_bce as number;
    expect(w.current).toEqual({ x: 2.5, y: expect.closeTo(at, 6) });
    const d = engine.evaluate(pred, { weighted_bce: { beta: 1 } }, { losses: ['weighted_bce'] }).values
      .weighted_bce as number;
    expect(w.atDefault.x).toBe(1);
    expect(w.atDefault.y).toBeCloseTo(d, 6);

    const s = parameterCurve(engine, 'structural', 'window', pred);
    expect(s.xs).toEqual([3, 5, 7]);
    expect(s.scale).toBe('linear');

    const b = parameterCurve(engine, 'balanced_bce', 'beta', pred, { beta: null }, 5);
    const auto = engine.evaluate(pred, {}, { losses: ['balanced_bce'] }).values.balanced_bce as number;
    expect(b.current.x).toBeNull();
    expect(b.current.y).toBeCloseTo(auto, 6);
    expect(b.atDefault).toEqual(b.current);
    const f = parameterCurve(engine, 'focal', 'alpha', pred, { alpha: null }, 5);
    expect(f.current.x).toBeNull();
    expect(f.atDefault.x).toBe(0.25);
    expect(() => parameterCurve(engine, 'dice', 'squared', pred)).toThrow(/not a numeric/);
  });

  it('parameter curves: cost hints, a memo key without the swept value, moving the marker', () => {
    const { target, pred } = scene();
    engine.setTarget(target, 16, 16);
    expect(isDeviceSweep('focal', 'gamma')).toBe(true);
    expect(isDeviceSweep('tversky', 'fp_weight')).toBe(false);
    expect(parameterCurve(engine, 'focal', 'gamma', pred).xs).toHaveLength(recommendedPoints('focal', 'gamma'));
    expect(parameterCurve(engine, 'tversky', 'fp_weight', pred).xs).toHaveLength(64);
    // Dragging γ does not change the curve over γ: same key; changing α does.
    expect(parameterCurveKey('focal', 'gamma', { gamma: 1 })).toBe(parameterCurveKey('focal', 'gamma', { gamma: 3 }));
    expect(parameterCurveKey('focal', 'gamma', { alpha: 0.5 })).not.toBe(parameterCurveKey('focal', 'gamma', {}));
    const a = parameterCurve(engine, 'focal', 'gamma', pred, { gamma: 1 }, 9);
    const b = parameterCurve(engine, 'focal', 'gamma', pred, { gamma: 3 }, 9);
    expect(Array.from(a.ys)).toEqual(Array.from(b.ys));
    const moved = withCurrent(a, 3, b.current.y);
    expect(moved.current).toEqual(b.current);
    expect(moved.ys).toBe(a.ys);
  });

  it('responseCurves: every loss in registry order, normalised into [0, 1], ≤ 25 evaluations', () => {
    const { target, pred } = scene();
    for (const quantity of ['shift', 'temperature', 'noise'] as const) {
      const r = responseCurves(engine, target, pred, squareGrid(16), quantity, {}, { steps: 99 });
      expect(r.xs.length).toBeLessThanOrEqual(25);
      expect(r.xs.length).toBeGreaterThanOrEqual(3);
      expect(r.series.map((s) => s.id)).toEqual([...LOSS_IDS]);
      expect(r.xs).toContain(r.identity);
      for (const s of r.series) {
        expect(s.normalised).toHaveLength(r.xs.length);
        for (const v of s.normalised) {
          if (v === null) continue;
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        if (!s.constant) {
          expect(Math.min(...(s.normalised.filter((v) => v !== null) as number[]))).toBe(0);
          expect(Math.max(...(s.normalised.filter((v) => v !== null) as number[]))).toBe(1);
        } else expect(s.normalised.every((v) => v === 0 || v === null)).toBe(true);
      }
      // The unchanged prediction gives the same values as a plain evaluation.
      const i = r.xs.indexOf(r.identity);
      engine.setTarget(target, 16, 16);
      const ev = engine.evaluate(pred).values;
      for (const s of r.series)
        expect(Math.abs((s.raw[i] as number) - (ev[s.id] as number))).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(ev[s.id] as number)),
        );
    }
  });

  it('responseCurves: shifts are integers from −k to k; temperature is a log range around 1', () => {
    const { target, pred } = scene();
    const shift = responsePlan(target, pred, squareGrid(16), 'shift', { steps: 25 });
    expect(shift.xs).toEqual([-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6]); // the square is 6 columns wide
    expect(responsePlan(target, pred, squareGrid(16), 'shift', { maxShift: 3, axis: 'y' }).xs).toEqual([
      -3, -2, -1, 0, 1, 2, 3,
    ]);
    const temp = responsePlan(target, pred, squareGrid(16), 'temperature', { steps: 21 });
    expect(temp.xs).toHaveLength(21);
    expect(temp.xs[0]).toBe(0.25);
    expect(temp.xs[20]).toBe(4);
    expect(temp.xs[10]).toBeCloseTo(1, 12);
    expect(temp.scale).toBe('log');
    // The plan's prediction is the scene op: shift by 2 moves the soft square right.
    const moved = shift.make(2);
    expect(moved[5 * 16 + 7]).toBeCloseTo(0.8, 6);
    expect(moved[5 * 16 + 5]).toBeCloseTo(0.1, 6);
    expect(moved[5 * 16 + 0]).toBe(0);
  });

  it('responseCurvesAsync gives the same numbers', async () => {
    const { target, pred } = scene();
    const a = responseCurves(
      engine,
      target,
      pred,
      squareGrid(16),
      'temperature',
      { focal: { gamma: 1 } },
      { steps: 5 },
    );
    const b = await responseCurvesAsync(
      engine,
      target,
      pred,
      squareGrid(16),
      'temperature',
      { focal: { gamma: 1 } },
      { steps: 5 },
    );
    expect(b.xs).toEqual(a.xs);
    b.series.forEach((s, j) => expect(Array.from(s.raw)).toEqual(Array.from(a.series[j]?.raw ?? [])));
  });

  it('tverskyMap equals engine.sweep2d over FP weight × FN weight', () => {
    const { target, pred } = scene();
    engine.setTarget(target, 16, 16);
    expect(TVERSKY_MAP_LOSSES).toEqual(['tversky', 'focal_tversky']);
    for (const id of TVERSKY_MAP_LOSSES) {
      const params: ParamSet = { fp_weight: 0.4, fn_weight: 0.9, smooth: 0.5 };
      const map = tverskyMap(engine, id, pred, params, 9);
      expect(map.fp).toEqual(linspace(0, 1, 9));
      expect(map.fn).toEqual(linspace(0, 1, 9));
      const ref = engine.sweep2d(id, 'fp_weight', map.fp, 'fn_weight', map.fn, pred, params);
      expect(map.rows.map((r) => Array.from(r))).toEqual(ref.map((r) => Array.from(r)));
      const flat = ref.flatMap((r) => Array.from(r));
      expect(map.min).toBe(Math.min(...flat));
      expect(map.max).toBe(Math.max(...flat));
      const single = engine.evaluate(pred, { [id]: params }, { losses: [id] }).values[id] as number;
      expect(map.current.fp).toBe(0.4);
      expect(map.current.fn).toBe(0.9);
      expect(Math.abs(map.current.value - single)).toBeLessThan(1e-9);
      // Spot check one cell against a single evaluation.
      const v = engine.evaluate(
        pred,
        { [id]: { ...params, fp_weight: map.fp[2], fn_weight: map.fn[7] } },
        { losses: [id] },
      ).values[id] as number;
      expect(Math.abs((map.rows[7]?.[2] as number) - v)).toBeLessThan(1e-9);
    }
    expect(() => tverskyMap(engine, 'dice', pred)).toThrow(/FP and FN/);
  });
});

describe('pure helpers', () => {
  it('linspace, geomspace, probabilityGrid, formatGamma', () => {
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, 3, 1)).toEqual([2]);
    const g = geomspace(0.01, 100, 5);
    expect(g[0]).toBe(0.01);
    expect(g[4]).toBe(100);
    expect(g[2]).toBeCloseTo(1, 12);
    const p = probabilityGrid(101);
    expect(p[0]).toBe(0.005);
    expect(p[1]).toBe(0.01);
    expect(p[50]).toBe(0.5);
    expect(formatGamma(4 / 3)).toBe('4/3');
    expect(formatGamma(0.5)).toBe('0.5');
    expect(formatGamma(2)).toBe('2');
    expect(formatGamma(0.75)).toBe('0.75');
  });

  it('normaliseSeries: [0, 1], constant series flat at 0, gaps for non-finite values', () => {
    expect(normaliseSeries([2, 4, 3]).values).toEqual([0, 1, 0.5]);
    const c = normaliseSeries([0.3, 0.3, 0.3 + 1e-9]);
    expect(c.constant).toBe(true);
    expect(c.values).toEqual([0, 0, 0]);
    const n = normaliseSeries([1, Infinity, 3, NaN]);
    expect(n.values).toEqual([0, null, 1, null]);
    expect(n.nonFinite).toBe(true);
    expect(normaliseSeries([NaN]).values).toEqual([null]);
    expect(normaliseSeries([-1, -0.5, -0.75]).values).toEqual([0, 1, 0.5]);
  });

  it('ticks: nice linear steps, decades (with 2 and 5 when few) on log axes', () => {
    expect(linearTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0, 5, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(linearTicks(-6, 6, 7)).toEqual([-6, -4, -2, 0, 2, 4, 6]);
    expect(linearTicks(3, 7, 3)).toEqual([4, 6]);
    expect(linearTicks(1, 1, 5)).toEqual([1]);
    expect(logTicks(1e-7, 1e-2)).toEqual([1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2]);
    expect(logTicks(0.1, 10)).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(logTicks(0.25, 4)).toEqual([0.5, 1, 2]);
    expect(logTicks(1e-12, 1).length).toBeLessThanOrEqual(8);
    expect(formatTick(0.30000000000000004)).toBe('0.3');
    expect(formatTick(1e-7)).toBe('1e-7');
    expect(formatTick(2)).toBe('2');
    expect(formatTick(-0)).toBe('0');
  });

  it('viridis: 0 is dark purple, 1 is yellow, monotone in lightness', () => {
    expect(viridis(0)).toEqual(VIRIDIS[0]);
    expect(viridis(1)).toEqual(VIRIDIS[VIRIDIS.length - 1]);
    expect(viridis(NaN)).toEqual([128, 128, 128]);
    const lum = (t: number) => {
      const [r, g, b] = viridis(t);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let t = 0.05; t <= 1; t += 0.05) expect(lum(t)).toBeGreaterThan(lum(t - 0.05));
  });

  it('map geometry: a click maps back to the (FP, FN) weights it shows, snapped to the slider step', () => {
    const layout = mapLayout(420, 340);
    const { plot } = layout;
    expect(plot.w).toBe(plot.h);
    expect(layout.legend.x).toBeGreaterThan(plot.x + plot.w);
    expect(pickFromMap(layout, plot.x, plot.y + plot.h)).toEqual({ fp: 0, fn: 0 });
    expect(pickFromMap(layout, plot.x + plot.w, plot.y)).toEqual({ fp: 1, fn: 1 });
    expect(pickFromMap(layout, plot.x + plot.w / 2, plot.y + plot.h / 2)).toEqual({ fp: 0.5, fn: 0.5 });
    expect(pickFromMap(layout, plot.x + 0.3 * plot.w, plot.y + 0.3 * plot.h)).toEqual({ fp: 0.3, fn: 0.7 });
    expect(pickFromMap(layout, 0, 0)).toBeNull();
  });

  it('accessible names say what each chart plots', () => {
    const gamma = sweepableParams('focal').find((p) => p.key === 'gamma');
    expect(gamma && parameterChartLabel('focal', gamma)).toBe(
      'Focal loss against focusing γ (gamma) for the current masks',
    );
    expect(tverskyMapLabel('tversky')).toMatch(/^Tversky loss over FP weight and FN weight/);
    expect(responseChartLabel('temperature')).toBe(
      'Every loss, normalised to [0, 1], against the temperature of the prediction',
    );
  });

  it('legend corner: the one covering the fewest curve points', () => {
    const plot = { x: 0, y: 0, w: 400, h: 300 };
    const diagonal: [number, number][] = Array.from({ length: 50 }, (_, i) => [i * 8, i * 6]); // top-left to bottom-right
    expect(chooseCorner(plot, 120, 80, diagonal)).toBe('top-right');
    const top: [number, number][] = Array.from({ length: 50 }, (_, i) => [i * 8, 20]);
    expect(chooseCorner(plot, 120, 80, top)).toBe('bottom-right');
  });

  it('series rows for recharts, colours, export file names', () => {
    expect(toRows([0, 1], { a: [1, 2], b: Float64Array.from([Infinity, 3]) })).toEqual([
      { x: 0, a: 1, b: null },
      { x: 1, a: 2, b: 3 },
    ]);
    expect(new Set(LOSS_IDS.map((_, i) => seriesColor(i))).size).toBe(LOSS_IDS.length);
    expect(exportFileName('Focal loss against γ (current masks)', 'svg')).toBe('focal-loss-against-current-masks.svg');
    expect(exportFileName('', 'png')).toBe('chart.png');
  });
});
