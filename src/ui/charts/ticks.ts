/** Axis ticks and domains for the charts. Pure: no DOM, tested in node. */

/** Removes float noise: 0.30000000000000004 → 0.3. */
function clean(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(12));
}

/** The smallest of 1, 2, 5 × 10^k that is ≥ raw. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  for (const m of [1, 2, 5, 10]) if (m * base >= raw * (1 - 1e-9)) return clean(m * base);
  return clean(10 * base);
}

/** Multiples of a nice step inside [min, max], about `count` intervals. */
export function linearTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) return [clean(min)];
  const step = niceStep((max - min) / Math.max(1, count));
  const tol = step * 1e-9;
  const first = Math.ceil((min - tol) / step);
  const last = Math.floor((max + tol) / step);
  const out: number[] = [];
  for (let k = first; k <= last; k++) out.push(clean(k * step));
  return out;
}

/**
 * Ticks of a log axis over [min, max] (both > 0): the decades inside, with 2 and 5 between them when
 * the range spans at most two decades, and every other (or third…) decade when it spans more than eight.
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0 && max > 0)) return [];
  if (max < min) [min, max] = [max, min];
  const lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.ceil(Math.log10(max) - 1e-9);
  const span = Math.log10(max) - Math.log10(min);
  const inside = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  const out: number[] = [];
  if (span <= 2) {
    for (let e = lo; e <= hi; e++)
      for (const m of [1, 2, 5]) {
        const v = clean(m * 10 ** e);
        if (inside(v)) out.push(v);
      }
    return out;
  }
  const decades: number[] = [];
  for (let e = lo; e <= hi; e++) {
    const v = clean(10 ** e);
    if (inside(v)) decades.push(v);
  }
  const every = Math.ceil(decades.length / 8);
  return decades.filter((_, i) => i % every === 0);
}

/** Short tick labels: 0.3, 2, 1e-7, 2.5e-5. */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) {
    const [m, e] = v.toExponential().split('e');
    return `${Number(Number(m).toPrecision(3))}e${Number(e)}`;
  }
  return String(Number(v.toPrecision(4)));
}

/** A readable value for labels and tooltips (4 significant digits, exponent when tiny). */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (Number.isNaN(v)) return 'undefined';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e6) return v.toExponential(2).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/**
 * A y domain around the finite values with a little padding, snapped outwards to nice ticks; a flat
 * series gets a small band around its value.
 */
export function paddedDomain(
  values: Iterable<number | null | undefined>,
  count = 5,
): { domain: [number, number]; ticks: number[] } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { domain: [0, 1], ticks: linearTicks(0, 1, count) };
  if (max - min <= 1e-12 * Math.max(1, Math.abs(max))) {
    const pad = Math.max(Math.abs(max) * 0.05, 1e-6);
    min -= pad;
    max += pad;
  } else {
    const pad = (max - min) * 0.05;
    // Keep 0 as the floor when the values are all ≥ 0 (losses usually are).
    min = min >= 0 && min - pad < 0 ? 0 : min - pad;
    max += pad;
  }
  const step = niceStep((max - min) / count);
  const lo = clean(Math.floor(min / step + 1e-9) * step);
  const hi = clean(Math.ceil(max / step - 1e-9) * step);
  return { domain: [lo, hi], ticks: linearTicks(lo, hi, count) };
}
