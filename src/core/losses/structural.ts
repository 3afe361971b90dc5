/**
 * The correlation-maximised structural similarity loss (docs/losses.md §15), computed on the host in
 * float64. It is a stencil (local means and deviations in a k × k window) followed by a global max and a
 * threshold; on the CPU backends a separable float64 pass is several times faster than the equivalent
 * chain of tf.js pads and slices, and float64 needs no care about cancellation in conv(x²) − μ²
 * (float32 noise there, amplified by √v + C₄ in flat regions, changed e by percents).
 */
import { tf } from '../tf.ts';
import type { EvalContext } from '../context.ts';
import type { ParamSet } from '../types.ts';
import type { LossImpl } from './types.ts';
import { defaultClipEps, numberParam } from './types.ts';
import { gaussianTaps } from '../window.ts';

/** Pixels whose structural error is below this are matches: above float32 rounding of e. */
export const STRUCTURAL_FLOOR = 1e-5;

/**
 * Σ_k w_k x_{i+k} with the normalised Gaussian window and zero padding: a row pass, then a column pass,
 * each as one branch-free loop per tap over the pixels whose neighbour at that offset is inside the image
 * (a tap's missing neighbours are the zero padding). Several times faster than a loop over taps per pixel.
 */
export function windowSum(
  x: Float64Array, h: number, w: number, taps: readonly number[],
  out: Float64Array = new Float64Array(h * w), rows: Float64Array = new Float64Array(h * w),
): Float64Array {
  if (taps.length === 3) return windowSum3(x, h, w, taps[0] as number, taps[1] as number, out, rows);
  const r = (taps.length - 1) >> 1;
  rows.fill(0);
  for (let d = -r; d <= r; d++) {
    const wt = taps[d + r] as number;
    const lo = Math.max(0, -d);
    const hi = Math.min(w, w - d);
    for (let y = 0; y < h; y++) {
      const base = y * w;
      for (let xx = lo; xx < hi; xx++) rows[base + xx] = (rows[base + xx] as number) + wt * (x[base + xx + d] as number);
    }
  }
  out.fill(0);
  for (let d = -r; d <= r; d++) {
    const wt = taps[d + r] as number;
    for (let y = Math.max(0, -d); y < Math.min(h, h - d); y++) {
      const dst = y * w;
      const src = (y + d) * w;
      for (let xx = 0; xx < w; xx++) out[dst + xx] = (out[dst + xx] as number) + wt * (rows[src + xx] as number);
    }
  }
  return out;
}

/** The default 3 × 3 window, unrolled: a sum in a register per pixel, ~3× faster than the general loop. */
function windowSum3(x: Float64Array, h: number, w: number, edge: number, centre: number, out: Float64Array, rows: Float64Array): Float64Array {
  for (let y = 0; y < h; y++) {
    const b = y * w;
    if (w === 1) {
      rows[b] = centre * (x[b] as number);
      continue;
    }
    rows[b] = centre * (x[b] as number) + edge * (x[b + 1] as number);
    for (let i = b + 1; i < b + w - 1; i++) rows[i] = edge * ((x[i - 1] as number) + (x[i + 1] as number)) + centre * (x[i] as number);
    rows[b + w - 1] = edge * (x[b + w - 2] as number) + centre * (x[b + w - 1] as number);
  }
  for (let y = 0; y < h; y++) {
    const b = y * w;
    const up = y > 0 ? b - w : -1;
    const down = y < h - 1 ? b + w : -1;
    for (let i = 0; i < w; i++) {
      let s = centre * (rows[b + i] as number);
      if (up >= 0) s += edge * (rows[up + i] as number);
      if (down >= 0) s += edge * (rows[down + i] as number);
      out[b + i] = s;
    }
  }
  return out;
}

export interface LocalStructure {
  /** b = (x − μ + C₄)/(σ + C₄) */
  b: Float64Array;
  mean: Float64Array;
  sigma: Float64Array;
}

/** Local mean μ, deviation σ = √(v + 1e-8) with v = Σ w (x − μ)² = conv(x²) − μ², and the structure b. */
/** Float64 scratch buffers by length, re-used across evaluations: ~10 MB less garbage per frame at 256². */
const scratchPool = new Map<number, Float64Array[]>();

function withScratch<T>(n: number, count: number, f: (bufs: Float64Array[]) => T): T {
  const free = scratchPool.get(n) ?? [];
  scratchPool.set(n, free);
  const bufs = Array.from({ length: count }, () => free.pop() ?? new Float64Array(n));
  try {
    return f(bufs);
  } finally {
    for (const b of bufs) if (free.length < 12) free.push(b);
  }
}

export function localStructure(x: ArrayLike<number>, h: number, w: number, k: number, c4: number): LocalStructure {
  const n = h * w;
  const taps = gaussianTaps(k);
  const mean = new Float64Array(n);
  const sigma = new Float64Array(n);
  const b = new Float64Array(n);
  withScratch(n, 4, ([xs, sq, m2, rows]) => {
    const xv = xs as Float64Array;
    const sv = sq as Float64Array;
    for (let i = 0; i < n; i++) {
      const v = x[i] as number;
      xv[i] = v;
      sv[i] = v * v;
    }
    windowSum(xv, h, w, taps, mean, rows as Float64Array);
    const m2v = windowSum(sv, h, w, taps, m2 as Float64Array, rows as Float64Array);
    for (let i = 0; i < n; i++) {
      const mu = mean[i] as number;
      const s = Math.sqrt(Math.max((m2v[i] as number) - mu * mu, 0) + 1e-8);
      sigma[i] = s;
      b[i] = ((xv[i] as number) - mu + c4) / (s + c4);
    }
  });
  return { b, mean, sigma };
}

export interface StructuralResult {
  value: number;
  /** e f CE / M per pixel: sums to the value. */
  terms: () => Float32Array;
  /** ∂L/∂p, through e, with f, e_max and M constant. */
  gradient: () => Float32Array;
}

export function structuralOnHost(
  g: Float32Array, p: Float32Array, h: number, w: number, params: ParamSet, targetStructure: LocalStructure,
  pred: LocalStructure = localStructure(p, h, w, numberParam(params, 'window'), numberParam(params, 'c4')),
): StructuralResult {
  const n = h * w;
  const k = numberParam(params, 'window');
  const c4 = numberParam(params, 'c4');
  const beta = numberParam(params, 'beta');
  const eps = defaultClipEps(params);
  const diff = new Float64Array(n);
  let eMax = 0;
  for (let i = 0; i < n; i++) {
    const d = (targetStructure.b[i] as number) - (pred.b[i] as number);
    diff[i] = d;
    eMax = Math.max(eMax, Math.abs(d));
  }
  const cutoff = Math.max(beta * eMax, STRUCTURAL_FLOOR);
  const ce = new Float64Array(n);
  let m = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.abs(diff[i] as number);
    if (!(e > cutoff)) continue;
    const gi = g[i] as number;
    const q = Math.min(Math.max(p[i] as number, eps), 1 - eps);
    const c = -(gi * Math.log(q) + (1 - gi) * Math.log1p(-q));
    ce[i] = c;
    m += 1;
    s += e * c;
  }
  const value = m > 0 ? s / m : 0;
  const terms = (): Float32Array => {
    const out = new Float32Array(n);
    if (m > 0) for (let i = 0; i < n; i++) out[i] = (Math.abs(diff[i] as number) * (ce[i] as number)) / m;
    return out;
  };

  let gradientMemo: Float32Array | null = null;
  const gradient = (): Float32Array => (gradientMemo ??= structuralGradient());
  const structuralGradient = (): Float32Array => {
    const out = new Float32Array(n);
    if (m === 0) return out; // f ≡ 0: the loss is flat
    const taps = gaussianTaps(k);
    return withScratch(n, 7, ([A, B, Bmu, cA, cB, cBmu, rows]) => gradientInto(out, A as Float64Array, B as Float64Array, Bmu as Float64Array, cA as Float64Array, cB as Float64Array, cBmu as Float64Array, rows as Float64Array, taps));
  };
  const gradientInto = (
    out: Float32Array, A: Float64Array, B: Float64Array, Bmu: Float64Array,
    cA: Float64Array, cB: Float64Array, cBmu: Float64Array, rows: Float64Array, taps: number[],
  ): Float32Array => {
    A.fill(0);
    B.fill(0);
    Bmu.fill(0);
    for (let i = 0; i < n; i++) {
      const c = ce[i] as number;
      if (c === 0) continue; // f_i = 0 (or CE_i = 0): no upstream
      const d = diff[i] as number;
      // u_i = −sign(a_i − b_i) f_i CE_i / M is the upstream gradient into b_i.
      const u = (-Math.sign(d) * c) / m;
      const sig = pred.sigma[i] as number;
      const sc = sig + c4;
      const mu = pred.mean[i] as number;
      A[i] = u / sc;
      B[i] = (u * ((p[i] as number) - mu + c4)) / (sc * sc * sig);
      Bmu[i] = (B[i] as number) * mu;
    }
    // ∂b_i/∂p_j = δ_ij/s_i − w_{j−i}/s_i − (p_i − μ_i + C₄)/(s_i² σ_i) · w_{j−i}(p_j − μ_i): the window is
    // symmetric, so the sums over i are window sums again.
    windowSum(A, h, w, taps, cA, rows);
    windowSum(B, h, w, taps, cB, rows);
    windowSum(Bmu, h, w, taps, cBmu, rows);
    for (let i = 0; i < n; i++) {
      const pi = p[i] as number;
      const c = ce[i] as number;
      let direct = 0;
      if (c !== 0) {
        const gi = g[i] as number;
        const q = Math.min(Math.max(pi, eps), 1 - eps);
        direct = (Math.abs(diff[i] as number) * (-gi / q + (1 - gi) / (1 - q))) / m;
      }
      out[i] = direct + (A[i] as number) - (cA[i] as number) - pi * (cB[i] as number) + (cBmu[i] as number);
    }
    return out;
  };
  return { value, terms, gradient };
}

function evaluateOnHost(ctx: EvalContext, params: ParamSet): StructuralResult {
  const k = numberParam(params, 'window');
  const c4 = numberParam(params, 'c4');
  return ctx.hostMemo(`structural:${k}:${c4}:${numberParam(params, 'beta')}:${defaultClipEps(params)}`, () => {
    const t = ctx.target;
    const targetStructure = t.hostCached(`structure:${k}:${c4}`, () => localStructure(t.g, t.h, t.w, k, c4));
    const predStructure = ctx.predictionMemo(`structure:${k}:${c4}`, () => localStructure(ctx.pred, t.h, t.w, k, c4));
    return structuralOnHost(t.g, ctx.pred, t.h, t.w, params, targetStructure, predStructure);
  });
}

export const structural: LossImpl = {
  // Everything is on the host: no device sums, so every sweep is host arithmetic.
  deviceKeys: [],
  sums: () => [],
  value: (_sums, ctx, params) => evaluateOnHost(ctx, params).value,
  gradient: (ctx, params) => tf.tensor2d(evaluateOnHost(ctx, params).gradient(), [ctx.target.h, ctx.target.w]),
  pixelTerms: (ctx, params) => tf.tensor2d(evaluateOnHost(ctx, params).terms(), [ctx.target.h, ctx.target.w]),
  clipEps: defaultClipEps,
  host: {
    sums: () => [],
    gradient: (ctx, params, out) => {
      out.set(evaluateOnHost(ctx, params).gradient());
      return out;
    },
    pixelTerms: (ctx, params) => evaluateOnHost(ctx, params).terms(),
  },
};
