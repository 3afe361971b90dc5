/**
 * Whole-layer operations. Every function returns a new array (inputs are never mutated) with values
 * in [0, 1] and no NaN, whatever the input holds (NaN reads as 0).
 */
import type { Grid } from './types.ts';
import { checkLayer, clamp01 } from './brush.ts';

/** A height × width layer filled with value. */
export function fillLayer(grid: Grid, value: number): Float32Array {
  const { height, width } = grid;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) {
    throw new RangeError(`bad grid ${height} × ${width}`);
  }
  return new Float32Array(height * width).fill(clamp01(value));
}

/** 1 − v. Exact twice over for v ≥ 0.5; below that, float32 rounding leaves ≤ 6e-8 of error. */
export function invertLayer(layer: Float32Array): Float32Array {
  const out = new Float32Array(layer.length);
  for (let i = 0; i < layer.length; i++) out[i] = 1 - clamp01(layer[i]!);
  return out;
}

/** v ≥ threshold → 1, else 0. */
export function thresholdLayer(layer: Float32Array, threshold = 0.5): Float32Array {
  const out = new Float32Array(layer.length);
  for (let i = 0; i < layer.length; i++) out[i] = clamp01(layer[i]!) >= threshold ? 1 : 0;
  return out;
}

/** True when every value is exactly 0 or 1. */
export function isBinaryLayer(layer: Float32Array): boolean {
  for (let i = 0; i < layer.length; i++) {
    const v = layer[i]!;
    if (v !== 0 && v !== 1) return false;
  }
  return true;
}

/** Numerically stable logistic function. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Probabilities are clipped to this for the logit when softening (t > 1). */
export const TEMPERATURE_CLIP = 1e-6;

/**
 * Temperature scaling of the logits: p' = σ(logit(p) / t).
 *
 * - t = 1 (or NaN): an exact copy.
 * - t < 1 sharpens. The logit is taken without clipping (float64 holds every float32 in (0, 1)),
 *   and exact 0 and 1 stay exactly 0 and 1: sharpening never makes a certain pixel less certain.
 * - t > 1 softens. p is first clipped to [1e-6, 1 − 1e-6], so a hard 0/1 map (e.g. a copy of the
 *   ground truth) softens too: 0 → σ(−13.8 / t). The clip is applied to every pixel, which keeps
 *   the map monotone (nothing below 1e-6 can overtake 0).
 * - t ≤ 0 is the limit t → 0⁺: a hard threshold, p > 0.5 → 1, p < 0.5 → 0, 0.5 stays.
 * - t = +∞ gives 0.5 everywhere.
 * 0.5 is a fixed point for every t.
 */
export function applyTemperature(pred: Float32Array, t: number): Float32Array {
  const out = new Float32Array(pred.length);
  if (Number.isNaN(t) || t === 1) {
    for (let i = 0; i < pred.length; i++) out[i] = clamp01(pred[i]!);
    return out;
  }
  for (let i = 0; i < pred.length; i++) {
    const p = clamp01(pred[i]!);
    let v: number;
    if (t <= 0) {
      v = p > 0.5 ? 1 : p < 0.5 ? 0 : 0.5;
    } else if (t < 1) {
      v = p === 0 || p === 1 ? p : sigmoid((Math.log(p) - Math.log1p(-p)) / t);
    } else {
      const q = Math.min(Math.max(p, TEMPERATURE_CLIP), 1 - TEMPERATURE_CLIP);
      v = sigmoid((Math.log(q) - Math.log1p(-q)) / t);
    }
    out[i] = clamp01(v);
  }
  return out;
}

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; same seed → same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let a = (Number.isFinite(seed) ? Math.trunc(seed) : 0) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller, both values of each pair used). */
export function gaussianSource(seed: number): () => number {
  const uniform = mulberry32(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u1 = 1 - uniform(); // (0, 1]: log stays finite
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}

/**
 * Adds Gaussian noise of standard deviation `amount` in probability space, then clips to [0, 1].
 * Probability space (not logit space) so that the slider reads directly as "± this much
 * probability" and so that hard 0/1 maps get noisy too (in logit space they would not move).
 * Deterministic: the same seed (any finite number, truncated to uint32) gives the same map.
 * amount ≤ 0 or NaN: an exact copy.
 */
export function addNoise(pred: Float32Array, amount: number, seed: number): Float32Array {
  const out = new Float32Array(pred.length);
  if (!(amount > 0)) {
    for (let i = 0; i < pred.length; i++) out[i] = clamp01(pred[i]!);
    return out;
  }
  const std = Math.min(amount, 1e6);
  const normal = gaussianSource(seed);
  for (let i = 0; i < pred.length; i++) out[i] = clamp01(clamp01(pred[i]!) + std * normal());
  return out;
}

/**
 * Integer shift: content moves by dx columns (right when positive) and dy rows (down when
 * positive); vacated pixels get fill. Non-integer shifts are rounded.
 */
export function shiftLayer(layer: Float32Array, grid: Grid, dx: number, dy: number, fill = 0): Float32Array {
  checkLayer(layer, grid);
  const { height, width } = grid;
  const sx = Number.isFinite(dx) ? Math.round(dx) : 0;
  const sy = Number.isFinite(dy) ? Math.round(dy) : 0;
  const out = new Float32Array(layer.length).fill(clamp01(fill));
  for (let row = 0; row < height; row++) {
    const src = row - sy;
    if (src < 0 || src >= height) continue;
    for (let col = 0; col < width; col++) {
      const sc = col - sx;
      if (sc < 0 || sc >= width) continue;
      out[row * width + col] = clamp01(layer[src * width + sc]!);
    }
  }
  return out;
}

/**
 * A prediction made from the ground truth: confidence on foreground, 1 − confidence on background
 * (a soft target interpolates: p = g·c + (1 − g)(1 − c)).
 */
export function copyTargetToPred(target: Float32Array, confidence = 1): Float32Array {
  const c = clamp01(confidence);
  const out = new Float32Array(target.length);
  for (let i = 0; i < target.length; i++) {
    const g = clamp01(target[i]!);
    out[i] = clamp01(g * c + (1 - g) * (1 - c));
  }
  return out;
}

/** Normalised Gaussian taps for σ = sigma, truncated at ±3σ. */
function gaussianKernel(sigma: number): Float64Array {
  const half = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * half + 1);
  let sum = 0;
  for (let i = -half; i <= half; i++) {
    const w = Math.exp((-i * i) / (2 * sigma * sigma));
    k[i + half] = w;
    sum += w;
  }
  for (let i = 0; i < k.length; i++) k[i] = k[i]! / sum;
  return k;
}

/**
 * Separable Gaussian blur; `radius` is the Gaussian's σ in pixels (the kernel spans ±3σ).
 * Edges are clamped (replicated), so a uniform layer stays uniform. radius ≤ 0 or NaN: a copy.
 */
export function blurLayer(layer: Float32Array, grid: Grid, radius: number): Float32Array {
  checkLayer(layer, grid);
  const { height, width } = grid;
  const src = new Float64Array(layer.length);
  for (let i = 0; i < layer.length; i++) src[i] = clamp01(layer[i]!);
  const out = new Float32Array(layer.length);
  if (!(radius > 0)) {
    out.set(src);
    return out;
  }
  const k = gaussianKernel(Math.min(radius, Math.max(height, width)));
  const half = (k.length - 1) / 2;
  const lastCol = width - 1;
  const lastRow = height - 1;
  const tmp = new Float64Array(layer.length);
  for (let row = 0; row < height; row++) {
    const base = row * width;
    for (let col = 0; col < width; col++) {
      let s = 0;
      for (let j = -half; j <= half; j++) {
        const c = col + j;
        s += k[j + half]! * src[base + (c < 0 ? 0 : c > lastCol ? lastCol : c)]!;
      }
      tmp[base + col] = s;
    }
  }
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      let s = 0;
      for (let j = -half; j <= half; j++) {
        const r = row + j;
        s += k[j + half]! * tmp[(r < 0 ? 0 : r > lastRow ? lastRow : r) * width + col]!;
      }
      out[row * width + col] = clamp01(s);
    }
  }
  return out;
}
