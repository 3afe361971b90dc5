/** Changing the grid of a scene or a layer (the grid-size selector, an import of another shape). */
import type { Grid, Scene } from './types.ts';
import { sameGrid } from './types.ts';
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
 * pixel counted by its overlap; growing: linear interpolation with clamped edges, or the nearest
 * source pixel.
 */
function taps(n: number, m: number, nearest: boolean): Taps {
  const index: number[] = [];
  const weight: number[] = [];
  const start = new Int32Array(m + 1);
  const scale = n / m;
  for (let i = 0; i < m; i++) {
    start[i] = index.length;
    if (m <= n) {
      const a = i * scale;
      const b = (i + 1) * scale;
      for (let j = Math.floor(a); j < Math.min(n, Math.ceil(b)); j++) {
        const w = Math.min(b, j + 1) - Math.max(a, j);
        if (w > 0) {
          index.push(j);
          weight.push(w / scale);
        }
      }
    } else if (nearest) {
      index.push(Math.min(n - 1, Math.floor((i + 0.5) * scale)));
      weight.push(1);
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

/**
 * Separable resampling of a `from` plane onto `to`, in float64: area average when shrinking an axis,
 * linear (or nearest) when growing it. Grid changes and imports both resample through it.
 */
export function resample64(data: ArrayLike<number>, from: Grid, to: Grid, nearestWhenGrowing = false): Float64Array {
  const { height: h0, width: w0 } = from;
  const { height: h1, width: w1 } = to;
  const tc = taps(w0, w1, nearestWhenGrowing);
  const tr = taps(h0, h1, nearestWhenGrowing);
  const rows = new Float64Array(h0 * w1); // h0 rows × w1 columns
  for (let r = 0; r < h0; r++) {
    for (let c = 0; c < w1; c++) {
      let s = 0;
      for (let k = tc.start[c]!; k < tc.start[c + 1]!; k++) s += tc.weight[k]! * data[r * w0 + tc.index[k]!]!;
      rows[r * w1 + c] = s;
    }
  }
  const out = new Float64Array(h1 * w1);
  for (let r = 0; r < h1; r++) {
    for (let c = 0; c < w1; c++) {
      let s = 0;
      for (let k = tr.start[r]!; k < tr.start[r + 1]!; k++) s += tr.weight[k]! * rows[tr.index[k]! * w1 + c]!;
      out[r * w1 + c] = s;
    }
  }
  return out;
}

function checkGrid(grid: Grid): void {
  const { height, width } = grid;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) {
    throw new RangeError(`bad grid ${height} × ${width}`);
  }
}

/**
 * A resampled mask value back to 0/1 at 0.5, ties to the foreground (ties paint). The 1e-9: area weights
 * sum to 1 only up to rounding, so a tie must not fall on either side by chance.
 */
export function binarize(v: number): 0 | 1 {
  return v >= 0.5 - 1e-9 ? 1 : 0;
}

/**
 * One layer on another grid (a new array; the input is untouched): area average when shrinking,
 * linear when growing, per axis. binary: the result thresholded at 0.5, as resampleScene does for a
 * binary target (majority vote when shrinking, ties paint).
 */
export function resampleLayer(layer: Float32Array, from: Grid, to: Grid, binary = false): Float32Array {
  checkGrid(from);
  checkGrid(to);
  if (layer.length !== from.height * from.width)
    throw new RangeError(`layer has ${layer.length} values, expected ${from.height} × ${from.width}`);
  if (sameGrid(from, to)) return Float32Array.from(layer, clamp01);
  const v = resample64(Float32Array.from(layer, clamp01), from, to);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = binary ? binarize(v[i]!) : clamp01(v[i]!);
  return out;
}

/**
 * The same scene on another grid (a new scene; the input is untouched).
 *
 * pred: area average when shrinking, bilinear when growing.
 * target: a binary (0/1) target stays binary: the same resampling thresholded at 0.5, which is
 * a majority vote when shrinking (ties paint, so 1-px lines survive a 2× shrink) and exactly
 * nearest-neighbour for a 2× grow; a soft target (blurred) is resampled like pred.
 * Same grid: a copy.
 */
export function resampleScene(scene: Scene, to: Grid): Scene {
  checkGrid(to);
  const n = scene.height * scene.width;
  if (scene.target.length !== n || scene.pred.length !== n) {
    throw new RangeError(`scene arrays do not match its grid ${scene.height} × ${scene.width}`);
  }
  const grid = { height: to.height, width: to.width };
  const binary = isBinaryLayer(scene.target);
  return {
    ...grid,
    target: resampleLayer(scene.target, scene, grid, binary),
    pred: resampleLayer(scene.pred, scene, grid),
  };
}
