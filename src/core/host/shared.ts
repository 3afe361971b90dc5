/**
 * Host-path passes several losses share: the two cross-entropy sums, the weighted-CE gradient, affine
 * region gradients and the logit factor. Sums accumulate in float64; maps are float32 only when stored.
 */
import type { EvalContext } from '../context.ts';
import { float32Finite } from '../losses/shared.ts';
import { clip, clipBounds, hostLogs, oneMinus } from './terms.ts';

/** [Σ g ℓ⁺, Σ (1 − g) ℓ⁻], kept while the prediction and ground truth are unchanged. */
export function hostCeSums(ctx: EvalContext, eps: number): number[] {
  return ctx.hostMemo(`host Σce:${eps}`, () => {
    const { lp, lm } = hostLogs(ctx, eps);
    const g = ctx.target.g;
    let a = 0;
    let b = 0;
    if (lp === lm) {
      for (let i = 0; i < g.length; i++) {
        if (g[i] === 1) a += lp[i] as number;
        else b += lp[i] as number;
      }
    } else {
      for (let i = 0; i < g.length; i++) {
        const gi = g[i] as number;
        a += gi * (lp[i] as number);
        b += (1 - gi) * (lm[i] as number);
      }
    }
    return [a, b];
  });
}

/**
 * A gradient of the form ∂L/∂p_i = (1/N)[wPos g_i dℓ⁺_i + wNeg (1 − g_i) dℓ⁻_i] + c0 + cg g_i + cp p_i:
 * every weighted cross-entropy, every region loss, and combo. Maps of this form are written together,
 * several per pass (linearGradientsInto), sharing the clip and the two reciprocals.
 */
export interface LinearGradient {
  /** The clip ε of q, for the CE part and for the logit factor q(1 − q). */
  eps: number;
  wPos: number;
  wNeg: number;
  c0: number;
  cg: number;
  cp: number;
}

/** A weighted CE gradient (no affine part). */
export function ceGradient(eps: number, wPos: number, wNeg: number): LinearGradient {
  return { eps, wPos, wNeg, c0: 0, cg: 0, cp: 0 };
}

/** An affine region gradient c0 + cg g + cp p (no CE part); ε only sets the logit factor's clip. */
export function affineGradient(eps: number, c0: number, cg: number, cp: number): LinearGradient {
  return { eps, wPos: 0, wNeg: 0, c0, cg, cp };
}

/**
 * Writes each map of `items` (all with the same ε) in one pass over the pixels, as ∂L/∂p or, with
 * `logit`, times q(1 − q). Affine coefficients are clamped into float32's range as on the device
 * (a degenerate smoothing makes them overflow, and ±∞ · 0 would be NaN).
 */
export function linearGradientsInto(
  ctx: EvalContext, eps: number, items: readonly { gradient: LinearGradient; out: Float32Array }[], logit: boolean,
): void {
  const g = ctx.target.g;
  const p = ctx.pred;
  const n = ctx.n;
  const { lo, hi } = clipBounds(eps);
  const hasCe = items.some(({ gradient: c }) => c.wPos !== 0 || c.wNeg !== 0);
  // One pass for the clip, the reciprocals and the logit factor; then one short loop per map.
  const [pos, neg, factor] = scratch(n);
  for (let i = 0; i < n; i++) {
    const q = clip(p[i] as number, lo, hi);
    const gi = g[i] as number;
    if (hasCe) {
      pos[i] = -gi / q;
      neg[i] = (1 - gi) / oneMinus(q);
    }
    if (logit) factor[i] = q * oneMinus(q);
  }
  for (const { gradient: c, out } of items) {
    const kp = c.wPos / n;
    const kn = c.wNeg / n;
    const c0 = float32Finite(c.c0);
    const cg = float32Finite(c.cg);
    const cp = float32Finite(c.cp);
    if (kp === 0 && kn === 0) {
      if (logit) for (let i = 0; i < n; i++) out[i] = (c0 + cg * (g[i] as number) + cp * (p[i] as number)) * (factor[i] as number);
      else for (let i = 0; i < n; i++) out[i] = c0 + cg * (g[i] as number) + cp * (p[i] as number);
    } else if (logit) {
      for (let i = 0; i < n; i++) out[i] = (kp * (pos[i] as number) + kn * (neg[i] as number) + c0 + cg * (g[i] as number) + cp * (p[i] as number)) * (factor[i] as number);
    } else {
      for (let i = 0; i < n; i++) out[i] = kp * (pos[i] as number) + kn * (neg[i] as number) + c0 + cg * (g[i] as number) + cp * (p[i] as number);
    }
  }
}

let scratchArrays: [Float64Array, Float64Array, Float64Array] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];

/** Three float64 scratch arrays of length n, re-used across calls (the host path is synchronous). */
function scratch(n: number): [Float64Array, Float64Array, Float64Array] {
  if (scratchArrays[0].length !== n) scratchArrays = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  return scratchArrays;
}

/** out = one linear gradient map (∂L/∂p). */
export function linearGradientInto(ctx: EvalContext, gradient: LinearGradient, out: Float32Array): Float32Array {
  linearGradientsInto(ctx, gradient.eps, [{ gradient, out }], false);
  return out;
}

/** out += c0 + cg·g + cp·p, coefficients clamped as in linearGradientsInto. */
export function addAffineInto(ctx: EvalContext, c0: number, cg: number, cp: number, out: Float32Array): Float32Array {
  const g = ctx.target.g;
  const p = ctx.pred;
  const a = float32Finite(c0);
  const b = float32Finite(cg);
  const c = float32Finite(cp);
  for (let i = 0; i < g.length; i++) out[i] = (out[i] as number) + a + b * (g[i] as number) + c * (p[i] as number);
  return out;
}

/** ∂L/∂z = ∂L/∂p · q(1 − q) for p = σ(z), q clipped with the loss's ε. In place. */
export function toLogitSpace(ctx: EvalContext, eps: number, out: Float32Array): Float32Array {
  const p = ctx.pred;
  const { lo, hi } = clipBounds(eps);
  for (let i = 0; i < out.length; i++) {
    const q = clip(p[i] as number, lo, hi);
    out[i] = (out[i] as number) * (q * oneMinus(q));
  }
  return out;
}

/** Per-pixel terms (1/N)[wPos g ℓ⁺ + wNeg (1 − g) ℓ⁻]. */
export function weightedCeTermsOnHost(ctx: EvalContext, eps: number, wPos: number, wNeg: number): Float32Array {
  const { lp, lm } = hostLogs(ctx, eps);
  const g = ctx.target.g;
  const out = new Float32Array(ctx.n);
  for (let i = 0; i < g.length; i++) {
    const gi = g[i] as number;
    out[i] = (wPos * gi * (lp[i] as number) + wNeg * (1 - gi) * (lm[i] as number)) / ctx.n;
  }
  return out;
}
