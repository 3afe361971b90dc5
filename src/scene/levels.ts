/**
 * The 8-bit quantisation of a layer: the app keeps its prediction (and a soft ground truth) on the levels
 * k / 255, so a share link, a saved file and the screen hold exactly the same numbers.
 */
import { isBinaryLayer } from './ops.ts';

/** float32(k / 255) for k = 0 … 255: the only values a quantised layer holds. */
export const LEVELS: Float32Array = Float32Array.from({ length: 256 }, (_, k) => k / 255);

/** round(clamp(p, 0, 1) · 255); NaN → 0. */
export function quantizeValue(p: number): number {
  return p > 0 ? (p < 1 ? Math.round(p * 255) : 255) : 0;
}

/** A layer as 8-bit levels q = round(p · 255) (clamped to [0, 1]; NaN → 0). */
export function toLevels(layer: Float32Array): Uint8Array {
  const out = new Uint8Array(layer.length);
  for (let i = 0; i < layer.length; i++) out[i] = quantizeValue(layer[i]!);
  return out;
}

/** 8-bit levels back to float32 values k / 255. */
export function fromLevels(q: Uint8Array): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = LEVELS[q[i]!]!;
  return out;
}

/**
 * The prediction as a link carries it: each value rounded to k/255 (float32), after clamping to [0, 1]
 * (NaN → 0). Idempotent. Keep the app's prediction quantised so that a link reproduces it exactly.
 */
export function quantizePrediction(p: Float32Array): Float32Array {
  return fromLevels(toLevels(p));
}

/** The ground truth as a link carries it: unchanged (a copy) when binary, else quantizePrediction. */
export function quantizeTarget(t: Float32Array): Float32Array {
  return isBinaryLayer(t) ? Float32Array.from(t) : quantizePrediction(t);
}
