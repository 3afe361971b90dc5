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
import { scratchRows, structuralFromCache } from '../host/structural.ts';
import type { StructuralResult } from '../host/structural.ts';

export interface LocalStructure {
  /** b = (x − μ + C₄)/(σ + C₄) */
  b: Float64Array;
  mean: Float64Array;
  sigma: Float64Array;
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
  x: ArrayLike<number>,
  h: number,
  w: number,
  k: number,
  c4: number,
  arrays: Float64Array[],
  changed: WindowBox,
): void {
  const [xs, sq, m2, mean, sigma, b] = arrays as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
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
    y0: Math.max(0, changed.y0 - r),
    y1: Math.min(h, changed.y1 + r),
    x0: Math.max(0, changed.x0 - r),
    x1: Math.min(w, changed.x1 + r),
  };
  const rows = scratchRows(h * w);
  windowSum(xs, h, w, taps, mean, rows, reach);
  windowSum(sq, h, w, taps, m2, rows, reach);
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

function evaluateOnHost(ctx: EvalContext, params: ParamSet): StructuralResult {
  const k = numberParam(params, 'window');
  const c4 = numberParam(params, 'c4');
  const beta = numberParam(params, 'beta');
  const eps = defaultClipEps(params);
  return ctx.hostMemo(`structural:${k}:${c4}:${beta}:${eps}`, () => {
    const t = ctx.target;
    const targetStructure = t.hostCached(`structure:${k}:${c4}`, () => localStructure(t.g, t.h, t.w, k, c4));
    // The prediction's structure and CE are kept across predictions and updated where a dab reached.
    const [, , , mean, sigma, b] = ctx.pixels.get(`structure:${k}:${c4}`, 6, (arrays, box) =>
      updateLocalStructure(ctx.pred, t.h, t.w, k, c4, arrays, box),
    ) as Float64Array[];
    const ce = ctx.pixels.get(`structural-ce:${eps}`, 1, ([out], box) => {
      const o = out as Float64Array;
      for (let y = box.y0; y < box.y1; y++) {
        for (let i = y * t.w + box.x0; i < y * t.w + box.x1; i++)
          o[i] = structuralCe(t.g[i] as number, ctx.pred[i] as number, eps);
      }
    })[0] as Float64Array;
    const pred = { mean: mean as Float64Array, sigma: sigma as Float64Array, b: b as Float64Array };
    return structuralFromCache(ctx, { k, c4, beta, eps }, targetStructure.b, pred, ce);
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
