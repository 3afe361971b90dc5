/**
 * The structural loss (docs/losses.md §15) on the host, kept across predictions: everything but the global
 * max, the count M and the final 1/M is a function of the pixels within a window's reach, so a brush dab
 * refills its box grown by the reach and nothing else (the PixelTermCache's boxes).
 *
 *  - d = b_target − b_pred per pixel, refilled over the box grown by r (b reads a k × k window);
 *  - e_max = max |d| (one pass); the cut-off max(β e_max, floor) selects the pixels that count;
 *  - M and Σ e·CE over the selected pixels as row sums, kept per cut-off;
 *  - the gradient without its factor 1/M, T = D + A − win(A) − p·win(B) + win(B·μ), kept per cut-off and
 *    refilled over the box grown by 2r (its window sums read A and B a window away); the map is T/M.
 * Each array is refilled with the code a whole-grid pass runs (window sums form every sum in the same
 * order whatever the box), so the numbers do not depend on the history of dabs.
 */
import type { EvalContext } from '../context.ts';
import type { Box } from './pixelCache.ts';
import { gaussianTaps, windowSum } from '../window.ts';

/** Pixels whose structural error is below this are matches: above float32 rounding of e. */
export const STRUCTURAL_FLOOR = 1e-5;

export interface StructuralSettings {
  k: number;
  c4: number;
  beta: number;
  eps: number;
}

/** The prediction's local statistics, as the caller keeps them (updateLocalStructure's arrays). */
export interface PredictionStructure {
  mean: Float64Array;
  sigma: Float64Array;
  b: Float64Array;
}

export interface StructuralResult {
  value: number;
  /** e f CE / M per pixel: sums to the value. */
  terms: () => Float32Array;
  /** ∂L/∂p, through e, with f, e_max and M constant. */
  gradient: () => Float32Array;
}

function grow(box: Box, r: number, h: number, w: number): Box {
  return {
    y0: Math.max(0, box.y0 - r),
    y1: Math.min(h, box.y1 + r),
    x0: Math.max(0, box.x0 - r),
    x1: Math.min(w, box.x1 + r),
  };
}

/** Float64 scratch rows for the window sums, re-used across evaluations (the calls never nest). */
const scratch = new Map<number, Float64Array>();

export function scratchRows(n: number): Float64Array {
  let rows = scratch.get(n);
  if (!rows) {
    scratch.clear();
    rows = new Float64Array(n);
    scratch.set(n, rows);
  }
  return rows;
}

/**
 * @param targetB the ground truth's structure b
 * @param pred the prediction's local statistics, up to date for ctx.pred
 * @param ce each pixel's CE as the loss weighs it (structuralCe), up to date for ctx.pred
 */
export function structuralFromCache(
  ctx: EvalContext,
  s: StructuralSettings,
  targetB: Float64Array,
  pred: PredictionStructure,
  ce: Float64Array,
): StructuralResult {
  const { h, w, n } = ctx.target;
  const r = (s.k - 1) >> 1;
  const d = ctx.pixels.get(`structural-d:${s.k}:${s.c4}`, 1, ([out], box) => {
    const o = out as Float64Array;
    const reach = grow(box, r, h, w);
    for (let y = reach.y0; y < reach.y1; y++) {
      for (let i = y * w + reach.x0; i < y * w + reach.x1; i++) o[i] = (targetB[i] as number) - (pred.b[i] as number);
    }
  })[0] as Float64Array;
  let eMax = 0;
  for (let i = 0; i < n; i++) eMax = Math.max(eMax, Math.abs(d[i] as number));
  const cutoff = Math.max(s.beta * eMax, STRUCTURAL_FLOOR);
  const key = `${s.k}:${s.c4}:${s.eps}:${cutoff}`;
  // M (an integer count) and Σ e·CE over the selected pixels, row by row; rows a window away from a
  // dab change with it.
  const totals = ctx.pixels.rowSums(
    `structural Σ:${key}`,
    2,
    (rows, y0, y1) => {
      for (let y = y0; y < y1; y++) {
        let count = 0;
        let total = 0;
        for (let i = y * w; i < (y + 1) * w; i++) {
          const e = Math.abs(d[i] as number);
          if (!(e > cutoff)) continue;
          count += 1;
          total += e * (ce[i] as number);
        }
        rows[2 * y] = count;
        rows[2 * y + 1] = total;
      }
    },
    r,
  );
  const m = totals[0] as number;
  const value = m > 0 ? (totals[1] as number) / m : 0;

  const terms = (): Float32Array => {
    const out = new Float32Array(n);
    if (m > 0) {
      for (let i = 0; i < n; i++) {
        const e = Math.abs(d[i] as number);
        if (e > cutoff) out[i] = (e * (ce[i] as number)) / m;
      }
    }
    return out;
  };
  let gradientMemo: Float32Array | null = null;
  const gradient = (): Float32Array => {
    if (gradientMemo) return gradientMemo;
    const out = new Float32Array(n);
    gradientMemo = out;
    if (m === 0) return out; // f ≡ 0: the loss is flat
    const t = unscaledGradient(ctx, s, key, d, cutoff, pred, ce);
    for (let i = 0; i < n; i++) out[i] = (t[i] as number) / m;
    return out;
  };
  return { value, terms, gradient };
}

/**
 * M · ∂L/∂p, kept per cut-off. With u_i = −sign(d_i) CE_i on the selected pixels (M times the upstream
 * gradient into b_i), ∂b_i/∂p_j = δ_ij/s_i − w_{j−i}/s_i − (p_i − μ_i + C₄)/(s_i² σ_i) · w_{j−i}(p_j − μ_i)
 * and the window is symmetric, so the sums over i are window sums of A = u/s, B = u (p − μ + C₄)/(s² σ)
 * and B·μ; the direct term is e_i dCE_i/dp_i.
 */
function unscaledGradient(
  ctx: EvalContext,
  s: StructuralSettings,
  key: string,
  d: Float64Array,
  cutoff: number,
  pred: PredictionStructure,
  ce: Float64Array,
): Float64Array {
  const { g, h, w } = ctx.target;
  const p = ctx.pred;
  const r = (s.k - 1) >> 1;
  const taps = gaussianTaps(s.k);
  return ctx.pixels.get(`structural-grad:${key}`, 7, (arrays, box) => {
    const [a, b, bmu, ca, cb, cbmu, out] = arrays as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const upstream = grow(box, r, h, w);
    for (let y = upstream.y0; y < upstream.y1; y++) {
      for (let i = y * w + upstream.x0; i < y * w + upstream.x1; i++) {
        const c = ce[i] as number;
        const di = d[i] as number;
        if (!(Math.abs(di) > cutoff) || c === 0) {
          a[i] = 0;
          b[i] = 0;
          bmu[i] = 0;
          continue;
        }
        const u = -Math.sign(di) * c;
        const sig = pred.sigma[i] as number;
        const sc = sig + s.c4;
        const mu = pred.mean[i] as number;
        a[i] = u / sc;
        b[i] = (u * ((p[i] as number) - mu + s.c4)) / (sc * sc * sig);
        bmu[i] = (b[i] as number) * mu;
      }
    }
    const windowed = grow(box, 2 * r, h, w);
    const rows = scratchRows(h * w);
    windowSum(a, h, w, taps, ca, rows, windowed);
    windowSum(b, h, w, taps, cb, rows, windowed);
    windowSum(bmu, h, w, taps, cbmu, rows, windowed);
    for (let y = windowed.y0; y < windowed.y1; y++) {
      for (let i = y * w + windowed.x0; i < y * w + windowed.x1; i++) {
        const pi = p[i] as number;
        const e = Math.abs(d[i] as number);
        let direct = 0;
        if (e > cutoff && (ce[i] as number) !== 0) {
          const gi = g[i] as number;
          const q = Math.min(Math.max(pi, s.eps), 1 - s.eps);
          direct = e * (-gi / q + (1 - gi) / (1 - q));
        }
        out[i] = direct + (a[i] as number) - (ca[i] as number) - pi * (cb[i] as number) + (cbmu[i] as number);
      }
    }
  })[6] as Float64Array;
}
