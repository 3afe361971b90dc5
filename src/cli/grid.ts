/**
 * Reading the `target` and `pred` arrays of an eval case: 2-D (rows of numbers) or 1-D (one row).
 * Pure: no tf.js. Every failure is a human sentence naming the field and the position.
 */

export interface Grid {
  /** Row-major values, float64 as written in the input. */
  values: Float64Array;
  h: number;
  w: number;
  /** Written as a flat array (one row): the gradient is written back the same way. */
  oneD: boolean;
}

export type GridResult = { ok: true; grid: Grid } | { ok: false; message: string };

/** What `v` is, for an error message: the value itself when short, its kind otherwise. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string': {
      const s = v.length > 40 ? `${v.slice(0, 40)}…` : v;
      return `${JSON.stringify(s)} (a string)`;
    }
    case 'boolean':
      return `${v} (a boolean)`;
    case 'number':
      return String(v);
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

/** "2 × 3" or "1-D, 4 values". */
export function describeShape(g: Grid): string {
  return g.oneD ? `1-D with ${g.w} values` : `${g.h} × ${g.w}`;
}

function fail(message: string): GridResult {
  return { ok: false, message };
}

/**
 * Checks structure, numbers and finiteness of one array field. `range` additionally requires every value
 * in [lo, hi]; `rangeHint` is appended to that message.
 */
export function readGrid(raw: unknown, field: string, range?: { lo: number; hi: number; hint?: string }): GridResult {
  const f = `field "${field}"`;
  if (raw === undefined) return fail(`${f} is missing`);
  if (!Array.isArray(raw)) {
    return fail(`${f} must be an array of numbers (one row) or an array of rows, got ${describeValue(raw)}`);
  }
  if (raw.length === 0) return fail(`${f} is empty`);

  const oneD = !Array.isArray(raw[0]);
  const rows: unknown[][] = oneD ? [raw] : [];
  if (!oneD) {
    for (let r = 0; r < raw.length; r++) {
      const row: unknown = raw[r];
      if (!Array.isArray(row)) {
        return fail(
          `${f} element ${r} is ${describeValue(row)} but element 0 is a row: use only numbers (one row) or only rows`,
        );
      }
      rows.push(row);
    }
  }
  const w = (rows[0] as unknown[]).length;
  if (w === 0) return fail(`${f} row 0 is empty`);
  for (let r = 1; r < rows.length; r++) {
    const n = (rows[r] as unknown[]).length;
    if (n !== w) return fail(`${f} row ${r} has ${n} value${n === 1 ? '' : 's'}, row 0 has ${w}`);
  }

  const h = rows.length;
  const values = new Float64Array(h * w);
  for (let r = 0; r < h; r++) {
    const row = rows[r] as unknown[];
    for (let c = 0; c < w; c++) {
      const v = row[c];
      const at = oneD ? `value ${c}` : `row ${r} column ${c}`;
      if (typeof v !== 'number') {
        if (oneD && Array.isArray(v)) {
          return fail(`${f} ${at} is an array but element 0 is a number: use only numbers (one row) or only rows`);
        }
        return fail(`${f} ${at} is ${describeValue(v)}: values must be numbers`);
      }
      if (!Number.isFinite(v)) return fail(`${f} ${at} is ${v}: values must be finite`);
      if (range && !(v >= range.lo && v <= range.hi)) {
        return fail(`${f} ${at} is ${v}: must be in [${range.lo}, ${range.hi}]${range.hint ? ` (${range.hint})` : ''}`);
      }
      values[r * w + c] = v;
    }
  }
  return { ok: true, grid: { values, h, w, oneD } };
}

/** p = σ(z) in float64, then rounded to float32 (what the engine computes with). */
export function sigmoid32(z: Float64Array): Float32Array {
  const out = new Float32Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = 1 / (1 + Math.exp(-(z[i] as number)));
  return out;
}
