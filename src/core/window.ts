/**
 * Local (windowed) statistics for the structural loss: a normalised k × k Gaussian with zero padding,
 * built from shifted slices (tf.conv2d with one input channel is several times slower on wasm and cpu).
 */
import { tf } from './tf.ts';
import type { Tensor } from './tf.ts';

export const WINDOW_SIGMA = 1.5;

/** 1-D Gaussian taps of length k (odd), σ = 1.5, normalised so that the 2-D outer product sums to 1. */
export function gaussianTaps(k: number): number[] {
  if (!Number.isInteger(k) || k < 1 || k % 2 === 0) throw new Error(`window must be an odd integer, got ${k}`);
  const r = (k - 1) / 2;
  const taps: number[] = [];
  for (let i = -r; i <= r; i++) taps.push(Math.exp(-(i * i) / (2 * WINDOW_SIGMA * WINDOW_SIGMA)));
  const s = taps.reduce((a, b) => a + b, 0);
  return taps.map((t) => t / s);
}

/** The k² weights of the 2-D window in row-major offset order (dy, dx). */
export function gaussianWeights2d(k: number): number[] {
  const t = gaussianTaps(k);
  const out: number[] = [];
  for (const a of t) for (const b of t) out.push(a * b);
  return out;
}

/**
 * Σ_k w_k x_{i+k} over the last two axes of x ([..., H, W]), zero padding. The Gaussian is separable,
 * so this is a row pass and a column pass. Symmetric, so it is also its own transpose (the gradient's
 * correlation step).
 */
export function localMean(x: Tensor, k: number): Tensor {
  const taps = gaussianTaps(k);
  const r = (k - 1) / 2;
  const rank = x.rank;
  const [h, w] = x.shape.slice(rank - 2) as [number, number];
  const padSpec = (axis: number): Array<[number, number]> => x.shape.map((_, i) => (i === axis ? [r, r] : [0, 0]) as [number, number]);
  const pass = (t: Tensor, axis: number, len: number): Tensor => {
    const padded = tf.pad(t, padSpec(axis));
    let acc: Tensor | null = null;
    for (let j = 0; j < k; j++) {
      const begin = t.shape.map((_, i) => (i === axis ? j : 0));
      const size = t.shape.map((s, i) => (i === axis ? len : s));
      const term = tf.mul(tf.slice(padded, begin, size), taps[j] as number);
      acc = acc ? tf.add(acc, term) : term;
    }
    return acc as Tensor;
  };
  return pass(pass(x, rank - 1, w), rank - 2, h);
}

/**
 * Local mean μ and local variance v = Σ_k w_k (x_{i+k} − μ_i)² of a [H, W] map. The variance is summed
 * in this centred form, offset by offset: it is exactly ≥ 0 and, unlike conv(x²) − μ², has no float32
 * cancellation in flat regions (where the structural loss divides by √v + C₄).
 */
export function localMeanAndVariance(x: Tensor, k: number): { mean: Tensor; variance: Tensor } {
  const r = (k - 1) / 2;
  const [h, w] = x.shape as [number, number];
  const mean = localMean(x, k);
  const padded = tf.pad(x, [[r, r], [r, r]]);
  const weights = gaussianWeights2d(k);
  const shifted: Tensor[] = [];
  for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) shifted.push(tf.slice(padded, [dy, dx], [h, w]));
  const patches = tf.stack(shifted); // [k², H, W]
  const dev = tf.sub(patches, mean);
  const variance = tf.sum(tf.mul(tf.square(dev), tf.tensor3d(weights, [k * k, 1, 1])), 0);
  return { mean, variance };
}
