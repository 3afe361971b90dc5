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
import { gaussianTaps, windowSum } from '../window.ts';
import type { WindowBox } from '../window.ts';

/** Pixels whose structural error is below this are matches: above float32 rounding of e. */
export const STRUCTURAL_FLOOR = 1e-5;

export interface LocalStructure {
  /** b = (x − μ + C₄)/(σ + C₄) */
  b: Float64Array;
  mean: Float64Array;
  sigma: Float64Array;
}

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
  const [xs, sq, m2, mean, sigma, b] = Array.from({ length: 6 }, () => new Float64Array(n)) as Float64Array[];
  updateLocalStructure(x, h, w, k, c4, [xs, sq, m2, mean, sigma, b] as Float64Array[], { y0: 0, y1: h, x0: 0, x1: w });
  return { b: b as Float64Array, mean: mean as Float64Array, sigma: sigma as Float64Array };
}

/**
 * Local mean μ, deviation σ = √(v + 1e-8) with v = Σ w (x − μ)² = conv(x²) − μ², and the structure b,
 * updated where `changed` (the pixels of x that changed) reaches through the window. `arrays` are
 * [x, x², conv(x²), μ, σ, b], kept by the caller; every value is computed as a whole-grid pass would.
 */
export function updateLocalStructure(
  x: ArrayLike<number>, h: number, w: number, k: number, c4: number, arrays: Float64Array[], changed: WindowBox,
): void {
  const [xs, sq, m2, mean, sigma, b] = arrays as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const taps = gaussianTaps(k);
  const r = (k - 1) >> 1;
  for (let y = changed.y0; y < changed.y1; y++) {
    for (let i = y * w + changed.x0; i < y * w + changed.x1; i++) {
      const v = x[i] as number;
      xs[i] = v;
      sq[i] = v * v;
    }
  }
  const reach = {
    y0: Math.max(0, changed.y0 - r), y1: Math.min(h, changed.y1 + r),
    x0: Math.max(0, changed.x0 - r), x1: Math.min(w, changed.x1 + r),
  };
  withScratch(h * w, 1, ([rows]) => {
    windowSum(xs, h, w, taps, mean, rows as Float64Array, reach);
    windowSum(sq, h, w, taps, m2, rows as Float64Array, reach);
  });
  for (let y = reach.y0; y < reach.y1; y++) {
    for (let i = y * w + reach.x0; i < y * w + reach.x1; i++) {
      const mu = mean[i] as number;
      const s = Math.sqrt(Math.max((m2[i] as number) - mu * mu, 0) + 1e-8);
      sigma[i] = s;
      b[i] = ((xs[i] as number) - mu + c4) / (s + c4);
    }
  }
}

/** The CE of one pixel as the structural loss weighs it (float64 clip, log1p for the background). */
export function structuralCe(g: number, p: number, eps: number): number {
  const q = Math.min(Math.max(p, eps), 1 - eps);
  return -(g * Math.log(q) + (1 - g) * Math.log1p(-q));
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
  /** Each pixel's CE (structuralCe), when the caller keeps it. */
  ceAll: Float64Array | null = null,
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
    const c = ceAll ? (ceAll[i] as number) : structuralCe(g[i] as number, p[i] as number, eps);
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
    const eps = defaultClipEps(params);
    const targetStructure = t.hostCached(`structure:${k}:${c4}`, () => localStructure(t.g, t.h, t.w, k, c4));
    // The prediction's structure and CE are kept across predictions and updated where a dab reached.
    const [, , , mean, sigma, b] = ctx.pixels.get(`structure:${k}:${c4}`, 6, (arrays, box) => updateLocalStructure(ctx.pred, t.h, t.w, k, c4, arrays, box)) as Float64Array[];
    const ceAll = ctx.pixels.get(`structural-ce:${eps}`, 1, ([out], box) => {
      const o = out as Float64Array;
      for (let y = box.y0; y < box.y1; y++) {
        for (let i = y * t.w + box.x0; i < y * t.w + box.x1; i++) o[i] = structuralCe(t.g[i] as number, ctx.pred[i] as number, eps);
      }
    })[0] as Float64Array;
    const predStructure = { mean: mean as Float64Array, sigma: sigma as Float64Array, b: b as Float64Array };
    return structuralOnHost(t.g, ctx.pred, t.h, t.w, params, targetStructure, predStructure, ceAll);
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
