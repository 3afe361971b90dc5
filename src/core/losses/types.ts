/** How a loss is computed: the numeric side of a registry entry (the data side is in registry.ts). */
import type { Tensor } from '../tf.ts';
import type { EvalContext } from '../context.ts';
import type { ParamSet } from '../types.ts';
import type { LinearGradient } from '../host/shared.ts';

/**
 * The same loss on the host path (cpu and wasm backends, Node): float64 sums from typed-array passes over
 * per-pixel terms kept in the PixelTermCache, and gradient maps written straight into Float32Arrays.
 * `value` is shared with the device path: both produce the same sums.
 */
export interface HostLossImpl {
  /** The sums `LossImpl.sums` reads back, in float64. */
  sums(ctx: EvalContext, params: ParamSet): number[];
  /** ∂L/∂p into `out` (length N); returns it. */
  gradient(ctx: EvalContext, params: ParamSet, out: Float32Array): Float32Array;
  /** The gradient's coefficients when it is linear (LinearGradient): the engine then writes it with others in one pass. */
  linearGradient?(ctx: EvalContext, params: ParamSet): LinearGradient;
  /** Rows of sums for K values of one device key at once; absent or null: sweep by looping. */
  sweepSums?(ctx: EvalContext, params: ParamSet, key: string, values: readonly number[]): number[][] | null;
  /** As LossImpl.pixelTerms (present exactly when that is). */
  pixelTerms?(ctx: EvalContext, params: ParamSet): Float32Array;
}

export interface LossImpl {
  /**
   * Parameter keys that change the device sums. A sweep over any other key re-uses one set of sums and
   * is scalar float64 arithmetic.
   */
  readonly deviceKeys: readonly string[];
  /** Scalar tensors (pixel sums) to read back; region losses need none. */
  sums(ctx: EvalContext, params: ParamSet): Tensor[];
  /** The loss in float64 from the read-back sums and the JS-side statistics. Creates no tensors. */
  value(sums: readonly number[], ctx: EvalContext, params: ParamSet): number;
  /** ∂L/∂p, a [H, W] tensor. */
  gradient(ctx: EvalContext, params: ParamSet): Tensor;
  /** Sums for K values of one device key at once, as a [K, nSums] tensor; absent: sweep by looping. */
  broadcastSums?(ctx: EvalContext, params: ParamSet, key: string, values: readonly number[]): Tensor | null;
  /**
   * Per-pixel terms that sum to the loss, for losses that are sums over pixels (the hover readout's
   * "this pixel's contribution"); absent for ratios of whole-image sums.
   */
  pixelTerms?(ctx: EvalContext, params: ParamSet): Tensor;
  /** The clip ε of q in ∂L/∂z = ∂L/∂p · q(1 − q). */
  clipEps(params: ParamSet): number;
  /** The host path's implementation. */
  host: HostLossImpl;
}

export function numberParam(params: ParamSet, key: string): number {
  const v = params[key];
  if (typeof v !== 'number') throw new Error(`parameter "${key}" must be a number here, got ${String(v)}`);
  return v;
}

export function optionalNumber(params: ParamSet, key: string): number | null {
  const v = params[key];
  return typeof v === 'number' ? v : null;
}

/** The effective (numerator, denominator) smoothing of a region loss (MONAI's smooth_nr / smooth_dr). */
export function smoothing(params: ParamSet): { nr: number; dr: number } {
  const s = numberParam(params, 'smooth');
  return { nr: optionalNumber(params, 'smooth_nr') ?? s, dr: optionalNumber(params, 'smooth_dr') ?? s };
}

export const defaultClipEps = (params: ParamSet): number => optionalNumber(params, 'eps') ?? 1e-7;
