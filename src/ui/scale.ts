/**
 * Colour scales for gradient maps. Gradients span many orders of magnitude (straight-through
 * clipping gives ±1e7/N at saturated pixels, a region loss ~1/(Σp + Σg) everywhere), so the
 * picture uses either a symmetric-log scale or a robust linear one clipped at the 99th percentile.
 * Pure: no DOM, tested in node.
 */
import { LOSS_IDS } from '../core/registry.ts';
import type { ScaleKind, ScaleMode } from '../share/format.ts';
import { DIVERGING_LUT } from './colormap.ts';

export interface ColorScale {
  kind: ScaleKind;
  /** Largest |value| covered: symlog → the largest |value| of the map(s); robust → the clip level. */
  max: number;
  /** symlog: |values| below this are linear (a tenth of the decade structure); robust: unused (0). */
  linthresh: number;
  /** Largest |value| actually present (can exceed max for robust scales). */
  absMax: number;
}

export interface Tick {
  value: number;
  /** Position in [−1, 1]. */
  t: number;
}

/** At most this many values enter a quantile: a colour scale needs no exact order statistic. */
export const QUANTILE_SAMPLES = 4096;

/**
 * |values| that are not zero (NaN and ±∞ excluded), as a new array; beyond QUANTILE_SAMPLES values
 * an evenly strided, deterministic subsample.
 */
function nonZeroAbs(map: ArrayLike<number>): Float64Array {
  const stride = Math.max(1, Math.ceil(map.length / QUANTILE_SAMPLES));
  const out = new Float64Array(Math.ceil(map.length / stride));
  let k = 0;
  for (let i = 0; i < map.length; i += stride) {
    const v = map[i]!;
    if (v !== 0 && Number.isFinite(v)) out[k++] = v < 0 ? -v : v;
  }
  return out.subarray(0, k);
}

/** The k-th smallest value (0-based) by quickselect; reorders `a`. */
export function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

/** The q-quantile (0 ≤ q ≤ 1, nearest rank) of |values| over the non-zero values; 0 when there are none. */
export function absQuantile(map: ArrayLike<number>, q: number): number {
  const a = nonZeroAbs(map);
  if (!a.length) return 0;
  const k = Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1));
  return select(a, k);
}

export function absMax(map: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < map.length; i++) {
    const v = Math.abs(map[i]!);
    if (v > m && Number.isFinite(v)) m = v;
  }
  return m;
}

export const ROBUST_QUANTILE = 0.99;
/** Below this quantile of the non-zero |values| the symlog scale is linear. */
export const LINTHRESH_QUANTILE = 0.1;

/** The scale for one map. An all-zero map gets max 0 (drawn in the neutral colour). */
export function scaleFor(map: ArrayLike<number>, kind: ScaleKind): ColorScale {
  const m = absMax(map);
  if (m === 0) return { kind, max: 0, linthresh: 0, absMax: 0 };
  if (kind === 'robust') {
    const p = absQuantile(map, ROBUST_QUANTILE);
    return { kind, max: p > 0 ? p : m, linthresh: 0, absMax: m };
  }
  let c = absQuantile(map, LINTHRESH_QUANTILE);
  if (!(c > 0) || c >= m) c = m / 10;
  c = Math.max(c, m * 1e-12);
  return { kind, max: m, linthresh: c, absMax: m };
}

/** Which of several scales sets a shared one's range: the index of the largest max, or -1 when all are zero. */
export function widestScale(scales: readonly ColorScale[]): number {
  let best = -1;
  for (let i = 0; i < scales.length; i++)
    if (scales[i]!.max > 0 && (best < 0 || scales[i]!.max > scales[best]!.max)) best = i;
  return best;
}

/** One scale for several maps: the widest range (largest max, smallest linear threshold). */
export function sharedScale(scales: readonly ColorScale[], kind: ScaleKind): ColorScale {
  let max = 0;
  let abs = 0;
  let lin = Infinity;
  for (const s of scales) {
    if (s.max > max) max = s.max;
    if (s.absMax > abs) abs = s.absMax;
    if (s.linthresh > 0 && s.linthresh < lin) lin = s.linthresh;
  }
  if (max === 0) return { kind, max: 0, linthresh: 0, absMax: 0 };
  if (kind === 'robust') return { kind, max, linthresh: 0, absMax: abs };
  if (!Number.isFinite(lin) || lin >= max) lin = max / 10;
  return { kind, max, linthresh: lin, absMax: abs };
}

/** Position in [−1, 1] of a value (clamped). */
export function scalePosition(v: number, s: ColorScale): number {
  if (!(s.max > 0) || !Number.isFinite(v)) return Number.isNaN(v) || v === 0 ? 0 : v > 0 ? 1 : -1;
  if (s.kind === 'robust') {
    const t = v / s.max;
    return t > 1 ? 1 : t < -1 ? -1 : t;
  }
  const a = Math.abs(v);
  const t = Math.log1p(a / s.linthresh) / Math.log1p(s.max / s.linthresh);
  const c = t > 1 ? 1 : t;
  return v < 0 ? -c : c;
}

/** Inverse of scalePosition on [−1, 1]. */
export function scaleValue(t: number, s: ColorScale): number {
  if (!(s.max > 0)) return 0;
  if (s.kind === 'robust') return t * s.max;
  const a = s.linthresh * Math.expm1(Math.abs(t) * Math.log1p(s.max / s.linthresh));
  return t < 0 ? -a : a;
}

/** The LUT packed as little-endian RGBA words, for one 32-bit write per pixel. */
const packedCache = new WeakMap<Uint8ClampedArray, Uint32Array>();
function packed(lut: Uint8ClampedArray): Uint32Array {
  let p = packedCache.get(lut);
  if (!p) {
    const n = lut.length / 3;
    p = new Uint32Array(n);
    for (let i = 0; i < n; i++)
      p[i] = ((255 << 24) | (lut[i * 3 + 2]! << 16) | (lut[i * 3 + 1]! << 8) | lut[i * 3]!) >>> 0;
    packedCache.set(lut, p);
  }
  return p;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Writes a gradient map into RGBA pixels with the diverging colour map. */
export function renderGradient(
  map: Float32Array,
  s: ColorScale,
  out: Uint8ClampedArray,
  lut: Uint8ClampedArray = DIVERGING_LUT,
): void {
  const size = lut.length / 3;
  const half = (size - 1) / 2;
  const n = map.length;
  const words = packed(lut);
  const index = (t: number) => ((t + 1) * half + 0.5) | 0;
  if (!LITTLE_ENDIAN || out.byteOffset % 4 !== 0) {
    for (let i = 0; i < n; i++) {
      const k = index(scalePosition(map[i]!, s)) * 3;
      out[i * 4] = lut[k]!;
      out[i * 4 + 1] = lut[k + 1]!;
      out[i * 4 + 2] = lut[k + 2]!;
      out[i * 4 + 3] = 255;
    }
    return;
  }
  const px = new Uint32Array(out.buffer, out.byteOffset, n);
  if (s.kind === 'robust' || !(s.max > 0)) {
    const inv = s.max > 0 ? 1 / s.max : 0;
    for (let i = 0; i < n; i++) {
      let t = map[i]! * inv;
      if (!(t === t)) t = 0;
      t = t > 1 ? 1 : t < -1 ? -1 : t;
      px[i] = words[index(t)]!;
    }
    return;
  }
  // Symlog: instead of a logarithm per pixel, find |v| among the values at which the colour index
  // steps (the bucket edges t = (j + ½)/half mapped back through the scale): 9 comparisons.
  const edges = symlogEdges(s, half);
  const mid = half;
  for (let i = 0; i < n; i++) {
    const v = map[i]!;
    if (v === 0 || !(v === v)) {
      px[i] = words[mid]!;
      continue;
    }
    const a = v < 0 ? -v : v;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (edges[m]! <= a) lo = m + 1;
      else hi = m;
    }
    px[i] = words[v < 0 ? mid - lo : mid + lo]!;
  }
}

const edgesCache = new Map<string, Float64Array>();

/** |values| at which the symlog colour index steps up: index(|v|) = half + #edges ≤ |v|. */
export function symlogEdges(s: ColorScale, half: number): Float64Array {
  const key = `${s.max}:${s.linthresh}:${half}`;
  let edges = edgesCache.get(key);
  if (!edges) {
    edges = new Float64Array(half);
    for (let j = 0; j < half; j++) edges[j] = scaleValue((j + 0.5) / half, s);
    if (edgesCache.size > 64) edgesCache.clear();
    edgesCache.set(key, edges);
  }
  return edges;
}

/**
 * A size × size map reduced to `out` × `out` by keeping, in each block, the value of largest
 * magnitude (with its sign): thin structures such as a one-pixel boundary stay visible in a
 * thumbnail. `size` must be a multiple of `out`.
 */
export function poolMaxAbs(map: Float32Array, size: number, out: number): Float32Array {
  const f = size / out;
  if (!Number.isInteger(f) || f < 1) throw new Error(`cannot pool ${size} to ${out}`);
  if (f === 1) return map;
  const res = new Float32Array(out * out);
  for (let by = 0; by < out; by++) {
    for (let bx = 0; bx < out; bx++) {
      let best = 0;
      let bestAbs = -1;
      for (let y = by * f; y < (by + 1) * f; y++) {
        const row = y * size;
        for (let x = bx * f; x < (bx + 1) * f; x++) {
          const v = map[row + x]!;
          const a = v < 0 ? -v : v;
          if (a > bestAbs) {
            bestAbs = a;
            best = v;
          }
        }
      }
      res[by * out + bx] = best;
    }
  }
  return res;
}

/** How many pixels lie beyond the scale (robust clipping). */
export function countClipped(map: ArrayLike<number>, s: ColorScale): number {
  if (s.kind !== 'robust' || !(s.max > 0)) return 0;
  let n = 0;
  for (let i = 0; i < map.length; i++) if (Math.abs(map[i]!) > s.max) n++;
  return n;
}

/**
 * Legend ticks: 0, ±max and one value per side in between: the power of ten nearest the middle of
 * the bar (symlog) or max/2 (robust). Few ticks, so that they stay readable on a small legend.
 */
export function scaleTicks(s: ColorScale): Tick[] {
  if (!(s.max > 0)) return [{ value: 0, t: 0 }];
  let mid: number | null = null;
  if (s.kind === 'robust') mid = s.max / 2;
  else {
    const lo = Math.ceil(Math.log10(s.linthresh));
    const hi = Math.floor(Math.log10(s.max));
    let best = Infinity;
    for (let k = lo; k <= hi; k++) {
      const t = scalePosition(10 ** k, s);
      if (t > 0.25 && t < 0.75 && Math.abs(t - 0.5) < best) {
        best = Math.abs(t - 0.5);
        mid = 10 ** k;
      }
    }
  }
  const values = mid === null ? [s.max] : [mid, s.max];
  const ticks: Tick[] = [{ value: 0, t: 0 }];
  for (const v of values) {
    ticks.push({ value: v, t: scalePosition(v, s) });
    ticks.push({ value: -v, t: -scalePosition(v, s) });
  }
  return ticks.sort((a, b) => a.t - b.t);
}

/** Words for the legend: which scale, over what range. */
export function describeScale(s: ColorScale, mode: ScaleMode, fmt: (v: number) => string): string {
  const where = mode === 'shared' ? `one scale for all ${LOSS_IDS.length} losses` : 'scaled per loss';
  if (!(s.max > 0)) return `all zero · ${where}`;
  if (s.kind === 'robust')
    return `linear, clipped at the 99th percentile |value| = ${fmt(s.max)} (max ${fmt(s.absMax)}) · ${where}`;
  return `symmetric log: linear within ±${fmt(s.linthresh)}, log up to ±${fmt(s.max)} · ${where}`;
}
