/**
 * Numbers from a file → a layer: finiteness and range checks, logits through σ, label maps by class
 * value. The checks name the first bad pixel by row and column.
 */
import type { IoResult, Plane } from './types.ts';
import { fail, plural } from './types.ts';
import { LEVEL_VALUES } from './levels.ts';

export interface RawValues {
  height: number;
  width: number;
  values: Float64Array;
  /** uint8 arrays hold 0/1 masks or 0 … 255 levels; see unitScale. */
  dtype: 'float32' | 'float64' | 'uint8' | 'bool';
}

export interface TargetOptions {
  /** A label map: the ground truth is 1 where the value equals this class value, else 0. */
  classValue?: number;
}

export interface PredictionOptions {
  /** The values are logits z: p = σ(z) (float64, then rounded to float32). */
  logits?: boolean;
}

function position(i: number, width: number): string {
  return `row ${Math.floor(i / width)}, column ${i % width}`;
}

function firstNonFinite(raw: RawValues, name: string): { ok: false; message: string } | null {
  let count = 0;
  let first = -1;
  for (let i = 0; i < raw.values.length; i++) {
    if (!Number.isFinite(raw.values[i])) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return null;
  const v = raw.values[first] as number;
  return fail(
    name,
    `contains ${plural(count, 'value')} that ${count === 1 ? 'is' : 'are'} not finite (${Number.isNaN(v) ? 'NaN' : v} at ${position(first, raw.width)})`,
  );
}

/** uint8 data other than a 0/1 mask is 8-bit levels: k → float32(k / 255). */
function unitScale(raw: RawValues): Float64Array {
  if (raw.dtype !== 'uint8') return raw.values;
  let max = 0;
  for (const v of raw.values) if (v > max) max = v;
  return max <= 1 ? raw.values : Float64Array.from(raw.values, (k) => LEVEL_VALUES[k] as number);
}

function outside(values: Float64Array): { index: number; count: number; min: number; max: number } | null {
  let index = -1;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    if (!(v >= 0 && v <= 1)) {
      if (index < 0) index = i;
      count++;
    }
  }
  return index < 0 ? null : { index, count, min, max };
}

export function targetFromValues(
  raw: RawValues,
  name: string,
  options: TargetOptions = {},
): IoResult<{ plane: Plane }> {
  const bad = firstNonFinite(raw, name);
  if (bad) return bad;
  const { height, width } = raw;
  if (options.classValue !== undefined) {
    const k = options.classValue;
    const data = Float32Array.from(raw.values, (v) => (v === k ? 1 : 0));
    if (!data.includes(1)) return fail(name, `has no pixel with class value ${k}`);
    return { ok: true, plane: { height, width, data } };
  }
  const values = unitScale(raw);
  const out = outside(values);
  if (out) {
    return fail(
      name,
      `has ${plural(out.count, 'value')} outside [0, 1] (first ${values[out.index]} at ${position(out.index, width)}; range ${out.min} … ${out.max}): ` +
        'a ground truth holds 0/1 or soft labels in [0, 1]; for a label map choose a class value',
    );
  }
  return { ok: true, plane: { height, width, data: Float32Array.from(values) } };
}

export function predictionFromValues(
  raw: RawValues,
  name: string,
  options: PredictionOptions = {},
): IoResult<{ plane: Plane }> {
  const bad = firstNonFinite(raw, name);
  if (bad) return bad;
  const { height, width } = raw;
  if (options.logits) {
    return { ok: true, plane: { height, width, data: Float32Array.from(raw.values, (z) => 1 / (1 + Math.exp(-z))) } };
  }
  const values = unitScale(raw);
  const out = outside(values);
  if (out) {
    return fail(
      name,
      `has ${plural(out.count, 'value')} outside [0, 1] (first ${values[out.index]} at ${position(out.index, width)}; range ${out.min} … ${out.max}): ` +
        'probabilities must lie in [0, 1]; if these are logits, switch on "logits" (σ is applied)',
    );
  }
  return { ok: true, plane: { height, width, data: Float32Array.from(values) } };
}
