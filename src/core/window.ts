/** The Gaussian window of the structural loss: k × k, σ = 1.5, normalised, zero padding. */

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
