/** Terms several losses share, memoised per evaluation so each is computed once. */
import { tf } from '../tf.ts';
import type { Tensor } from '../tf.ts';
import type { EvalContext } from '../context.ts';

/**
 * Σ of every element, each row first: the wasm backend reduces in one running float32 sum, which drifts by
 * up to ~5e-4 relative over a 256² image; row sums (≤ 512 terms) and then their sum stay within ~1e-6 of the
 * float64 sum on every backend, so the screen matches the cpu-backed eval CLI to 1e-5.
 */
export function sumAll(x: Tensor): Tensor {
  return tf.sum(tf.sum(x, -1));
}

/** Σ over the spatial axes of a [K, H, W] stack, rows first (see sumAll): one sum per k. */
export function sumSpatial(x: Tensor): Tensor {
  return tf.sum(tf.sum(x, 2), 1);
}

/** 1 − g, cached with the ground truth. */
export function background(ctx: EvalContext): Tensor {
  return ctx.target.cached('1-g', () => tf.sub(1, ctx.target.gTensor));
}

/**
 * f applied to ℓ⁺ and to ℓ⁻, memoised; once when they are the same tensor (binary targets, see LogTerms).
 * Separate tensors rather than a stack: pack/unpack copies cost more than they save on wasm.
 */
export function perClass(
  ctx: EvalContext,
  key: string,
  eps: number,
  f: (ell: Tensor) => Tensor,
): { pos: Tensor; neg: Tensor } {
  const { lp, lm } = ctx.logs(eps);
  const pos = ctx.memo(`${key}+:${eps}`, () => f(lp));
  const neg = lm === lp ? pos : ctx.memo(`${key}-:${eps}`, () => f(lm));
  return { pos, neg };
}

/** [Σ g ℓ⁺, Σ (1 − g) ℓ⁻]: every weighted cross-entropy is a linear combination of these two sums. */
export function ceSums(ctx: EvalContext, eps: number): Tensor[] {
  const { lp, lm } = ctx.logs(eps);
  return [
    ctx.memo(`Σgℓ+:${eps}`, () => sumAll(tf.mul(ctx.g, lp))),
    ctx.memo(`Σ(1-g)ℓ-:${eps}`, () => sumAll(tf.mul(background(ctx), lm))),
  ];
}

/** ∂/∂p of (1/N) Σ [wPos g ℓ⁺ + wNeg (1 − g) ℓ⁻]. */
export function weightedCeGradient(ctx: EvalContext, eps: number, wPos: number, wNeg: number): Tensor {
  const { dlp, dlm } = ctx.logs(eps);
  const pos = ctx.memo(`g·dℓ+:${eps}`, () => tf.mul(ctx.g, dlp));
  const neg = ctx.memo(`(1-g)·dℓ-:${eps}`, () => tf.mul(background(ctx), dlm));
  const n = ctx.n;
  return tf.add(tf.mul(pos, wPos / n), tf.mul(neg, wNeg / n));
}

/** Per-pixel terms (1/N)[wPos g ℓ⁺ + wNeg (1 − g) ℓ⁻]. */
export function weightedCeTerms(ctx: EvalContext, eps: number, wPos: number, wNeg: number): Tensor {
  const { lp, lm } = ctx.logs(eps);
  return tf.add(tf.mul(tf.mul(ctx.g, lp), wPos / ctx.n), tf.mul(tf.mul(background(ctx), lm), wNeg / ctx.n));
}

/** Gradient of a region loss written as c0 + cg·g + cp·p (all region gradients have this form). */
export function affineGradient(ctx: EvalContext, c0: number, cg: number, cp = 0): Tensor {
  let out = tf.add(tf.mul(ctx.g, float32Finite(cg)), float32Finite(c0));
  if (cp !== 0) out = tf.add(out, tf.mul(ctx.p, float32Finite(cp)));
  return out;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Clamps a float64 coefficient into float32's finite range. Degenerate smoothing (a denominator of
 * 1e-300, say) makes coefficients overflow; ±Infinity × g would turn the pixels with g = 0 into NaN.
 */
export function float32Finite(c: number): number {
  if (Number.isNaN(c)) return 0;
  return Math.max(-FLOAT32_MAX, Math.min(FLOAT32_MAX, c));
}
