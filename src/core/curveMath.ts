/**
 * The engine-free half of the chart data: grids, keys, normalisation, figure-only formulas, the response
 * plan and the data shapes. Pure TypeScript without tf.js, so that the page's main thread can use it while
 * the engine (and curves.ts, which computes through it) runs in the worker.
 */
import { LOSSES, lossInfo, resolveParams } from './registry.ts';
import type { Axis, AxisScale, LossId, NumberParamSpec, ParamSet } from './types.ts';
import { addNoise, applyTemperature, shiftLayer } from '../scene/ops.ts';
import type { Grid } from '../scene/types.ts';

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
  if (finite === 0)
    return { values: Array.from({ length: raw.length }, () => null), min: NaN, max: NaN, constant: true, nonFinite };
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
  if (!isPixelCurveLoss(id))
    return `${lossInfo(id).short} has no per-pixel curve: its terms depend on more than p and g`;
  if (id === 'balanced_bce' && (params['beta'] ?? null) === null) {
    return `${lossInfo(id).short} with auto β depends on the whole ground truth: set β to draw its per-pixel curve`;
  }
  return null;
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
  scale: AxisScale;
  xs: number[];
  ys: Float64Array;
  /** The loss at the parameter's current value (other parameters as given). */
  current: CurvePoint;
  /** The loss at the parameter's registry default (other parameters as given). */
  atDefault: CurvePoint;
}

/**
 * The numeric parameters a parameter chart can sweep: booleans are skipped, and so is a clip that only
 * touches the ∂L/∂z map (onlyAffects), whose curve of the loss's value would be flat.
 */
export function sweepableParams(id: LossId): NumberParamSpec[] {
  return lossInfo(id).params.filter((p): p is NumberParamSpec => p.kind === 'number' && p.onlyAffects === undefined);
}

/**
 * A memo key for a parameter curve: the loss, the key and every *other* resolved parameter. The curve
 * does not depend on the swept parameter's own value, so while that slider is dragged the curve can be
 * kept and only its marker moved (withCurrent). Add the scene's revision to it when memoising.
 */
export function parameterCurveKey(id: LossId, key: string, params: ParamSet = {}): string {
  const resolved = resolveParams(id, params);
  const rest = Object.keys(resolved)
    .filter((k) => k !== key)
    .sort()
    .map((k) => [k, resolved[k]]);
  return JSON.stringify([id, key, rest]);
}

/** The same curve with its current point moved, e.g. to (slider value, the runner's value of the loss). */
export function withCurrent(curve: ParameterCurve, x: number | null, y: number): ParameterCurve {
  return { ...curve, current: { x, y } };
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
  /** shift: largest shift in pixels (default: the ground truth's extent along the axis, 2 … half that side). */
  maxShift?: number;
  /** shift: horizontal ('x', default) or vertical ('y'). */
  axis?: Axis;
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
  scale: AxisScale;
  /** The x of the unchanged prediction (shift 0, t = 1, σ = 0). */
  identity: number;
  series: ResponseSeries[];
}

/** Columns (axis 'x') or rows ('y') that hold any ground-truth foreground. */
export function foregroundExtent(target: ArrayLike<number>, grid: Grid, axis: Axis): number {
  const { height, width } = grid;
  const seen = new Uint8Array(axis === 'x' ? width : height);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      if ((target[row * width + col] as number) > 0.5) seen[axis === 'x' ? col : row] = 1;
    }
  }
  return seen.reduce((a, b) => a + b, 0);
}

export interface ResponsePlan {
  quantity: ResponseQuantity;
  xs: number[];
  xLabel: string;
  scale: AxisScale;
  identity: number;
  /** The prediction at x. */
  make(x: number): Float32Array;
}

/** The x values and the prediction at each: pure, no engine. */
export function responsePlan(
  target: ArrayLike<number>,
  pred: Float32Array,
  grid: Grid,
  quantity: ResponseQuantity = 'shift',
  options: ResponseOptions = {},
): ResponsePlan {
  const steps = Math.min(MAX_RESPONSE_STEPS, Math.max(3, Math.floor(options.steps ?? 21)));
  if (quantity === 'shift') {
    const axis = options.axis ?? 'x';
    const extent = foregroundExtent(target, grid, axis);
    const size = axis === 'x' ? grid.width : grid.height;
    const fallback = extent > 0 ? extent : Math.round(size / 8);
    const k = Math.max(1, Math.min(Math.floor(size / 2), Math.round(options.maxShift ?? Math.max(2, fallback))));
    const xs = [...new Set(linspace(-k, k, Math.min(steps, 2 * k + 1)).map((v) => Math.round(v)))];
    return {
      quantity,
      xs,
      scale: 'linear',
      identity: 0,
      xLabel: `${axis === 'x' ? 'horizontal' : 'vertical'} shift of the prediction (px)`,
      make: (x) => (axis === 'x' ? shiftLayer(pred, grid, x, 0, 0) : shiftLayer(pred, grid, 0, x, 0)),
    };
  }
  if (quantity === 'temperature') {
    const lo = options.tMin ?? 0.25;
    const hi = options.tMax ?? 4;
    if (!(lo > 0 && hi > lo)) throw new RangeError(`temperature range must be 0 < tMin < tMax, got ${lo} … ${hi}`);
    return {
      quantity,
      xs: geomspace(lo, hi, steps),
      scale: 'log',
      identity: 1,
      xLabel: 'temperature t of the prediction (p = σ(logit p / t))',
      make: (x) => applyTemperature(pred, x),
    };
  }
  const maxNoise = options.maxNoise ?? 0.5;
  if (!(maxNoise > 0)) throw new RangeError(`maxNoise must be > 0, got ${maxNoise}`);
  const seed = options.seed ?? 1;
  return {
    quantity,
    xs: linspace(0, maxNoise, steps),
    scale: 'linear',
    identity: 0,
    xLabel: 'Gaussian noise σ added to the prediction',
    make: (x) => addNoise(pred, x, seed),
  };
}

// ── the Tversky FP × FN map ────────────────────────────────────────────────────────────────────

/** Losses with both a false-positive and a false-negative weight (tversky, focal_tversky). */
export const TVERSKY_MAP_LOSSES: readonly LossId[] = LOSSES.filter(
  (l) => l.params.some((p) => p.key === 'fp_weight') && l.params.some((p) => p.key === 'fn_weight'),
).map((l) => l.id);

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
