/**
 * Host-path passes several losses share: the two cross-entropy sums, the weighted-CE gradient, affine
 * region gradients and the logit factor. Sums accumulate in float64; maps are float32 only when stored.
 */
import type { EvalContext } from '../context.ts';
import { float32Finite } from '../losses/shared.ts';
import { clip, clipBounds, hostLogs } from './terms.ts';

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

/** out = ∂/∂p of (1/N) Σ [wPos g ℓ⁺ + wNeg (1 − g) ℓ⁻], with the straight-through clip. */
export function weightedCeGradientInto(ctx: EvalContext, eps: number, wPos: number, wNeg: number, out: Float32Array): Float32Array {
  const g = ctx.target.g;
  const p = ctx.pred;
  const { lo, hi } = clipBounds(eps);
  const kp = wPos / ctx.n;
  const kn = wNeg / ctx.n;
  for (let i = 0; i < g.length; i++) {
    const q = clip(p[i] as number, lo, hi);
    const gi = g[i] as number;
    out[i] = (-kp * gi) / q + (kn * (1 - gi)) / (1 - q);
  }
  return out;
}

/** out (+)= c0 + cg·g + cp·p: every region gradient has this form. Coefficients clamped as on the device. */
export function affineGradientInto(ctx: EvalContext, c0: number, cg: number, cp: number, out: Float32Array, accumulate = false): Float32Array {
  const g = ctx.target.g;
  const p = ctx.pred;
  const a = float32Finite(c0);
  const b = float32Finite(cg);
  const c = float32Finite(cp);
  if (accumulate) for (let i = 0; i < g.length; i++) out[i] = (out[i] as number) + a + b * (g[i] as number) + c * (p[i] as number);
  else for (let i = 0; i < g.length; i++) out[i] = a + b * (g[i] as number) + c * (p[i] as number);
  return out;
}

/** ∂L/∂z = ∂L/∂p · q(1 − q) for p = σ(z), q clipped with the loss's ε. In place. */
export function toLogitSpace(ctx: EvalContext, eps: number, out: Float32Array): Float32Array {
  const p = ctx.pred;
  const { lo, hi } = clipBounds(eps);
  for (let i = 0; i < out.length; i++) {
    const q = clip(p[i] as number, lo, hi);
    out[i] = (out[i] as number) * (q * (1 - q));
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
