/**
 * The squared distance field of a mask that changes a little at a time (a brush dab on the prediction):
 * updated from the previous mask's transforms instead of rebuilt. Exact by construction: the column pass
 * of a column reads only that mask column, and the row pass of a row reads only that row of column
 * distances (distance.ts), so the update recomputes the columns the change touches, then the rows whose
 * column distances changed, with the same code a full transform runs. Everything else is unchanged.
 */
import { columnDistances, rowEnvelope } from './distance.ts';

interface Side {
  /** Column distances (not squared). */
  vert: Float64Array;
  /** Squared distances to the nearest site. */
  sq: Float64Array;
  siteIsForeground: boolean;
}

/** Where a mask can differ from `previous` (the mask given to the last update): inside `box`. */
export interface MaskChange {
  previous: Uint8Array;
  box: { y0: number; y1: number; x0: number; x1: number };
}

/** [x0, x1) of the columns where two masks differ inside `box`, or null when they are equal there. */
function changedColumns(a: Uint8Array, b: Uint8Array, w: number, box: MaskChange['box']): [number, number] | null {
  let x0 = w;
  let x1 = -1;
  for (let y = box.y0; y < box.y1; y++) {
    const row = y * w;
    for (let x = box.x0; x < box.x1; x++) {
      if (a[row + x] !== b[row + x]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
      }
    }
  }
  return x1 < 0 ? null : [x0, x1 + 1];
}

export class IncrementalDistanceField {
  /** The mask the state below describes (null: none yet, or it was empty or full). */
  private mask: Uint8Array | null = null;
  /** The array the last update was given (hints are relative to it) and its foreground count. */
  private lastInput: Uint8Array | null = null;
  private lastForeground = 0;
  private readonly sides: [Side, Side];
  private readonly scratch: Float64Array;
  private readonly dirtyRows: Uint8Array;
  readonly field: Float64Array;

  constructor(
    private readonly h: number,
    private readonly w: number,
  ) {
    const n = h * w;
    const side = (siteIsForeground: boolean): Side => ({
      vert: new Float64Array(n),
      sq: new Float64Array(n),
      siteIsForeground,
    });
    // Sites = background: the transform of the mask (edt(m)); sites = foreground: edt(1 − m).
    this.sides = [side(false), side(true)];
    this.scratch = new Float64Array(n);
    this.dirtyRows = new Uint8Array(h);
    this.field = new Float64Array(n);
  }

  /** Whether this state is for an h × w grid. */
  fits(h: number, w: number): boolean {
    return h === this.h && w === this.w;
  }

  /**
   * distanceFieldSquared(mask) (all zeros when the mask is empty or full). The returned array is this
   * object's and changes on the next update.
   */
  update(mask: Uint8Array, hint: MaskChange | null = null): Float64Array {
    const { h, w } = this;
    const n = h * w;
    if (mask.length !== n) throw new RangeError(`mask has ${mask.length} values, expected ${h}x${w} = ${n}`);
    // A hint counts only against the array this state was last given (it must not have changed since).
    const box = hint && hint.previous === this.lastInput ? hint.box : { y0: 0, y1: h, x0: 0, x1: w };
    let foreground = 0;
    if (hint && hint.previous === this.lastInput) {
      foreground = this.lastForeground;
      for (let y = box.y0; y < box.y1; y++) {
        for (let i = y * w + box.x0; i < y * w + box.x1; i++)
          foreground += (mask[i] !== 0 ? 1 : 0) - (hint.previous[i] !== 0 ? 1 : 0);
      }
    } else for (let i = 0; i < n; i++) if (mask[i] !== 0) foreground++;
    this.lastInput = mask;
    this.lastForeground = foreground;
    if (foreground === 0 || foreground === n) {
      this.mask = null;
      return this.field.fill(0);
    }
    const previous = this.mask;
    if (!previous) {
      this.mask = Uint8Array.from(mask);
      for (const s of this.sides) {
        columnDistances(mask, h, w, s.siteIsForeground, s.vert);
        for (let y = 0; y < h; y++) rowEnvelope(s.vert, w, y, s.sq);
      }
      const [a, b] = this.sides;
      for (let i = 0; i < n; i++) this.field[i] = a.sq[i]! + b.sq[i]!;
      return this.field;
    }
    const columns = changedColumns(previous, mask, w, box);
    // The kept copy becomes this mask: it can differ only inside the box.
    for (let y = box.y0; y < box.y1; y++) previous.set(mask.subarray(y * w + box.x0, y * w + box.x1), y * w + box.x0);
    if (!columns) return this.field;
    const [x0, x1] = columns;
    const dirty = this.dirtyRows.fill(0);
    for (const s of this.sides) {
      columnDistances(mask, h, w, s.siteIsForeground, this.scratch, x0, x1);
      for (let y = 0; y < h; y++) {
        const row = y * w;
        let changed = false;
        for (let x = x0; x < x1; x++) {
          const v = this.scratch[row + x]!;
          if (v !== s.vert[row + x]) {
            s.vert[row + x] = v;
            changed = true;
          }
        }
        if (changed) {
          rowEnvelope(s.vert, w, y, s.sq);
          dirty[y] = 1;
        }
      }
    }
    const [a, b] = this.sides;
    for (let y = 0; y < h; y++) {
      if (!dirty[y]) continue;
      for (let i = y * w; i < (y + 1) * w; i++) this.field[i] = a.sq[i]! + b.sq[i]!;
    }
    return this.field;
  }
}
