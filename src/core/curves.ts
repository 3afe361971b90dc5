/**
 * Data for the charts: per-pixel loss curves, the two paper figures, a loss against one of its
 * parameters, every loss against one shared change of the prediction, and the Tversky FP × FN map.
 *
 * Pure TypeScript on top of the engine: no React, no DOM. Every number here comes from LossEngine
 * (evaluate / sweep / sweep2d / contributions), except the one curve that is a figure-only formula:
 * the Focal Tversky paper's plotted curve 1 − TI^γ, which is not the loss it trains (docs/losses.md §9).
 * The engine-free helpers and data shapes live in curveMath.ts (re-exported here).
 *
 * Engines: pixelLossCurve and the two paper figures set their own tiny ground truths (1 × K, 1 × 1), so
 * they need an engine of their own, never the one the screen's runner evaluates with. parameterCurve and
 * tverskyMap evaluate the current scene: the engine must hold its ground truth (setTarget(target, height,
 * size); a no-op when unchanged). responseCurves sets the target itself.
 */
import type { Grid } from '../scene/types.ts';
import type { LossEngine } from './engine.ts';
import { LOSS_IDS, lossInfo, paramSpec, resolveParams } from './registry.ts';
import type { LossId, NumberParamSpec, ParamSet, ParamsByLoss } from './types.ts';
import { IMPLEMENTATIONS } from './losses/index.ts';
import {
  FOCAL_PAPER_GAMMAS,
  FOCAL_TVERSKY_PAPER_GAMMAS,
  TVERSKY_MAP_LOSSES,
  focalTverskyPlotted,
  formatGamma,
  linspace,
  normaliseSeries,
  parameterGrid,
  pixelCurveProblem,
  probabilityGrid,
  responsePlan,
} from './curveMath.ts';
import type {
  FocalFigureData,
  FocalTverskyFigureData,
  ParameterCurve,
  CurvePoint,
  ResponseCurvesData,
  ResponseOptions,
  ResponsePlan,
  ResponseQuantity,
  TverskyMapData,
} from './curveMath.ts';

export * from './curveMath.ts';

// ── per-pixel curves ───────────────────────────────────────────────────────────────────────────

/**
 * The loss of one pixel against the probability p_t of its true class, for each value in `ps`: a 1 × K
 * scene whose ground truth is all `label` and whose prediction is p_t (label 1) or 1 − p_t (label 0),
 * read through contributions() (the per-pixel terms, each 1/K of its pixel's loss) × K.
 * Sets the engine's ground truth: pass a dedicated engine.
 */
export function pixelLossCurve(
  engine: LossEngine,
  id: LossId,
  params: ParamSet,
  ps: readonly number[],
  label: 0 | 1,
): Float64Array {
  const problem = pixelCurveProblem(id, params);
  if (problem) throw new Error(problem);
  const k = ps.length;
  if (k === 0) return new Float64Array(0);
  for (const p of ps) if (!(p >= 0 && p <= 1)) throw new RangeError(`probability ${p} is outside [0, 1]`);
  engine.setTarget(new Float32Array(k).fill(label), 1, k);
  const pred = Float32Array.from(ps, (p) => (label === 1 ? p : 1 - p));
  const terms = engine.contributions(id, pred, params);
  if (!terms) throw new Error(`internal: ${id} gave no per-pixel terms`);
  return Float64Array.from(terms, (t) => t * k);
}

/**
 * Lin et al. 2017, Figure 1: FL(p_t) = −(1 − p_t)^γ ln p_t for γ ∈ {0, 0.5, 1, 2, 5}, no α, natural log,
 * through the engine's focal loss. Sets the engine's ground truth: pass a dedicated engine.
 */
export function focalPaperFigure(
  engine: LossEngine,
  points = 101,
  gammas: readonly number[] = FOCAL_PAPER_GAMMAS,
): FocalFigureData {
  const pt = probabilityGrid(points);
  const curves = gammas.map((gamma) => ({
    gamma,
    label: gamma === 0 ? 'γ = 0 (CE)' : `γ = ${formatGamma(gamma)}`,
    ys: pixelLossCurve(engine, 'focal', { gamma, alpha: null }, pt, 1),
  }));
  return { pt, curves, yDomain: [0, 5], wellClassified: [0.5, 1] };
}

/**
 * Abraham & Khan 2019, Figure 1, in both forms against the Tversky index. The trained loss comes from
 * the engine: a 1 × 1 scene with g = 1, p = TI, fp_weight 0, fn_weight 1, smooth 0 has TI = p exactly
 * (TP = p, FN = 1 − p); one γ sweep per TI point (host arithmetic). Sets the engine's ground truth.
 */
export function focalTverskyFigure(
  engine: LossEngine,
  gammas: readonly number[] = FOCAL_TVERSKY_PAPER_GAMMAS,
  points = 101,
): FocalTverskyFigureData {
  const ti = linspace(0, 1, Math.max(2, Math.floor(points)));
  const trained = gammas.map(() => new Float64Array(ti.length));
  engine.setTarget([1], 1, 1);
  const base: ParamSet = { fp_weight: 0, fn_weight: 1, smooth: 0, smooth_nr: null, smooth_dr: null };
  ti.forEach((t, i) => {
    const row = engine.sweep('focal_tversky', 'gamma', gammas, [t], base);
    gammas.forEach((_, j) => {
      (trained[j] as Float64Array)[i] = row[j] as number;
    });
  });
  return {
    ti,
    curves: gammas.map((gamma, j) => ({
      gamma,
      label: `γ = ${formatGamma(gamma)}`,
      trained: trained[j] as Float64Array,
      plotted: Float64Array.from(ti, (t) => focalTverskyPlotted(t, gamma)),
    })),
  };
}

// ── a loss against one of its parameters ───────────────────────────────────────────────────────

/**
 * True when sweeping `key` changes the device sums (e.g. focal γ, every ε, Hausdorff α and threshold):
 * each point then costs device work, where other keys are float64 arithmetic on one set of sums.
 */
export function isDeviceSweep(id: LossId, key: string): boolean {
  return IMPLEMENTATIONS[id].deviceKeys.includes(key);
}

/** Points for a parameter chart: 64 for host-only sweeps, 32 where each point is device work. */
export function recommendedPoints(id: LossId, key: string): number {
  return isDeviceSweep(id, key) ? 32 : 64;
}

/**
 * The loss `id` over the slider range of its numeric parameter `key`, for the engine's current scene:
 * one engine.sweep (the grid plus the current and default values), plus one evaluation for each of
 * those that is null (auto / off). The engine must hold the scene's ground truth.
 * `points` defaults to recommendedPoints(id, key).
 */
export function parameterCurve(
  engine: LossEngine,
  id: LossId,
  key: string,
  pred: ArrayLike<number>,
  params: ParamSet = {},
  points?: number,
): ParameterCurve {
  const spec = paramSpec(id, key);
  if (!spec) throw new Error(`loss "${id}" has no parameter "${key}"`);
  if (spec.kind !== 'number') throw new Error(`loss "${id}": "${key}" is not a numeric parameter`);
  const resolved = resolveParams(id, params);
  const currentX = resolved[key] as number | null;
  const defaultX = spec.default;
  const xs = parameterGrid(spec, points ?? recommendedPoints(id, key));
  const extra = [currentX, defaultX].filter((v): v is number => v !== null);
  const all = engine.sweep(id, key, [...xs, ...extra], pred, resolved);
  const ys = all.slice(0, xs.length);
  let at = xs.length;
  const pointAt = (x: number | null): CurvePoint => {
    if (x !== null) return { x, y: all[at++] as number };
    const ev = engine.evaluate(pred, { [id]: { ...resolved, [key]: null } }, { losses: [id] });
    return { x: null, y: ev.values[id] as number };
  };
  const current = pointAt(currentX);
  const atDefault = currentX === null && defaultX === null ? { ...current } : pointAt(defaultX);
  return { id, key, spec, scale: spec.choices?.length ? 'linear' : spec.scale, xs, ys, current, atDefault };
}

// ── every loss against one shared change ───────────────────────────────────────────────────────

function collect(
  plan: ResponsePlan,
  losses: readonly LossId[],
  values: Partial<Record<LossId, number>>[],
): ResponseCurvesData {
  const series = losses.map((id) => {
    const raw = Float64Array.from(values, (v) => v[id] ?? NaN);
    const n = normaliseSeries(raw);
    return {
      id,
      short: lossInfo(id).short,
      raw,
      normalised: n.values,
      min: n.min,
      max: n.max,
      constant: n.constant,
      nonFinite: n.nonFinite,
    };
  });
  return {
    quantity: plan.quantity,
    xs: plan.xs,
    xLabel: plan.xLabel,
    scale: plan.scale,
    identity: plan.identity,
    series,
  };
}

/**
 * Every loss (registry order) while one quantity changes the prediction: a shift by −k … k pixels (as
 * the Shift buttons do, vacated pixels 0), a temperature over a log range, or Gaussian noise; each
 * series min–max normalised over the range. One values-only evaluation per step (≤ 25).
 * Sets the engine's ground truth to `target`.
 */
export function responseCurves(
  engine: LossEngine,
  target: Float32Array,
  pred: Float32Array,
  grid: Grid,
  quantity: ResponseQuantity = 'shift',
  params: ParamsByLoss = {},
  options: ResponseOptions = {},
): ResponseCurvesData {
  const plan = responsePlan(target, pred, grid, quantity, options);
  const losses = options.losses ?? LOSS_IDS;
  engine.setTarget(target, grid.height, grid.width);
  const values = plan.xs.map((x) => engine.evaluate(plan.make(x), params, { losses }).values);
  return collect(plan, losses, values);
}

/** As responseCurves, with non-blocking readbacks (WebGL); `signal` abandons the work between steps. */
export async function responseCurvesAsync(
  engine: LossEngine,
  target: Float32Array,
  pred: Float32Array,
  grid: Grid,
  quantity: ResponseQuantity = 'shift',
  params: ParamsByLoss = {},
  options: ResponseOptions & { signal?: AbortSignal } = {},
): Promise<ResponseCurvesData> {
  const plan = responsePlan(target, pred, grid, quantity, options);
  const losses = options.losses ?? LOSS_IDS;
  const values: Partial<Record<LossId, number>>[] = [];
  for (const x of plan.xs) {
    // A macrotask between steps: in a worker, an abort message gets in (a resolved readback alone never yields).
    await new Promise((r) => setTimeout(r, 0));
    if (options.signal?.aborted) throw new Error('aborted');
    engine.setTarget(target, grid.height, grid.width); // no-op unless someone else moved it meanwhile
    values.push((await engine.evaluateAsync(plan.make(x), params, { losses })).values);
  }
  return collect(plan, losses, values);
}

// ── the Tversky FP × FN map ────────────────────────────────────────────────────────────────────

function weightSpec(id: LossId, key: string): NumberParamSpec {
  const spec = paramSpec(id, key);
  if (!spec || spec.kind !== 'number') throw new Error(`loss "${id}" has no numeric parameter "${key}"`);
  return spec;
}

/**
 * The loss over FP weight × FN weight (each n points over its slider range) for the engine's current
 * scene: one engine.sweep2d, host arithmetic for both Tversky losses. The engine must hold the scene's
 * ground truth.
 */
export function tverskyMap(
  engine: LossEngine,
  id: LossId,
  pred: ArrayLike<number>,
  params: ParamSet = {},
  n = 64,
): TverskyMapData {
  if (!TVERSKY_MAP_LOSSES.includes(id)) throw new Error(`loss "${id}" has no FP and FN weights`);
  const fpSpec = weightSpec(id, 'fp_weight');
  const fnSpec = weightSpec(id, 'fn_weight');
  const resolved = resolveParams(id, params);
  const fp = linspace(fpSpec.min, fpSpec.max, n);
  const fn = linspace(fnSpec.min, fnSpec.max, n);
  const rows = engine.sweep2d(id, 'fp_weight', fp, 'fn_weight', fn, pred, resolved);
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    for (const v of row) {
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const cfp = resolved['fp_weight'] as number;
  const cfn = resolved['fn_weight'] as number;
  const value = engine.sweep(id, 'fp_weight', [cfp], pred, resolved)[0] as number;
  return { id, fp, fn, rows, min, max, current: { fp: cfp, fn: cfn, value } };
}
