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
    const ok = j >= 0 && j <= MAX_GRID_FACTOR * values.length && Math.abs(base + j * step - v) <= 1e-12 * Math.max(1, Math.abs(v));
    index[k] = ok ? j : -1;
    if (ok) {
      onGrid++;
      size = Math.max(size, j + 1);
    }
  });
  return onGrid >= 3 ? { base, step, index, size } : null;
}

/** The pixels with a non-zero weight, packed. */
function compact(part: ExpPart): { a: Float64Array; w: Float64Array; count: number } {
  const n = part.w.length;
  const a = new Float64Array(n);
  const w = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const wi = part.w[i] as number;
    if (wi === 0) continue;
    a[count] = part.a[i] as number;
    w[count] = wi;
    count++;
  }
  return { a, w, count };
}

/** acc[j] = Σ_i w_i exp((base + j step) a_i), two pixels at a time (two independent product chains). */
function gridSums(a: Float64Array, w: Float64Array, count: number, grid: Grid): Float64Array {
  const acc = new Float64Array(grid.size);
  const { base, step, size } = grid;
  let i = 0;
  for (; i + 1 < count; i += 2) {
    const a0 = a[i] as number;
    const a1 = a[i + 1] as number;
    let m0 = (w[i] as number) * (base === 0 ? 1 : Math.exp(base * a0));
    let m1 = (w[i + 1] as number) * (base === 0 ? 1 : Math.exp(base * a1));
    const r0 = Math.exp(step * a0);
    const r1 = Math.exp(step * a1);
    for (let j = 0; j < size; j++) {
      acc[j] = (acc[j] as number) + (m0 + m1);
      m0 *= r0;
      m1 *= r1;
    }
  }
  if (i < count) {
    const a0 = a[i] as number;
    let m0 = (w[i] as number) * (base === 0 ? 1 : Math.exp(base * a0));
    const r0 = Math.exp(step * a0);
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
    const { a, w, count } = compact(part);
    const acc = grid ? gridSums(a, w, count, grid) : null;
    return Float64Array.from(values, (v, k) => {
      const j = grid ? (grid.index[k] as number) : -1;
      return j >= 0 && acc ? (acc[j] as number) : directSum(a, w, count, v);
    });
  });
}
