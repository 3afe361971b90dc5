/** Changing the grid size of a scene (the grid-size selector). */
import type { Scene } from './types.ts';
import { clamp01 } from './brush.ts';
import { isBinaryLayer } from './ops.ts';

interface Taps {
  index: Int32Array;
  weight: Float64Array;
  /** taps of output i: index/weight[start[i] .. start[i + 1]) */
  start: Int32Array;
}

/**
 * 1-D resampling weights from n source pixels to m output pixels, pixel centres aligned
 * (output centre i + 0.5 ↔ source (i + 0.5)·n/m). Shrinking: area (box) weights, every source
 * pixel counted by its overlap; growing: linear interpolation with clamped edges.
 */
function taps(n: number, m: number): Taps {
  const index: number[] = [];
  const weight: number[] = [];
  const start = new Int32Array(m + 1);
  const scale = n / m;
  for (let i = 0; i < m; i++) {
    start[i] = index.length;
    if (m < n) {
      const a = i * scale;
      const b = (i + 1) * scale;
      for (let j = Math.floor(a); j < Math.min(n, Math.ceil(b)); j++) {
        const w = Math.min(b, j + 1) - Math.max(a, j);
        if (w > 0) {
          index.push(j);
          weight.push(w / scale);
        }
      }
    } else {
      const s = (i + 0.5) * scale - 0.5;
      const j0 = Math.floor(s);
      const f = s - j0;
      const lo = Math.min(n - 1, Math.max(0, j0));
      const hi = Math.min(n - 1, Math.max(0, j0 + 1));
      index.push(lo, hi);
      weight.push(1 - f, f);
    }
  }
  start[m] = index.length;
  return { index: Int32Array.from(index), weight: Float64Array.from(weight), start };
}

/** Separable resample of an n × n layer to m × m, in float64. */
function resampleLayer(layer: Float32Array, n: number, m: number): Float64Array {
  const t = taps(n, m);
  const rows = new Float64Array(n * m); // n rows × m columns
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < m; c++) {
      let s = 0;
      for (let k = t.start[c]!; k < t.start[c + 1]!; k++) s += t.weight[k]! * clamp01(layer[r * n + t.index[k]!]!);
      rows[r * m + c] = s;
    }
  }
  const out = new Float64Array(m * m);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      let s = 0;
      for (let k = t.start[r]!; k < t.start[r + 1]!; k++) s += t.weight[k]! * rows[t.index[k]! * m + c]!;
      out[r * m + c] = s;
    }
  }
  return out;
}

/**
 * The same scene on a size × size grid (a new scene; the input is untouched).
 *
 * pred: area average when shrinking, bilinear when growing.
 * target: a binary (0/1) target stays binary: the same resampling thresholded at 0.5, which is
 * a majority vote when shrinking (ties paint, so 1-px lines survive a 2× shrink) and exactly
 * nearest-neighbour for a 2× grow; a soft target (blurred) is resampled like pred.
 * Same size: a copy.
 */
export function resampleScene(scene: Scene, size: number): Scene {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`bad grid size ${size}`);
  const n = scene.size;
  if (scene.target.length !== n * n || scene.pred.length !== n * n) {
    throw new RangeError(`scene arrays do not match its size ${n}`);
  }
  if (size === n) {
    return { size, target: Float32Array.from(scene.target, clamp01), pred: Float32Array.from(scene.pred, clamp01) };
  }
  const binary = isBinaryLayer(scene.target);
  const t = resampleLayer(scene.target, n, size);
  const p = resampleLayer(scene.pred, n, size);
  const target = new Float32Array(size * size);
  const pred = new Float32Array(size * size);
  for (let i = 0; i < size * size; i++) {
    // 1e-9: area weights sum to 1 only up to rounding; a tie must not fall on either side by chance.
    target[i] = binary ? (t[i]! >= 0.5 - 1e-9 ? 1 : 0) : clamp01(t[i]!);
    pred[i] = clamp01(p[i]!);
  }
  return { size, target, pred };
}
