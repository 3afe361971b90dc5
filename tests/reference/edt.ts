/**
 * Reference distance transforms and contours, float64, by brute force (O(N²)).
 *
 * Written from docs/losses.md ("Distance transforms") only; it must be obviously correct, not fast.
 * Images are row-major: pixel (y, x) is index y·w + x. A mask value counts as "on" when it is nonzero.
 */

/** Reads a[i], throwing instead of returning undefined (keeps noUncheckedIndexedAccess honest). */
export function at(a: ArrayLike<number>, i: number): number {
  const v = a[i];
  if (v === undefined) throw new RangeError(`index ${i} out of range (length ${a.length})`);
  return v;
}

export function checkShape(a: ArrayLike<number>, h: number, w: number, name = 'array'): void {
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1) {
    throw new RangeError(`bad image size ${h}x${w}`);
  }
  if (a.length !== h * w) throw new RangeError(`${name} has length ${a.length}, expected ${h}x${w} = ${h * w}`);
}

/** [x_i > thr] as 0/1 (strictly greater, as docs/losses.md says for both g and p). */
export function binarize(x: ArrayLike<number>, thr: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) out.push(at(x, i) > thr ? 1 : 0);
  return out;
}

/** 1 − m for a binary mask. */
export function invert(mask: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) out.push(at(mask, i) !== 0 ? 0 : 1);
  return out;
}

/**
 * scipy.ndimage.distance_transform_edt: 0 where the mask is 0, otherwise the Euclidean distance from the
 * pixel centre to the nearest pixel centre where the mask is 0 (unit spacing; pixels outside the image are
 * NOT zeros). A mask with no zero pixel has no finite distance: Infinity at every nonzero pixel.
 */
export function edt(mask: ArrayLike<number>, h: number, w: number): number[] {
  checkShape(mask, h, w, 'mask');
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (at(mask, y * w + x) === 0) {
        out.push(0);
        continue;
      }
      let best = Infinity;
      for (let yy = 0; yy < h; yy++) {
        for (let xx = 0; xx < w; xx++) {
          if (at(mask, yy * w + xx) !== 0) continue;
          const d = Math.hypot(y - yy, x - xx);
          if (d < best) best = d;
        }
      }
      out.push(best);
    }
  }
  return out;
}

/** Number of nonzero entries. */
export function count(mask: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (at(mask, i) !== 0) n++;
  return n;
}

/**
 * The field of a mask as MONAI's HausdorffDTLoss builds it: edt(m) + edt(1 − m), and all zeros when the
 * mask is empty or full.
 */
export function distanceField(mask: ArrayLike<number>, h: number, w: number): number[] {
  checkShape(mask, h, w, 'mask');
  const on = count(mask);
  if (on === 0 || on === h * w) return new Array<number>(h * w).fill(0);
  const inside = edt(mask, h, w);
  const outside = edt(invert(mask), h, w);
  return inside.map((d, i) => d + at(outside, i));
}

/**
 * Contour: pixels with m = 1 having at least one 4-neighbour with m = 0, where positions outside the image
 * count as 0 (scipy binary_erosion with border_value = 0). Returns a 0/1 map.
 */
export function contour(mask: ArrayLike<number>, h: number, w: number): number[] {
  checkShape(mask, h, w, 'mask');
  const on = (y: number, x: number): boolean => y >= 0 && y < h && x >= 0 && x < w && at(mask, y * w + x) !== 0;
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const edge = on(y, x) && (!on(y - 1, x) || !on(y + 1, x) || !on(y, x - 1) || !on(y, x + 1));
      out.push(edge ? 1 : 0);
    }
  }
  return out;
}

/** The (y, x) coordinates of the nonzero pixels of a map, in row-major order. */
export function points(mask: ArrayLike<number>, h: number, w: number): Array<[number, number]> {
  checkShape(mask, h, w, 'mask');
  const out: Array<[number, number]> = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (at(mask, y * w + x) !== 0) out.push([y, x]);
  return out;
}

/**
 * For each point of `from`, the Euclidean distance to the nearest point of `to` (Infinity when `to` is
 * empty). Brute force.
 */
export function directedDistances(from: Array<[number, number]>, to: Array<[number, number]>): number[] {
  return from.map(([y, x]) => {
    let best = Infinity;
    for (const [yy, xx] of to) {
      const d = Math.hypot(y - yy, x - xx);
      if (d < best) best = d;
    }
    return best;
  });
}
