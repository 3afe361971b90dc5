/**
 * The per-pixel terms of the host path, in float64 from the float32 inputs, kept in the PixelTermCache.
 * q = clip(p, ε, 1 − ε) uses float32 bounds and 1 − q is rounded to float32, as on every tf.js backend
 * (1 − 1e-7 is 1 − 1.19e-7 in float32): a saturated pixel then gets the device path's log, so the host
 * path (cpu, wasm, the CLI) and the device path (webgl) show the same numbers. Everything after is float64.
 * For a binary ground truth ℓ⁺ and ℓ⁻ are one array, −ln q_t (see LogTerms in context.ts).
 */
import type { EvalContext } from '../context.ts';
import type { Box } from './pixelCache.ts';

/** The clip bounds as float32 numbers. */
export function clipBounds(eps: number): { lo: number; hi: number } {
  return { lo: Math.fround(eps), hi: Math.fround(1 - eps) };
}

export function clip(p: number, lo: number, hi: number): number {
  return p < lo ? lo : p > hi ? hi : p;
}

/** 1 − q as float32 arithmetic gives it (the device's tf.sub(1, q)). */
export function oneMinus(q: number): number {
  return Math.fround(1 - q);
}

export interface HostLogs {
  /** ℓ⁺ = −ln q (binary: −ln q_t, valid where g = 1) */
  lp: Float64Array;
  /** ℓ⁻ = −ln(1 − q) (binary: the same array, valid where g = 0) */
  lm: Float64Array;
}

/** Iterates a box's pixel indices row by row. */
function rows(box: Box, w: number, f: (start: number, end: number) => void): void {
  for (let y = box.y0; y < box.y1; y++) f(y * w + box.x0, y * w + box.x1);
}

export function hostLogs(ctx: EvalContext, eps: number): HostLogs {
  const { g, binary, w } = ctx.target;
  const p = ctx.pred;
  const { lo, hi } = clipBounds(eps);
  if (binary) {
    const [lt] = ctx.pixels.get(`lt:${eps}`, 1, ([out], box) =>
      rows(box, w, (start, end) => {
        const o = out as Float64Array;
        for (let i = start; i < end; i++) {
          const q = clip(p[i] as number, lo, hi);
          o[i] = g[i] === 1 ? -Math.log(q) : -Math.log(oneMinus(q));
        }
      }),
    ) as [Float64Array];
    return { lp: lt, lm: lt };
  }
  const [lp, lm] = ctx.pixels.get(`lp,lm:${eps}`, 2, ([a, b], box) =>
    rows(box, w, (start, end) => {
      const pos = a as Float64Array;
      const neg = b as Float64Array;
      for (let i = start; i < end; i++) {
        const q = clip(p[i] as number, lo, hi);
        pos[i] = -Math.log(q);
        neg[i] = -Math.log(oneMinus(q));
      }
    }),
  ) as [Float64Array, Float64Array];
  return { lp, lm };
}

/** b^γ by multiplication for small integer γ (the defaults), else exp(γ ln b). b > 0. */
function power(b: number, gamma: number): number {
  switch (gamma) {
    case 0:
      return 1;
    case 1:
      return b;
    case 2:
      return b * b;
    case 3:
      return b * b * b;
    case 4: {
      const b2 = b * b;
      return b2 * b2;
    }
    default:
      return Math.exp(gamma * Math.log(b));
  }
}

/**
 * Focal modulators: (1 − q)^γ where the foreground term is weighted (onPos) and q^γ where the background
 * one is (onNeg); one array (1 − q_t)^γ for a binary ground truth.
 */
export function focalModulators(
  ctx: EvalContext,
  eps: number,
  gamma: number,
): { onPos: Float64Array; onNeg: Float64Array } {
  const { g, binary, w } = ctx.target;
  const p = ctx.pred;
  const { lo, hi } = clipBounds(eps);
  if (binary) {
    const [m] = ctx.pixels.get(`focal-mod:${eps}:${gamma}`, 1, ([out], box) =>
      rows(box, w, (start, end) => {
        const o = out as Float64Array;
        for (let i = start; i < end; i++) {
          const q = clip(p[i] as number, lo, hi);
          o[i] = power(g[i] === 1 ? oneMinus(q) : q, gamma);
        }
      }),
    ) as [Float64Array];
    return { onPos: m, onNeg: m };
  }
  const [onPos, onNeg] = ctx.pixels.get(`focal-mod±:${eps}:${gamma}`, 2, ([a, b], box) =>
    rows(box, w, (start, end) => {
      const pos = a as Float64Array;
      const neg = b as Float64Array;
      for (let i = start; i < end; i++) {
        const q = clip(p[i] as number, lo, hi);
        pos[i] = power(oneMinus(q), gamma);
        neg[i] = power(q, gamma);
      }
    }),
  ) as [Float64Array, Float64Array];
  return { onPos, onNeg };
}

/** ln of the other class's clipped probability: ln(1 − q) where g = 1, ln q where g = 0 (binary only). */
export function otherLogs(ctx: EvalContext, eps: number): Float64Array {
  const { g, w } = ctx.target;
  const p = ctx.pred;
  const { lo, hi } = clipBounds(eps);
  return ctx.pixels.get(`ln-other:${eps}`, 1, ([out], box) =>
    rows(box, w, (start, end) => {
      const o = out as Float64Array;
      for (let i = start; i < end; i++) {
        const q = clip(p[i] as number, lo, hi);
        o[i] = Math.log(g[i] === 1 ? oneMinus(q) : q);
      }
    }),
  )[0] as Float64Array;
}

/** [ℓ⁺^γ, ℓ⁻^γ] of the exp-log cross term (one array for a binary ground truth). ℓ > 0 after the clip. */
export function crossPowers(ctx: EvalContext, eps: number, gamma: number): { pos: Float64Array; neg: Float64Array } {
  const { lp, lm } = hostLogs(ctx, eps);
  const { w } = ctx.target;
  const fill = (src: Float64Array) => (arrays: Float64Array[], box: Box) =>
    rows(box, w, (start, end) => {
      const o = arrays[0] as Float64Array;
      for (let i = start; i < end; i++) o[i] = Math.exp(gamma * Math.log(src[i] as number));
    });
  const pos = ctx.pixels.get(`l+^${gamma}:${eps}`, 1, fill(lp))[0] as Float64Array;
  const neg = lm === lp ? pos : (ctx.pixels.get(`l-^${gamma}:${eps}`, 1, fill(lm))[0] as Float64Array);
  return { pos, neg };
}

/** [ln ℓ⁺, ln ℓ⁻] for sweeps of the exp-log γ_C (one array for a binary ground truth). */
export function logOfLogs(ctx: EvalContext, eps: number): { pos: Float64Array; neg: Float64Array } {
  const { lp, lm } = hostLogs(ctx, eps);
  const { w } = ctx.target;
  const fill = (src: Float64Array) => (arrays: Float64Array[], box: Box) =>
    rows(box, w, (start, end) => {
      const o = arrays[0] as Float64Array;
      for (let i = start; i < end; i++) o[i] = Math.log(src[i] as number);
    });
  const pos = ctx.pixels.get(`ln l+:${eps}`, 1, fill(lp))[0] as Float64Array;
  const neg = lm === lp ? pos : (ctx.pixels.get(`ln l-:${eps}`, 1, fill(lm))[0] as Float64Array);
  return { pos, neg };
}
