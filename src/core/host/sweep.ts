/**
 * Sweeps of a power parameter on the host: S(v) = Σ_i w_i exp(v a_i) for K values v at once (focal γ with
 * a = ln of the other class's probability, exp-log γ_C with a = ln ℓ). When the values lie on an evenly
 * spaced grid (a chart's x axis), each pixel needs two exps and then one multiply per grid point:
 * exp((v₀ + jΔ) a) = exp(v₀ a) · exp(Δ a)^j, a relative error of j·2⁻⁵³, far below float32's. Values off the
 * grid (the current or default value appended to it) take one exp per pixel each.
 */

export interface ExpPart {
  /** Exponent base a_i per pixel. */
  a: Float64Array;
  /** Weight w_i per pixel; pixels with w_i = 0 are skipped. */
  w: Float64Array;
  /** exp(step · a_i) per pixel, when the caller keeps it across calls (see PixelTermCache). */
  ratio?: (step: number) => Float64Array;
}

interface Grid {
  base: number;
  step: number;
  /** Grid index of each value, or −1 when it is off the grid. */
  index: Int32Array;
  size: number;
}

const MAX_GRID_FACTOR = 4;

/** The evenly spaced grid the values lie on (the smallest gap between distinct values), or null. */
function planGrid(values: readonly number[]): Grid | null {
  const sorted = [...new Set(values)].sort((x, y) => x - y);
  if (sorted.length < 3) return null;
  let step = Infinity;
  for (let k = 1; k < sorted.length; k++) step = Math.min(step, (sorted[k] as number) - (sorted[k - 1] as number));
  const base = sorted[0] as number;
  const index = new Int32Array(values.length);
  let size = 0;
  let onGrid = 0;
  values.forEach((v, k) => {
    const j = Math.round((v - base) / step);
    const ok =
      j >= 0 &&
      j <= MAX_GRID_FACTOR * values.length &&
      Math.abs(base + j * step - v) <= 1e-12 * Math.max(1, Math.abs(v));
    index[k] = ok ? j : -1;
    if (ok) {
      onGrid++;
      size = Math.max(size, j + 1);
    }
  });
  return onGrid >= 3 ? { base, step, index, size } : null;
}

/** The pixels with a non-zero weight, packed, with their grid ratio exp(step · a_i) when a grid is used. */
function compact(
  part: ExpPart,
  grid: Grid | null,
): { a: Float64Array; w: Float64Array; r: Float64Array | null; count: number } {
  const n = part.w.length;
  const a = new Float64Array(n);
  const w = new Float64Array(n);
  const kept = grid && part.ratio ? part.ratio(grid.step) : null;
  const r = grid ? new Float64Array(n) : null;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const wi = part.w[i] as number;
    if (wi === 0) continue;
    const ai = part.a[i] as number;
    a[count] = ai;
    w[count] = wi;
    if (r && grid) r[count] = kept ? (kept[i] as number) : Math.exp(grid.step * ai);
    count++;
  }
  return { a, w, r, count };
}

/** acc[j] = Σ_i w_i exp((base + j step) a_i), two pixels at a time (two independent product chains). */
function gridSums(a: Float64Array, w: Float64Array, r: Float64Array, count: number, grid: Grid): Float64Array {
  const acc = new Float64Array(grid.size);
  const { base, size } = grid;
  let i = 0;
  for (; i + 1 < count; i += 2) {
    let m0 = (w[i] as number) * (base === 0 ? 1 : Math.exp(base * (a[i] as number)));
    let m1 = (w[i + 1] as number) * (base === 0 ? 1 : Math.exp(base * (a[i + 1] as number)));
    const r0 = r[i] as number;
    const r1 = r[i + 1] as number;
    for (let j = 0; j < size; j++) {
      acc[j] = (acc[j] as number) + (m0 + m1);
      m0 *= r0;
      m1 *= r1;
    }
  }
  if (i < count) {
    let m0 = (w[i] as number) * (base === 0 ? 1 : Math.exp(base * (a[i] as number)));
    const r0 = r[i] as number;
    for (let j = 0; j < size; j++) {
      acc[j] = (acc[j] as number) + m0;
      m0 *= r0;
    }
  }
  return acc;
}

function directSum(a: Float64Array, w: Float64Array, count: number, v: number): number {
  let s = 0;
  if (v === 0) for (let i = 0; i < count; i++) s += w[i] as number;
  else for (let i = 0; i < count; i++) s += (w[i] as number) * Math.exp(v * (a[i] as number));
  return s;
}

/** result[part][k] = Σ_i w_i exp(values[k] a_i). */
export function expWeightedSums(values: readonly number[], parts: readonly ExpPart[]): Float64Array[] {
  const grid = planGrid(values);
  return parts.map((part) => {
    const { a, w, r, count } = compact(part, grid);
    const acc = grid && r ? gridSums(a, w, r, count, grid) : null;
    return Float64Array.from(values, (v, k) => {
      const j = grid ? (grid.index[k] as number) : -1;
      return j >= 0 && acc ? (acc[j] as number) : directSum(a, w, count, v);
    });
  });
}
