/**
 * Fitting a layer into the scene's long side, and resizing one layer to the other's shape. Shrinking
 * an axis: each output pixel is the area average of the source pixels it covers (float64); growing an
 * axis: nearest source pixel for masks, linear interpolation (clamped edges) otherwise. A binary mask
 * stays binary: the majority (average ≥ 0.5) decides.
 */
import type { Plane } from './types.ts';
import { MAX_SCENE_SIDE } from './limits.ts';

export type ResampleKind = 'mask' | 'average';

interface Taps {
  index: Int32Array;
  weight: Float64Array;
  /** taps of output i: [start[i], start[i + 1]) */
  start: Int32Array;
}

/** Box weights from n source pixels onto m ≤ n output pixels, each source pixel counted by its overlap. */
function areaTaps(n: number, m: number): Taps {
  const index: number[] = [];
  const weight: number[] = [];
  const start = new Int32Array(m + 1);
  const scale = n / m;
  for (let i = 0; i < m; i++) {
    start[i] = index.length;
    const a = i * scale;
    const b = (i + 1) * scale;
    for (let j = Math.floor(a); j < Math.min(n, Math.ceil(b)); j++) {
      const w = Math.min(b, j + 1) - Math.max(a, j);
      if (w > 0) {
        index.push(j);
        weight.push(w / scale);
      }
    }
  }
  start[m] = index.length;
  return { index: Int32Array.from(index), weight: Float64Array.from(weight), start };
}

/** Growing n source pixels onto m > n, pixel centres aligned: nearest, or linear with clamped edges. */
function growTaps(n: number, m: number, nearest: boolean): Taps {
  const index = new Int32Array(nearest ? m : 2 * m);
  const weight = new Float64Array(index.length);
  const start = new Int32Array(m + 1);
  const scale = n / m;
  for (let i = 0; i < m; i++) {
    const s = (i + 0.5) * scale - 0.5;
    if (nearest) {
      start[i] = i;
      index[i] = Math.min(n - 1, Math.floor((i + 0.5) * scale));
      weight[i] = 1;
      continue;
    }
    start[i] = 2 * i;
    const j0 = Math.floor(s);
    const f = s - j0;
    index[2 * i] = Math.min(n - 1, Math.max(0, j0));
    index[2 * i + 1] = Math.min(n - 1, Math.max(0, j0 + 1));
    weight[2 * i] = 1 - f;
    weight[2 * i + 1] = f;
  }
  start[m] = index.length;
  return { index, weight, start };
}

function taps(n: number, m: number, nearest: boolean): Taps {
  return m <= n ? areaTaps(n, m) : growTaps(n, m, nearest);
}

/** Separable resampling of an h × w plane onto outH × outW, float64 (area average when shrinking). */
export function areaAverage(plane: Plane, outH: number, outW: number, nearestWhenGrowing = false): Float64Array {
  const { height: h, width: w, data } = plane;
  const tx = taps(w, outW, nearestWhenGrowing);
  const ty = taps(h, outH, nearestWhenGrowing);
  const rows = new Float64Array(h * outW);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < outW; c++) {
      let s = 0;
      for (let k = tx.start[c] as number; k < (tx.start[c + 1] as number); k++) s += (tx.weight[k] as number) * (data[r * w + (tx.index[k] as number)] as number);
      rows[r * outW + c] = s;
    }
  }
  const out = new Float64Array(outH * outW);
  for (let r = 0; r < outH; r++) {
    for (let k = ty.start[r] as number; k < (ty.start[r + 1] as number); k++) {
      const wt = ty.weight[k] as number;
      const src = (ty.index[k] as number) * outW;
      for (let c = 0; c < outW; c++) out[r * outW + c] = (out[r * outW + c] as number) + wt * (rows[src + c] as number);
    }
  }
  return out;
}

/** The size a height × width layer gets: the long side becomes maxSide, the other keeps the ratio. */
export function fittedSize(height: number, width: number, maxSide = MAX_SCENE_SIDE): { height: number; width: number } {
  const long = Math.max(height, width);
  if (long <= maxSide) return { height, width };
  const scale = maxSide / long;
  return { height: Math.max(1, Math.round(height * scale)), width: Math.max(1, Math.round(width * scale)) };
}

export interface Fitted {
  plane: Plane;
  /** The size before, when it was resampled. */
  resampledFrom: { height: number; width: number } | null;
}

/** The plane unchanged when it fits, else shrunk to fittedSize. 'mask' keeps a binary mask binary. */
export function fitToScene(plane: Plane, kind: ResampleKind, maxSide = MAX_SCENE_SIDE): Fitted {
  const size = fittedSize(plane.height, plane.width, maxSide);
  if (size.height === plane.height && size.width === plane.width) return { plane, resampledFrom: null };
  return { plane: resizePlane(plane, size.height, size.width, kind), resampledFrom: { height: plane.height, width: plane.width } };
}

/** The plane resampled to height × width (e.g. one layer to the other's shape). */
export function resizePlane(plane: Plane, height: number, width: number, kind: ResampleKind): Plane {
  if (!(Number.isInteger(height) && Number.isInteger(width) && height >= 1 && width >= 1)) {
    throw new RangeError(`resizePlane: ${height} × ${width} is not a size`);
  }
  const avg = areaAverage(plane, height, width, kind === 'mask');
  // 1e-9: the weights sum to 1 only up to rounding; an exact tie goes to the foreground.
  const data = kind === 'mask' ? Float32Array.from(avg, (v) => (v >= 0.5 - 1e-9 ? 1 : 0)) : Float32Array.from(avg);
  return { height, width, data };
}

/** True when every value is 0 or 1. */
export function isBinaryPlane(plane: Plane): boolean {
  for (const v of plane.data) if (v !== 0 && v !== 1) return false;
  return true;
}
