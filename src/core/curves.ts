/**
 * Data for the charts: per-pixel loss curves, the two paper figures, a loss against one of its
 * parameters, every loss against one shared change of the prediction, and the Tversky FP × FN map.
 *
 * Pure TypeScript on top of the engine: no React, no DOM. Every number here comes from LossEngine
 * (evaluate / sweep / sweep2d / contributions), except the one curve that is a figure-only formula:
 * the Focal Tversky paper's plotted curve 1 − TI^γ, which is not the loss it trains (docs/losses.md §9,
 * ../shared/docs/LOSSES.md §17).
 *
 * Engines: pixelLossCurve and the two paper figures set their own tiny ground truths (1 × K, 1 × 1), so
 * they need an engine of their own, never the one the screen's runner evaluates with. parameterCurve and
 * tverskyMap evaluate the current scene: the engine must hold its ground truth (setTarget(target, size,
 * size); a no-op when unchanged). responseCurves sets the target itself.
 */
import type { LossEngine } from './engine.ts';
import { LOSSES, LOSS_IDS, lossInfo, paramSpec, resolveParams } from './registry.ts';
import type { LossId, NumberParamSpec, ParamSet, ParamsByLoss } from './types.ts';
import { IMPLEMENTATIONS } from './losses/index.ts';
import { addNoise, applyTemperature, shiftLayer } from '../scene/ops.ts';

// ── small numeric helpers ───────────────────────────────────────────────────────────────────────

/** n evenly spaced values from a to b inclusive (n = 1: [a]). The ends are exact. */
export function linspace(a: number, b: number, n: number): number[] {
  const k = Math.max(1, Math.floor(n));
  if (k === 1) return [a];
  return Array.from({ length: k }, (_, i) => (i === k - 1 ? b : a + ((b - a) * i) / (k - 1)));
}

/** n values from a to b (both > 0) evenly spaced in log, ends exact. */
export function geomspace(a: number, b: number, n: number): number[] {
  if (!(a > 0 && b > 0)) throw new RangeError(`geomspace needs positive ends, got ${a}, ${b}`);
  const la = Math.log(a);
  const lb = Math.log(b);
  return linspace(la, lb, n).map((v, i, all) => (i === 0 ? a : i === all.length - 1 ? b : Math.exp(v)));
}

/** Readable γ labels: 0.5, 1, 4/3, 2. */
export function formatGamma(g: number): string {
  if (Number.isInteger(g)) return String(g);
  const thirds = Math.round(g * 3);
  if (Math.abs(g * 3 - thirds) < 1e-9) return `${thirds}/3`;
  return String(Number(g.toPrecision(3)));
}

export interface Normalised {
  /** (v − min)/(max − min) in [0, 1]; null where the raw value is not finite; all 0 when constant. */
  values: (number | null)[];
  min: number;
  max: number;
  /** max − min is negligible (or fewer than two finite values): the series is drawn flat at 0. */
  constant: boolean;
  /** Some raw values were NaN or ±∞ (left as gaps). */
  nonFinite: boolean;
}

/** Min–max normalisation over the finite values; a (near-)constant series becomes flat 0. */
export function normaliseSeries(raw: ArrayLike<number>): Normalised {
  let min = Infinity;
  let max = -Infinity;
  let finite = 0;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i] as number;
    if (!Number.isFinite(v)) continue;
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const nonFinite = finite < raw.length;
  if (finite === 0) return { values: Array.from({ length: raw.length }, () => null), min: NaN, max: NaN, constant: true, nonFinite };
  // Float32 sums carry ~1e-7 relative noise: below that a "change" is rounding, not the loss reacting.
  const constant = finite < 2 || max - min <= 1e-6 * Math.max(Math.abs(max), Math.abs(min)) + 1e-12;
  const span = max - min;
  const values: (number | null)[] = [];
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i] as number;
    if (!Number.isFinite(v)) values.push(null);
    else if (constant) values.push(0);
    else values.push(Math.min(1, Math.max(0, (v - min) / span)));
  }
  return { values, min, max, constant, nonFinite };
}

// ── per-pixel curves ───────────────────────────────────────────────────────────────────────────

/**
 * Pixel-wise losses whose per-pixel term depends on p and g alone (no distance map, no contour, no
 * local structure, no whole-image β): their loss on one pixel is a curve in the probability of the
 * true class. balanced_bce qualifies only with an explicit β (auto β depends on the whole ground truth).
 */
export const PIXEL_CURVE_LOSSES = ['bce', 'weighted_bce', 'balanced_bce', 'focal'] as const satisfies readonly LossId[];
export type PixelCurveLoss = (typeof PIXEL_CURVE_LOSSES)[number];

export function isPixelCurveLoss(id: LossId): id is PixelCurveLoss {
  return (PIXEL_CURVE_LOSSES as readonly LossId[]).includes(id);
}

/** Why a per-pixel curve cannot be drawn for this loss and these parameters, or null when it can. */
export function pixelCurveProblem(id: LossId, params: ParamSet = {}): string | null {
  if (!isPixelCurveLoss(id)) return `${lossInfo(id).short} has no per-pixel curve: its terms depend on more than p and g`;
  if (id === 'balanced_bce' && (params['beta'] ?? null) === null) {
    return `${lossInfo(id).short} with auto β depends on the whole ground truth: set β to draw its per-pixel curve`;
  }
  return null;
}

/**
 * The loss of one pixel against the probability p_t of its true class, for each value in `ps`: a 1 × K
 * scene whose ground truth is all `label` and whose prediction is p_t (label 1) or 1 − p_t (label 0),
 * read through contributions() (the per-pixel terms, each 1/K of its pixel's loss) × K.
 * Sets the engine's ground truth: pass a dedicated engine.
 */
export function pixelLossCurve(engine: LossEngine, id: LossId, params: ParamSet, ps: readonly number[], label: 0 | 1): Float64Array {
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
 * p_t ∈ (0, 1]: `points` values, i/(points − 1) for i ≥ 1 (0.01, 0.1, 0.5, 0.9 are exact for 101 points)
 * and half a step instead of 0, where the loss would be −ln ε.
 */
export function probabilityGrid(points = 101): number[] {
  const n = Math.max(3, Math.floor(points));
  const xs = linspace(0, 1, n);
  xs[0] = 0.5 / (n - 1);
  return xs;
}

export const FOCAL_PAPER_GAMMAS = [0, 0.5, 1, 2, 5] as const;

export interface GammaCurve {
  gamma: number;
  /** "γ = 2"; γ = 0 is marked as cross-entropy. */
  label: string;
  ys: Float64Array;
}

export interface FocalFigureData {
  /** Probability of the ground-truth class. */
  pt: number[];
  curves: GammaCurve[];
  /** The figure's fixed axes. */
  yDomain: readonly [number, number];
  /** The "well-classified examples" band, p_t > 0.5. */
  wellClassified: readonly [number, number];
}

/**
 * Lin et al. 2017, Figure 1: FL(p_t) = −(1 − p_t)^γ ln p_t for γ ∈ {0, 0.5, 1, 2, 5}, no α, natural log,
 * through the engine's focal loss. Sets the engine's ground truth: pass a dedicated engine.
 */
export function focalPaperFigure(engine: LossEngine, points = 101, gammas: readonly number[] = FOCAL_PAPER_GAMMAS): FocalFigureData {
  const pt = probabilityGrid(points);
  const curves = gammas.map((gamma) => ({
    gamma,
    label: gamma === 0 ? 'γ = 0 (CE)' : `γ = ${formatGamma(gamma)}`,
    ys: pixelLossCurve(engine, 'focal', { gamma, alpha: null }, pt, 1),
  }));
  return { pt, curves, yDomain: [0, 5], wellClassified: [0.5, 1] };
}

export const FOCAL_TVERSKY_PAPER_GAMMAS = [1, 4 / 3, 2, 3] as const;

export interface FocalTverskyCurve {
  gamma: number;
  label: string;
  /** The loss as defined and trained, (1 − TI)^(1/γ), from the engine. */
  trained: Float64Array;
  /** What the paper's Figure 1 plots, 1 − TI^γ: a figure-only formula, not a loss the app computes. */
  plotted: Float64Array;
}

export interface FocalTverskyFigureData {
  ti: number[];
  curves: FocalTverskyCurve[];
}

/** The paper's plotted curve, 1 − TI^γ (Abraham & Khan 2019, Figure 1). Figure-only: not the trained loss. */
export function focalTverskyPlotted(ti: number, gamma: number): number {
  return 1 - Math.pow(ti, gamma);
}

/**
 * The Tversky index behind a focal Tversky loss value: L = (1 − TI)^(1/γ) ⇒ TI = 1 − L^γ (for TI ≤ 1,
 * i.e. unless s_nr > s_dr). For placing the current masks on the figure.
 */
export function tverskyIndexFromFocal(loss: number, gamma: number): number {
  return 1 - Math.pow(Math.max(0, loss), gamma);
}

/**
 * Abraham & Khan 2019, Figure 1, in both forms against the Tversky index. The trained loss comes from
 * the engine: a 1 × 1 scene with g = 1, p = TI, fp_weight 0, fn_weight 1, smooth 0 has TI = p exactly
 * (TP = p, FN = 1 − p); one γ sweep per TI point (host arithmetic). Sets the engine's ground truth.
 */
export function focalTverskyFigure(
  engine: LossEngine, gammas: readonly number[] = FOCAL_TVERSKY_PAPER_GAMMAS, points = 101,
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

/** The x values of a parameter chart: the choices, a log grid, or a linear grid over the slider range. */
export function parameterGrid(spec: NumberParamSpec, points = 64): number[] {
  if (spec.choices?.length) return [...spec.choices];
  const n = Math.max(2, Math.floor(points));
  const xs = spec.scale === 'log' && spec.min > 0 ? geomspace(spec.min, spec.max, n) : linspace(spec.min, spec.max, n);
  return xs.map((v) => Math.min(spec.max, Math.max(spec.min, v)));
}

export interface CurvePoint {
  /** The parameter value; null when it is null (auto / off): the loss is then a horizontal reference. */
  x: number | null;
  y: number;
}

export interface ParameterCurve {
  id: LossId;
  key: string;
  spec: NumberParamSpec;
  scale: 'linear' | 'log';
  xs: number[];
  ys: Float64Array;
  /** The loss at the parameter's current value (other parameters as given). */
  current: CurvePoint;
  /** The loss at the parameter's registry default (other parameters as given). */
  atDefault: CurvePoint;
}

/** The numeric parameters a parameter chart can sweep (booleans are skipped). */
export function sweepableParams(id: LossId): NumberParamSpec[] {
  return lossInfo(id).params.filter((p): p is NumberParamSpec => p.kind === 'number');
}

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
 * A memo key for a parameter curve: the loss, the key and every *other* resolved parameter. The curve
 * does not depend on the swept parameter's own value, so while that slider is dragged the curve can be
 * kept and only its marker moved (withCurrent). Add the scene's revision to it when memoising.
 */
export function parameterCurveKey(id: LossId, key: string, params: ParamSet = {}): string {
  const resolved = resolveParams(id, params);
  const rest = Object.keys(resolved).filter((k) => k !== key).sort().map((k) => [k, resolved[k]]);
  return JSON.stringify([id, key, rest]);
}

/** The same curve with its current point moved, e.g. to (slider value, the runner's value of the loss). */
export function withCurrent(curve: ParameterCurve, x: number | null, y: number): ParameterCurve {
  return { ...curve, current: { x, y } };
}

/**
 * The loss `id` over the slider range of its numeric parameter `key`, for the engine's current scene:
 * one engine.sweep (the grid plus the current and default values), plus one evaluation for each of
 * those that is null (auto / off). The engine must hold the scene's ground truth.
 * `points` defaults to recommendedPoints(id, key).
 */
export function parameterCurve(
  engine: LossEngine, id: LossId, key: string, pred: ArrayLike<number>, params: ParamSet = {}, points?: number,
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

export type ResponseQuantity = 'shift' | 'temperature' | 'noise';
export const RESPONSE_QUANTITIES: readonly ResponseQuantity[] = ['shift', 'temperature', 'noise'];
export const MAX_RESPONSE_STEPS = 25;

export interface ResponseOptions {
  /** Evaluations along the range (3 … 25; default 21). */
  steps?: number;
  /** Which losses (default: all, registry order). */
  losses?: readonly LossId[];
  /** shift: largest shift in pixels (default: the ground truth's extent along the axis, 2 … size/2). */
  maxShift?: number;
  /** shift: horizontal ('x', default) or vertical ('y'). */
  axis?: 'x' | 'y';
  /** temperature: the log range (default 0.25 … 4, so that t = 1 sits in the middle). */
  tMin?: number;
  tMax?: number;
  /** noise: σ in probability from 0 to this (default 0.5), with one fixed seed for every step. */
  maxNoise?: number;
  seed?: number;
}

export interface ResponseSeries {
  id: LossId;
  short: string;
  raw: Float64Array;
  normalised: (number | null)[];
  min: number;
  max: number;
  /** The loss did not move over the range: drawn flat at 0. */
  constant: boolean;
  nonFinite: boolean;
}

export interface ResponseCurvesData {
  quantity: ResponseQuantity;
  xs: number[];
  /** Axis title, e.g. "horizontal shift of the prediction (px)". */
  xLabel: string;
  scale: 'linear' | 'log';
  /** The x of the unchanged prediction (shift 0, t = 1, σ = 0). */
  identity: number;
  series: ResponseSeries[];
}

/** Columns (axis 'x') or rows ('y') that hold any ground-truth foreground. */
export function foregroundExtent(target: ArrayLike<number>, size: number, axis: 'x' | 'y'): number {
  const seen = new Uint8Array(size);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if ((target[row * size + col] as number) > 0.5) seen[axis === 'x' ? col : row] = 1;
    }
  }
  return seen.reduce((a, b) => a + b, 0);
}

export interface ResponsePlan {
  quantity: ResponseQuantity;
  xs: number[];
  xLabel: string;
  scale: 'linear' | 'log';
  identity: number;
  /** The prediction at x. */
  make(x: number): Float32Array;
}

/** The x values and the prediction at each: pure, no engine. */
export function responsePlan(
  target: ArrayLike<number>, pred: Float32Array, size: number, quantity: ResponseQuantity = 'shift', options: ResponseOptions = {},
): ResponsePlan {
  const steps = Math.min(MAX_RESPONSE_STEPS, Math.max(3, Math.floor(options.steps ?? 21)));
  if (quantity === 'shift') {
    const axis = options.axis ?? 'x';
    const extent = foregroundExtent(target, size, axis);
    const fallback = extent > 0 ? extent : Math.round(size / 8);
    const k = Math.max(1, Math.min(Math.floor(size / 2), Math.round(options.maxShift ?? Math.max(2, fallback))));
    const xs = [...new Set(linspace(-k, k, Math.min(steps, 2 * k + 1)).map((v) => Math.round(v)))];
    return {
      quantity, xs, scale: 'linear', identity: 0,
      xLabel: `${axis === 'x' ? 'horizontal' : 'vertical'} shift of the prediction (px)`,
      make: (x) => (axis === 'x' ? shiftLayer(pred, size, x, 0, 0) : shiftLayer(pred, size, 0, x, 0)),
    };
  }
  if (quantity === 'temperature') {
    const lo = options.tMin ?? 0.25;
    const hi = options.tMax ?? 4;
    if (!(lo > 0 && hi > lo)) throw new RangeError(`temperature range must be 0 < tMin < tMax, got ${lo} … ${hi}`);
    return {
      quantity, xs: geomspace(lo, hi, steps), scale: 'log', identity: 1,
      xLabel: 'temperature t of the prediction (p = σ(logit p / t))',
      make: (x) => applyTemperature(pred, x),
    };
  }
  const maxNoise = options.maxNoise ?? 0.5;
  if (!(maxNoise > 0)) throw new RangeError(`maxNoise must be > 0, got ${maxNoise}`);
  const seed = options.seed ?? 1;
  return {
    quantity, xs: linspace(0, maxNoise, steps), scale: 'linear', identity: 0,
    xLabel: 'Gaussian noise σ added to the prediction',
    make: (x) => addNoise(pred, x, seed),
  };
}

function collect(plan: ResponsePlan, losses: readonly LossId[], values: Partial<Record<LossId, number>>[]): ResponseCurvesData {
  const series = losses.map((id) => {
    const raw = Float64Array.from(values, (v) => v[id] ?? NaN);
    const n = normaliseSeries(raw);
    return { id, short: lossInfo(id).short, raw, normalised: n.values, min: n.min, max: n.max, constant: n.constant, nonFinite: n.nonFinite };
  });
  return { quantity: plan.quantity, xs: plan.xs, xLabel: plan.xLabel, scale: plan.scale, identity: plan.identity, series };
}

/**
 * Every loss (registry order) while one quantity changes the prediction: a shift by −k … k pixels (as
 * the Shift buttons do, vacated pixels 0), a temperature over a log range, or Gaussian noise; each
 * series min–max normalised over the range. One values-only evaluation per step (≤ 25).
 * Sets the engine's ground truth to `target`.
 */
export function responseCurves(
  engine: LossEngine, target: Float32Array, pred: Float32Array, size: number,
  quantity: ResponseQuantity = 'shift', params: ParamsByLoss = {}, options: ResponseOptions = {},
): ResponseCurvesData {
  const plan = responsePlan(target, pred, size, quantity, options);
  const losses = options.losses ?? LOSS_IDS;
  engine.setTarget(target, size, size);
  const values = plan.xs.map((x) => engine.evaluate(plan.make(x), params, { losses }).values);
  return collect(plan, losses, values);
}

/** As responseCurves, with non-blocking readbacks (WebGL); `signal` abandons the work between steps. */
export async function responseCurvesAsync(
  engine: LossEngine, target: Float32Array, pred: Float32Array, size: number,
  quantity: ResponseQuantity = 'shift', params: ParamsByLoss = {}, options: ResponseOptions & { signal?: AbortSignal } = {},
): Promise<ResponseCurvesData> {
  const plan = responsePlan(target, pred, size, quantity, options);
  const losses = options.losses ?? LOSS_IDS;
  const values: Partial<Record<LossId, number>>[] = [];
  for (const x of plan.xs) {
    if (options.signal?.aborted) throw new Error('aborted');
    engine.setTarget(target, size, size); // no-op unless someone else moved it meanwhile
    values.push((await engine.evaluateAsync(plan.make(x), params, { losses })).values);
  }
  return collect(plan, losses, values);
}

// ── the Tversky FP × FN map ────────────────────────────────────────────────────────────────────

/** Losses with both a false-positive and a false-negative weight (tversky, focal_tversky). */
export const TVERSKY_MAP_LOSSES: readonly LossId[] = LOSSES
  .filter((l) => l.params.some((p) => p.key === 'fp_weight') && l.params.some((p) => p.key === 'fn_weight'))
  .map((l) => l.id);

export interface TverskyMapData {
  id: LossId;
  /** FP weights (x, columns). */
  fp: number[];
  /** FN weights (y, rows). */
  fn: number[];
  /** rows[j][i]: the loss at fp = fp[i], fn = fn[j] (engine.sweep2d's layout). */
  rows: Float64Array[];
  /** Over the finite values of the map. */
  min: number;
  max: number;
  current: { fp: number; fn: number; value: number };
}

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
export function tverskyMap(engine: LossEngine, id: LossId, pred: ArrayLike<number>, params: ParamSet = {}, n = 64): TverskyMapData {
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
