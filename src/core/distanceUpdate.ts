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

/** [x0, x1) of the columns where two masks differ, or null when they are equal. */
function changedColumns(a: Uint8Array, b: Uint8Array, h: number, w: number): [number, number] | null {
  let x0 = w;
  let x1 = -1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
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
  private readonly sides: [Side, Side];
  private readonly scratch: Float64Array;
  private readonly dirtyRows: Uint8Array;
  readonly field: Float64Array;

  constructor(private readonly h: number, private readonly w: number) {
    const n = h * w;
    const side = (siteIsForeground: boolean): Side => ({ vert: new Float64Array(n), sq: new Float64Array(n), siteIsForeground });
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
  update(mask: Uint8Array): Float64Array {
    const { h, w } = this;
    const n = h * w;
    if (mask.length !== n) throw new RangeError(`mask has ${mask.length} values, expected ${h}x${w} = ${n}`);
    let foreground = 0;
    for (let i = 0; i < n; i++) if (mask[i] !== 0) foreground++;
    if (foreground === 0 || foreground === n) {
      this.mask = null;
      return this.field.fill(0);
    }
    const previous = this.mask;
    this.mask = Uint8Array.from(mask);
    if (!previous) {
      for (const s of this.sides) {
        columnDistances(mask, h, w, s.siteIsForeground, s.vert);
        for (let y = 0; y < h; y++) rowEnvelope(s.vert, w, y, s.sq);
      }
      const [a, b] = this.sides;
      for (let i = 0; i < n; i++) this.field[i] = a.sq[i]! + b.sq[i]!;
      return this.field;
    }
    const columns = changedColumns(previous, mask, h, w);
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
