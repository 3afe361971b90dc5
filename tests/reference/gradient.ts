/**
 * Reference gradient: central finite differences (5-point stencil, O(h⁴)) of referenceLoss, in float64,
 * with the side inputs frozen at p (docs/losses.md "Gradients": distance fields, E, thresholded masks,
 * f, e_max, M, β are constants of the gradient).
 *
 * Validity — tests must respect this:
 *   - For the losses with a clip (USES_CLIP: every loss with a logarithm), p_i must lie strictly inside
 *     (eps, 1 − eps); this function throws otherwise. The straight-through clip convention of the engine
 *     (∂(−ln q)/∂p = −1/q even where the clip is active) is only equal to a finite difference inside that
 *     range. Use p in e.g. [1e-3, 1 − 1e-3].
 *   - The losses without a clip are polynomial/rational in p, and the stencil may step slightly outside
 *     [0, 1]; p = 0 or 1 is allowed for them in 'prob' space (not in 'logit' space).
 *   - Skip scenes whose referenceMargin is small: a floor (focal_tversky's max(1 − TI, 1e-6) in the
 *     gradient, exp_log's 1e-6 floors) switching within a step, or a side input that the engine, in float32,
 *     would compute differently, makes the comparison meaningless. focal_tversky with 1 − TI < 1e-6 has a
 *     documented gradient that is not the derivative of the value at all.
 *   - 'logit': dL/dz_i with p = σ(z); the stencil steps z_i and maps back through σ. Inside the clip range
 *     this equals dL/dp_i · p_i (1 − p_i), the documented dL/dz = dL/dp · q(1 − q).
 *
 * Step: h = 1e-4 · m (in p) with m = the distance of p_i to the nearest edge of its valid range, so the
 * relative truncation error is ~(1e-4)⁴ and the rounding error ~1e-16 · |L| / h (≲ 1e-9 · |L| for
 * p ∈ [1e-3, 1 − 1e-3]). For structural the sign of x_i (e = |x|) is frozen too, so no step crosses the
 * kink of |x| (the gradient there is the documented sign(x), and pixels with e = 0 have f = 0 anyway).
 */
import type { LossId } from '../../src/core/types.ts';
import { at } from './edt.ts';
import { referenceLoss, referenceSide, refParams, structuralDiff, USES_CLIP } from './losses.ts';
import type { FrozenSide, RefParams } from './losses.ts';

export type GradientSpace = 'prob' | 'logit';

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
export const logit = (p: number): number => Math.log(p) - Math.log1p(-p);

const REL_STEP = 1e-4;

/** 5-point central difference of f at 0 with step h. */
function fivePoint(f: (d: number) => number, h: number): number {
  return (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h);
}

export function referenceGradient(
  id: LossId,
  g: ArrayLike<number>,
  p: ArrayLike<number>,
  h: number,
  w: number,
  params: RefParams,
  space: GradientSpace,
): number[] {
  const pr = refParams(id, params);
  const side: FrozenSide = referenceSide(id, g, p, h, w, params);
  if (id === 'structural') side.sign = structuralDiff(g, p, h, w, pr).map((x) => Math.sign(x));
  const clipped = USES_CLIP.has(id);
  const eps = clipped ? Number(pr.eps) : 0;
  if (!Number.isFinite(eps)) throw new Error(`referenceGradient(${id}): eps must be a number`);
  const base = Array.from(p);
  const out: number[] = [];
  for (let i = 0; i < base.length; i++) {
    const pi = at(base, i);
    // Distance to the edge of the valid range of p_i.
    const m = clipped ? Math.min(pi - eps, 1 - eps - pi) : Math.max(Math.min(pi, 1 - pi), 0.01);
    if (!(m > 0)) {
      throw new RangeError(
        `referenceGradient(${id}): p[${i}] = ${pi} is not inside (eps, 1 − eps) = (${eps}, ${1 - eps})`,
      );
    }
    const at_ = (value: number): number => {
      const p2 = base.slice();
      p2[i] = value;
      return referenceLoss(id, g, p2, h, w, params, side);
    };
    if (space === 'prob') {
      out.push(fivePoint((d) => at_(pi + d), REL_STEP * m));
    } else {
      if (!(pi > 0 && pi < 1)) throw new RangeError(`referenceGradient(${id}, logit): p[${i}] = ${pi} has no logit`);
      const z = logit(pi);
      // Keep the step in p (≈ p(1 − p)·hz) within REL_STEP · m.
      const hz = REL_STEP * Math.min(1, m / (pi * (1 - pi)));
      out.push(fivePoint((d) => at_(sigmoid(z + d)), hz));
    }
  }
  return out;
}
