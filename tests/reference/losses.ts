/**
 * Independent float64 reference of the 15 losses, written from docs/losses.md only (no tf.js, nothing from
 * src/core except the ids, parameter keys and defaults of registry.ts / types.ts).
 *
 * Side inputs. docs/losses.md "Gradients" treats some inputs as constants of the gradient. referenceSide()
 * computes them from a prediction p; referenceLoss(..., p2, ..., side) then evaluates the loss at p2 with
 * those inputs frozen at p, so that a finite difference of it at p is the documented gradient:
 *   - hausdorff_dt: the distance field dp of [p > threshold];
 *   - shape_aware: the coefficient E (from the contour of [p > threshold]);
 *   - structural: the mask f, e_max and M;
 *   - balanced_bce: β (it depends on g only, so freezing it changes nothing while g is fixed).
 * Everything else (Φ, dg, class weights of exp_log, ...) depends on g only and is recomputed.
 *
 * referenceMargin() says how far a scene is from a point where a side input jumps or where the loss has a
 * kink (a floor switching on), so tests can skip ill-conditioned random cases. Its unit depends on the loss
 * (documented there).
 */
import { defaultParams } from '../../src/core/registry.ts';
import type { LossId } from '../../src/core/types.ts';
import {
  at,
  binarize,
  checkShape,
  contour,
  count,
  directedDistances,
  distanceField,
  edt,
  invert,
  points,
} from './edt.ts';

export type RefParams = Record<string, number | boolean | null>;

export interface FrozenSide {
  /** hausdorff_dt, shape_aware: the prediction mask [p > threshold] (0/1) the side was computed from. */
  predMask?: number[];
  /** hausdorff_dt: the field edt(m) + edt(1 − m) of predMask (all zeros when empty or full). */
  dp?: number[];
  /** shape_aware: the mean one-sided contour distance E. */
  E?: number;
  /** structural: f_i = [e_i > max(β e_max, 1e-5)] (0/1). */
  f?: number[];
  /** structural: max_i e_i. */
  eMax?: number;
  /** structural: M = Σ f. */
  M?: number;
  /**
   * structural, optional, set only by referenceGradient: when present |x_i| is evaluated as sign_i · x_i
   * with the sign frozen at p (the documented d|x|/dx = sign(x)), so a finite-difference step can never
   * cross the kink of |x|. referenceSide() does not set it.
   */
  sign?: number[];
  /** balanced_bce: the β actually used (auto: 1 − G/N). */
  beta?: number;
}

/** The losses whose formula contains q = clip(p, eps, 1 − eps) (a logarithm or a division by p). */
export const USES_CLIP: ReadonlySet<LossId> = new Set<LossId>([
  'bce',
  'weighted_bce',
  'balanced_bce',
  'focal',
  'distance_bce',
  'shape_aware',
  'combo',
  'exp_log',
  'structural',
]);

// ---------------------------------------------------------------------------------------------------------
// Parameters

/** Registry defaults overlaid with `params`; unknown keys throw (they are typos in a test). */
export function refParams(id: LossId, params: RefParams = {}): RefParams {
  const out: RefParams = { ...defaultParams(id) };
  for (const [k, v] of Object.entries(params)) {
    if (!(k in out)) throw new Error(`reference: loss "${id}" has no parameter "${k}"`);
    out[k] = v;
  }
  return out;
}

function num(pr: RefParams, key: string): number {
  const v = pr[key];
  if (typeof v !== 'number' || Number.isNaN(v))
    throw new Error(`reference: parameter "${key}" must be a number, got ${String(v)}`);
  return v;
}

function numOrNull(pr: RefParams, key: string): number | null {
  const v = pr[key];
  if (v === null) return null;
  if (typeof v !== 'number' || Number.isNaN(v))
    throw new Error(`reference: parameter "${key}" must be a number or null`);
  return v;
}

function bool(pr: RefParams, key: string): boolean {
  const v = pr[key];
  if (typeof v !== 'boolean') throw new Error(`reference: parameter "${key}" must be a boolean`);
  return v;
}

/** Effective (s_nr, s_dr): smooth_nr / smooth_dr when not null, else smooth (MONAI's convention). */
export function smoothing(pr: RefParams): { snr: number; sdr: number } {
  const s = num(pr, 'smooth');
  return { snr: numOrNull(pr, 'smooth_nr') ?? s, sdr: numOrNull(pr, 'smooth_dr') ?? s };
}

// ---------------------------------------------------------------------------------------------------------
// Shared pieces

interface Stats {
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  sumP: number;
  sumG: number;
  sumP2: number;
  sumG2: number;
}

/** Region sums from the raw p. */
export function stats(g: ArrayLike<number>, p: ArrayLike<number>): Stats {
  const s: Stats = { n: g.length, tp: 0, fp: 0, fn: 0, tn: 0, sumP: 0, sumG: 0, sumP2: 0, sumG2: 0 };
  for (let i = 0; i < g.length; i++) {
    const gi = at(g, i);
    const pi = at(p, i);
    s.tp += pi * gi;
    s.fp += pi * (1 - gi);
    s.fn += (1 - pi) * gi;
    s.tn += (1 - pi) * (1 - gi);
    s.sumP += pi;
    s.sumG += gi;
    s.sumP2 += pi * pi;
    s.sumG2 += gi * gi;
  }
  return s;
}

const clip = (p: number, eps: number): number => Math.min(Math.max(p, eps), 1 - eps);
/** ℓ⁺ = −ln q. */
const lpos = (p: number, eps: number): number => -Math.log(clip(p, eps));
/** ℓ⁻ = −ln(1 − q). */
const lneg = (p: number, eps: number): number => -Math.log1p(-clip(p, eps));
/** CE_i = g ℓ⁺ + (1 − g) ℓ⁻. */
const ce = (g: number, p: number, eps: number): number => g * lpos(p, eps) + (1 - g) * lneg(p, eps);

function meanCE(g: ArrayLike<number>, p: ArrayLike<number>, eps: number): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += ce(at(g, i), at(p, i), eps);
  return s / g.length;
}

/** Dice coefficient (2TP + s_nr)/(P + G + s_dr), or with Σp² + Σg² when squared; null when the denominator is 0. */
function diceCoefficient(st: Stats, snr: number, sdr: number, squared: boolean): number | null {
  const den = (squared ? st.sumP2 + st.sumG2 : st.sumP + st.sumG) + sdr;
  if (den === 0) return null;
  return (2 * st.tp + snr) / den;
}

/** Tversky index; 1 when the denominator is 0. */
export function tverskyIndex(st: Stats, pr: RefParams): number {
  const { snr, sdr } = smoothing(pr);
  const den = st.tp + num(pr, 'fp_weight') * st.fp + num(pr, 'fn_weight') * st.fn + sdr;
  if (den === 0) return 1;
  return (st.tp + snr) / den;
}

/** ln cosh x as |x| + log1p(e^{−2|x|}) − ln 2. */
export function logCosh(x: number): number {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/** Φ of distance_bce, from the ground truth only. */
export function phiMap(g: ArrayLike<number>, h: number, w: number): number[] {
  const m = binarize(g, 0.5);
  const on = count(m);
  if (on === 0 || on === h * w) return new Array<number>(h * w).fill(0);
  const dIn = edt(m, h, w);
  const dOut = edt(invert(m), h, w);
  const dMaxIn = Math.max(...dIn);
  const dMaxOut = Math.max(...dOut);
  return m.map((mi, i) => {
    if (mi !== 0) return dMaxIn === 1 ? 1 : (dMaxIn - at(dIn, i)) / (dMaxIn - 1);
    return dMaxOut === 1 ? 1 : (dMaxOut - at(dOut, i)) / (dMaxOut - 1);
  });
}

/** Mean over the contour pixels of `pred` of the distance to the nearest contour pixel of `truth` (0 if either is empty). */
export function meanContourDistance(pred: ArrayLike<number>, truth: ArrayLike<number>, h: number, w: number): number {
  const cp = points(contour(pred, h, w), h, w);
  const cg = points(contour(truth, h, w), h, w);
  if (cp.length === 0 || cg.length === 0) return 0;
  const d = directedDistances(cp, cg);
  return d.reduce((a, b) => a + b, 0) / d.length;
}

// --- structural ---------------------------------------------------------------------------------------

/** The k × k Gaussian window (σ = 1.5) normalised to sum 1, as [dy, dx, weight] triples. */
export function gaussianWindow(k: number): Array<[number, number, number]> {
  if (k !== 3 && k !== 5 && k !== 7) throw new Error(`reference: window must be 3, 5 or 7, got ${k}`);
  const r = (k - 1) / 2;
  const sigma = 1.5;
  const out: Array<[number, number, number]> = [];
  let total = 0;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const v = Math.exp(-(dy * dy + dx * dx) / (2 * sigma * sigma));
      out.push([dy, dx, v]);
      total += v;
    }
  }
  return out.map(([dy, dx, v]) => [dy, dx, v / total]);
}

/**
 * The standardised value (x_i − μ_i + c4)/(σ_i + c4) of every pixel, with the zero-padded window
 * (outside positions have value 0 and keep their weight), centred variance, σ = sqrt(v + 1e-8).
 */
export function standardised(x: ArrayLike<number>, h: number, w: number, k: number, c4: number): number[] {
  const win = gaussianWindow(k);
  const val = (y: number, xx: number): number => (y >= 0 && y < h && xx >= 0 && xx < w ? at(x, y * w + xx) : 0);
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let xx = 0; xx < w; xx++) {
      let mu = 0;
      for (const [dy, dx, wt] of win) mu += wt * val(y + dy, xx + dx);
      let v = 0;
      for (const [dy, dx, wt] of win) {
        const d = val(y + dy, xx + dx) - mu;
        v += wt * d * d;
      }
      const sigma = Math.sqrt(v + 1e-8);
      out.push((at(x, y * w + xx) - mu + c4) / (sigma + c4));
    }
  }
  return out;
}

/** The signed structure difference x_i (e_i = |x_i|). */
export function structuralDiff(
  g: ArrayLike<number>,
  p: ArrayLike<number>,
  h: number,
  w: number,
  pr: RefParams,
): number[] {
  const k = num(pr, 'window');
  const c4 = num(pr, 'c4');
  const sg = standardised(g, h, w, k, c4);
  const sp = standardised(p, h, w, k, c4);
  return sg.map((a, i) => a - at(sp, i));
}

function structuralCutoff(eMax: number, beta: number): number {
  return Math.max(beta * eMax, 1e-5);
}

// ---------------------------------------------------------------------------------------------------------
// Side inputs

export function referenceSide(
  id: LossId,
  g: ArrayLike<number>,
  p: ArrayLike<number>,
  h: number,
  w: number,
  params: RefParams = {},
): FrozenSide {
  checkShape(g, h, w, 'g');
  checkShape(p, h, w, 'p');
  const pr = refParams(id, params);
  switch (id) {
    case 'hausdorff_dt': {
      const predMask = binarize(p, num(pr, 'threshold'));
      return { predMask, dp: distanceField(predMask, h, w) };
    }
    case 'shape_aware': {
      const predMask = binarize(p, num(pr, 'threshold'));
      return { predMask, E: meanContourDistance(predMask, binarize(g, 0.5), h, w) };
    }
    case 'structural': {
      const e = structuralDiff(g, p, h, w, pr).map(Math.abs);
      const eMax = Math.max(...e);
      const cut = structuralCutoff(eMax, num(pr, 'beta'));
      const f = e.map((ei) => (ei > cut ? 1 : 0));
      return { f, eMax, M: count(f) };
    }
    case 'balanced_bce': {
      const b = numOrNull(pr, 'beta');
      return { beta: b ?? 1 - stats(g, p).sumG / g.length };
    }
    default:
      return {};
  }
}

// ---------------------------------------------------------------------------------------------------------
// The losses

export function referenceLoss(
  id: LossId,
  g: ArrayLike<number>,
  p: ArrayLike<number>,
  h: number,
  w: number,
  params: RefParams = {},
  frozen?: FrozenSide,
): number {
  checkShape(g, h, w, 'g');
  checkShape(p, h, w, 'p');
  const pr = refParams(id, params);
  const n = h * w;
  const eps = num(pr, 'eps');
  const side = frozen ?? referenceSide(id, g, p, h, w, params);

  switch (id) {
    case 'bce':
      return meanCE(g, p, eps);

    case 'weighted_bce': {
      const beta = num(pr, 'beta');
      let s = 0;
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        const pi = at(p, i);
        s += beta * gi * lpos(pi, eps) + (1 - gi) * lneg(pi, eps);
      }
      return s / n;
    }

    case 'balanced_bce': {
      const beta = side.beta ?? numOrNull(pr, 'beta') ?? 1 - stats(g, p).sumG / n;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        const pi = at(p, i);
        s += beta * gi * lpos(pi, eps) + (1 - beta) * (1 - gi) * lneg(pi, eps);
      }
      return s / n;
    }

    case 'focal': {
      const gamma = num(pr, 'gamma');
      const alpha = numOrNull(pr, 'alpha');
      const aPos = alpha ?? 1;
      const aNeg = alpha === null ? 1 : 1 - alpha;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        const q = clip(at(p, i), eps);
        // Math.pow(0, 0) === 1, the documented 0^0 = 1.
        s += aPos * gi * Math.pow(1 - q, gamma) * -Math.log(q) + aNeg * (1 - gi) * Math.pow(q, gamma) * -Math.log1p(-q);
      }
      return s / n;
    }

    case 'distance_bce': {
      const lambda = num(pr, 'lambda');
      const phi = phiMap(g, h, w);
      let s = 0;
      for (let i = 0; i < n; i++) s += (1 + lambda * at(phi, i)) * ce(at(g, i), at(p, i), eps);
      return s / n;
    }

    case 'dice': {
      const { snr, sdr } = smoothing(pr);
      const dsc = diceCoefficient(stats(g, p), snr, sdr, bool(pr, 'squared'));
      return dsc === null ? 0 : 1 - dsc;
    }

    case 'sens_spec': {
      const r = num(pr, 'r');
      let errFg = 0;
      let errBg = 0;
      let sumG = 0;
      let sumBg = 0;
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        const d2 = (gi - at(p, i)) ** 2;
        errFg += d2 * gi;
        errBg += d2 * (1 - gi);
        sumG += gi;
        sumBg += 1 - gi;
      }
      return (r * errFg) / (sumG + eps) + ((1 - r) * errBg) / (sumBg + eps);
    }

    case 'tversky':
      return 1 - tverskyIndex(stats(g, p), pr);

    case 'focal_tversky': {
      // max(1 − TI, 0)^(1/γ): TI > 1 needs smooth_nr > smooth_dr.
      const ti = tverskyIndex(stats(g, p), pr);
      return Math.pow(Math.max(1 - ti, 0), 1 / num(pr, 'gamma'));
    }

    case 'log_cosh_dice': {
      const { snr, sdr } = smoothing(pr);
      const dsc = diceCoefficient(stats(g, p), snr, sdr, false);
      return logCosh(dsc === null ? 0 : 1 - dsc);
    }

    case 'hausdorff_dt': {
      const alpha = num(pr, 'alpha');
      const dg = distanceField(binarize(g, 0.5), h, w);
      const dp = side.dp ?? distanceField(binarize(p, num(pr, 'threshold')), h, w);
      let s = 0;
      for (let i = 0; i < n; i++) {
        // Math.pow(0, α) === 0 for α > 0 (0^α = 0).
        s += (at(p, i) - at(g, i)) ** 2 * (Math.pow(at(dp, i), alpha) + Math.pow(at(dg, i), alpha));
      }
      return s / n;
    }

    case 'shape_aware': {
      const E = side.E ?? meanContourDistance(binarize(p, num(pr, 'threshold')), binarize(g, 0.5), h, w);
      return (1 + num(pr, 'scale') * E) * meanCE(g, p, eps);
    }

    case 'combo': {
      const alpha = num(pr, 'alpha');
      const beta = num(pr, 'beta');
      const { snr, sdr } = smoothing(pr);
      let s = 0;
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        const pi = at(p, i);
        s += beta * gi * lpos(pi, eps) + (1 - beta) * (1 - gi) * lneg(pi, eps);
      }
      const dsc = diceCoefficient(stats(g, p), snr, sdr, false) ?? 1;
      return (alpha * s) / n - (1 - alpha) * dsc;
    }

    case 'exp_log': {
      const { snr, sdr } = smoothing(pr);
      const st = stats(g, p);
      const gd = num(pr, 'gamma_dice');
      const gc = num(pr, 'gamma_cross');
      const wd = num(pr, 'w_dice');
      const d1den = st.sumP + st.sumG + sdr;
      const d0den = n - st.sumP + (n - st.sumG) + sdr;
      const d1 = d1den === 0 ? 1 : (2 * st.tp + snr) / d1den;
      const d0 = d0den === 0 ? 1 : (2 * st.tn + snr) / d0den;
      // Values are exact; the 1e-6 floor of docs/losses.md only applies to the slope of x^γ.
      const lDice = 0.5 * (Math.pow(Math.max(-Math.log(d0), 0), gd) + Math.pow(Math.max(-Math.log(d1), 0), gd));
      const f1 = st.sumG;
      const f0 = n - st.sumG;
      const w1 = f1 === 0 ? 0 : Math.sqrt(n / f1);
      const w0 = f0 === 0 ? 0 : Math.sqrt(n / f0);
      let s = 0;
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        const pi = at(p, i);
        s += w1 * gi * Math.pow(lpos(pi, eps), gc) + w0 * (1 - gi) * Math.pow(lneg(pi, eps), gc);
      }
      // A term with weight 0 is absent, even where it is infinite (docs/losses.md §14).
      return (wd === 0 ? 0 : wd * lDice) + (wd === 1 ? 0 : (1 - wd) * (s / n));
    }

    case 'structural': {
      const x = structuralDiff(g, p, h, w, pr);
      const sign = side.sign;
      const e = x.map((xi, i) => (sign ? at(sign, i) * xi : Math.abs(xi)));
      let f = side.f;
      let M = side.M;
      if (f === undefined || M === undefined) {
        const eMax = Math.max(...e);
        const cut = structuralCutoff(eMax, num(pr, 'beta'));
        f = e.map((ei) => (ei > cut ? 1 : 0));
        M = count(f);
      }
      if (M === 0) return 0;
      let s = 0;
      for (let i = 0; i < n; i++) {
        if (at(f, i) === 0) continue;
        s += at(e, i) * at(f, i) * ce(at(g, i), at(p, i), eps);
      }
      return s / M;
    }

    default: {
      const never: never = id;
      throw new Error(`reference: unknown loss ${String(never)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Margins

/**
 * How far the scene is from a jump of a side input or a kink of the loss; Infinity where there is none.
 * Units by loss:
 *   - hausdorff_dt, shape_aware: probability, min_i |p_i − threshold|, and min_i |g_i − 0.5| (the masks);
 *   - distance_bce: min_i |g_i − 0.5| (Φ depends on [g > 0.5] only);
 *   - structural: min_i |e_i − max(β e_max, 1e-5)| (units of e);
 *   - focal_tversky: |(1 − TI) − 1e-6| (the gradient's floor; also < 1e-6 when TI ≥ 1);
 *   - exp_log: min over the floored quantities (−ln D_0, −ln D_1, and ℓ⁺_i / ℓ⁻_i of the pixels with a
 *     nonzero weight) of |value − 1e-6| (units of nats);
 *   - all others: Infinity.
 * The clip of p to [eps, 1 − eps] is not part of the margin: tests must keep p inside it (see gradient.ts).
 */
export function referenceMargin(
  id: LossId,
  g: ArrayLike<number>,
  p: ArrayLike<number>,
  h: number,
  w: number,
  params: RefParams = {},
): number {
  checkShape(g, h, w, 'g');
  checkShape(p, h, w, 'p');
  const pr = refParams(id, params);
  const n = h * w;
  const gMargin = (): number => {
    let m = Infinity;
    for (let i = 0; i < n; i++) m = Math.min(m, Math.abs(at(g, i) - 0.5));
    return m;
  };
  switch (id) {
    case 'hausdorff_dt':
    case 'shape_aware': {
      const t = num(pr, 'threshold');
      let m = gMargin();
      for (let i = 0; i < n; i++) m = Math.min(m, Math.abs(at(p, i) - t));
      return m;
    }
    case 'distance_bce':
      return gMargin();
    case 'structural': {
      const e = structuralDiff(g, p, h, w, pr).map(Math.abs);
      const cut = structuralCutoff(Math.max(...e), num(pr, 'beta'));
      return Math.min(...e.map((ei) => Math.abs(ei - cut)));
    }
    case 'focal_tversky':
      return Math.abs(1 - tverskyIndex(stats(g, p), pr) - 1e-6);
    case 'exp_log': {
      const { snr, sdr } = smoothing(pr);
      const eps = num(pr, 'eps');
      const st = stats(g, p);
      const d1den = st.sumP + st.sumG + sdr;
      const d0den = n - st.sumP + (n - st.sumG) + sdr;
      const d1 = d1den === 0 ? 1 : (2 * st.tp + snr) / d1den;
      const d0 = d0den === 0 ? 1 : (2 * st.tn + snr) / d0den;
      let m = Math.min(Math.abs(-Math.log(d1) - 1e-6), Math.abs(-Math.log(d0) - 1e-6));
      const fgWeighted = st.sumG > 0;
      const bgWeighted = n - st.sumG > 0;
      for (let i = 0; i < n; i++) {
        const gi = at(g, i);
        const pi = at(p, i);
        if (fgWeighted && gi !== 0) m = Math.min(m, Math.abs(lpos(pi, eps) - 1e-6));
        if (bgWeighted && gi !== 1) m = Math.min(m, Math.abs(lneg(pi, eps) - 1e-6));
      }
      return m;
    }
    default:
      return Infinity;
  }
}
