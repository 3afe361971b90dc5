/**
 * Per-pixel terms of the host path (clipped logs, focal modulators, ℓ^γ …) kept across predictions and
 * recomputed only inside the box of pixels that changed since they were built. A brush dab changes a
 * small box, so a stroke pays for its transcendentals there and nowhere else. Each term is a pure function
 * of its pixel's (p, g), so updating the box with the same code gives the same bits as a full rebuild.
 */

/** Half-open rectangle [y0, y1) × [x0, x1) of a row-major grid. */
export interface Box {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

/** Fills `arrays` with a term over `box` (the whole grid on first use or after too many changes). */
export type FillTerm = (arrays: Float64Array[], box: Box) => void;

/**
 * Fills rows [y0, y1) of per-row partial sums, `rows[y * width + k]` for the k-th of `width` sums, each
 * row summed over the whole grid row in pixel order.
 */
export type FillRows = (rows: Float64Array, y0: number, y1: number) => void;

/** Fills a float32 map over `box`. */
export type FillMap = (map: Float32Array, box: Box) => void;

interface MapEntry {
  version: number;
  map: Float32Array;
}

interface RowEntry {
  version: number;
  width: number;
  rows: Float64Array;
}

interface Entry {
  version: number;
  arrays: Float64Array[];
}

/** How many prediction changes are remembered; older entries are rebuilt whole. */
const HISTORY = 16;
/**
 * Arrays kept, over all entries (least recently used entries dropped first): 8 B × pixels each, 16 MB at
 * 256², 64 MB at 512². A full evaluation with its maps uses ~14, the sweeps a few more.
 */
const MAX_ARRAYS = 32;
/**
 * Float32 maps kept (4 B × pixels each, 4 MB in all at 256²): the gradient maps that are a pure function of
 * each pixel, one per loss and parameter values.
 */
const MAX_MAPS = 16;
/** Row-sum entries kept (h × width numbers each, a few KB): one per sum family and parameter value. */
const MAX_ROW_ENTRIES = 64;

/** The box of pixels where `a` and `b` differ, or null when they are equal. */
export function changedBox(a: Float32Array, b: Float32Array, h: number, w: number): Box | null {
  let y0 = h,
    y1 = -1,
    x0 = w,
    x1 = -1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      if (a[row + x] !== b[row + x]) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (y0 > y) y0 = y;
    y1 = y;
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
  }
  return y1 < 0 ? null : { y0, y1: y1 + 1, x0, x1: x1 + 1 };
}

export class PixelTermCache {
  private version = 0;
  /** history[k]: the box changed on the way into version `version − history.length + 1 + k`. */
  private history: Box[] = [];
  private readonly entries = new Map<string, Entry>();
  private readonly rowEntries = new Map<string, RowEntry>();
  private readonly mapEntries = new Map<string, MapEntry>();
  private h = 0;
  private w = 0;

  /** The prediction changed inside `box` (null: anywhere, or the grid or ground truth changed). */
  advance(box: Box | null, h: number, w: number): void {
    if (box === null || h !== this.h || w !== this.w) {
      this.entries.clear();
      this.rowEntries.clear();
      this.mapEntries.clear();
      this.history = [];
      this.h = h;
      this.w = w;
    } else {
      this.history.push(box);
      if (this.history.length > HISTORY) this.history.shift();
    }
    this.version++;
  }

  clear(): void {
    this.entries.clear();
    this.rowEntries.clear();
    this.mapEntries.clear();
    this.history = [];
    this.version++;
  }

  /** `count` arrays of one term, built by `fill` where they are stale. */
  get(key: string, count: number, fill: FillTerm): Float64Array[] {
    const n = this.h * this.w;
    let entry = this.entries.get(key);
    if (entry && entry.version === this.version) {
      this.entries.delete(key);
      this.entries.set(key, entry); // most recently used last
      return entry.arrays;
    }
    let box = this.staleBox(entry);
    if (!entry || entry.arrays.length !== count || entry.arrays[0]?.length !== n) {
      entry = { version: -1, arrays: Array.from({ length: count }, () => new Float64Array(n)) };
      box = { y0: 0, y1: this.h, x0: 0, x1: this.w };
    }
    fill(entry.arrays, box);
    entry.version = this.version;
    this.entries.delete(key);
    this.entries.set(key, entry);
    let arrays = 0;
    for (const e of this.entries.values()) arrays += e.arrays.length;
    for (const [oldest, e] of this.entries) {
      if (arrays <= MAX_ARRAYS || oldest === key) break;
      this.entries.delete(oldest);
      arrays -= e.arrays.length;
    }
    return entry.arrays;
  }

  /**
   * A float32 map that is a pure function of each pixel's (p, g) and of constants in `key` (a gradient map
   * such as BCE's or focal's), refilled where the prediction changed. Callers copy it out (`out.set`): the
   * maps they return are theirs, this one stays in the cache.
   */
  map(key: string, fill: FillMap): Float32Array {
    const n = this.h * this.w;
    let entry = this.mapEntries.get(key);
    if (!entry || entry.map.length !== n) {
      entry = { version: -1, map: new Float32Array(n) };
      fill(entry.map, { y0: 0, y1: this.h, x0: 0, x1: this.w });
    } else if (entry.version !== this.version) {
      const stale = this.staleBox(entry);
      if (stale.y1 > stale.y0) fill(entry.map, stale);
    }
    entry.version = this.version;
    this.mapEntries.delete(key);
    this.mapEntries.set(key, entry); // most recently used last
    for (const oldest of this.mapEntries.keys()) {
      if (this.mapEntries.size <= MAX_MAPS) break;
      this.mapEntries.delete(oldest);
    }
    return entry.map;
  }

  /**
   * `width` whole-grid sums as the sum over rows of per-row partial sums, keeping the partial sums and
   * refilling only the rows a change since they were built reaches. Every row is summed the same way
   * whatever was refilled, and the rows are added in order, so the totals do not depend on the history of
   * changes (no running subtraction: a tiny loss stays exact after a large one was painted and undone).
   * `reach`: rows that far from a changed one are refilled too (sums of terms that read a window).
   */
  rowSums(key: string, width: number, fill: FillRows, reach = 0): Float64Array {
    let entry = this.rowEntries.get(key);
    if (!entry || entry.width !== width || entry.rows.length !== this.h * width) {
      entry = { version: -1, width, rows: new Float64Array(this.h * width) };
      fill(entry.rows, 0, this.h);
    } else if (entry.version !== this.version) {
      const stale = this.staleBox(entry);
      if (stale.y1 > stale.y0) fill(entry.rows, Math.max(0, stale.y0 - reach), Math.min(this.h, stale.y1 + reach));
    }
    entry.version = this.version;
    this.rowEntries.delete(key);
    this.rowEntries.set(key, entry); // most recently used last
    for (const oldest of this.rowEntries.keys()) {
      if (this.rowEntries.size <= MAX_ROW_ENTRIES) break;
      this.rowEntries.delete(oldest);
    }
    const totals = new Float64Array(width);
    const rows = entry.rows;
    for (let y = 0; y < this.h; y++) {
      for (let k = 0; k < width; k++) totals[k] = (totals[k] as number) + (rows[y * width + k] as number);
    }
    return totals;
  }

  /** Union of the boxes changed since `entry` was built; the whole grid when that is not known. */
  private staleBox(entry: { version: number } | undefined): Box {
    const whole = { y0: 0, y1: this.h, x0: 0, x1: this.w };
    if (!entry) return whole;
    const steps = this.version - entry.version;
    if (steps > this.history.length) return whole;
    const box = { y0: this.h, y1: 0, x0: this.w, x1: 0 };
    for (let k = this.history.length - steps; k < this.history.length; k++) {
      const b = this.history[k] as Box;
      box.y0 = Math.min(box.y0, b.y0);
      box.y1 = Math.max(box.y1, b.y1);
      box.x0 = Math.min(box.x0, b.x0);
      box.x1 = Math.max(box.x1, b.x1);
    }
    return box;
  }
}
