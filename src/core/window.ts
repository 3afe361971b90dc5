/** The Gaussian window of the structural loss: k × k, σ = 1.5, normalised, zero padding. */

export const WINDOW_SIGMA = 1.5;

/** 1-D Gaussian taps of length k (odd), σ = 1.5, normalised so that the 2-D outer product sums to 1. */
export function gaussianTaps(k: number): number[] {
  if (!Number.isInteger(k) || k < 1 || k % 2 === 0) throw new Error(`window must be an odd integer, got ${k}`);
  const r = (k - 1) / 2;
  const taps: number[] = [];
  for (let i = -r; i <= r; i++) taps.push(Math.exp(-(i * i) / (2 * WINDOW_SIGMA * WINDOW_SIGMA)));
  const s = taps.reduce((a, b) => a + b, 0);
  return taps.map((t) => t / s);
}

/** Half-open rectangle [y0, y1) × [x0, x1) of output pixels. */
export interface WindowBox {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

/**
 * Σ_k w_k x_{i+k} with the normalised Gaussian window and zero padding, for the output pixels in `box`
 * (the whole grid by default): a row pass over the rows the box's window reaches, then a column pass.
 * Each output pixel's sum is formed in the same order whatever the box, so recomputing a box gives the
 * bits a whole-grid pass gives there: the structural loss updates only what a brush dab reaches.
 * `rows` is scratch of length h·w.
 */
export function windowSum(
  x: Float64Array,
  h: number,
  w: number,
  taps: readonly number[],
  out: Float64Array = new Float64Array(h * w),
  rows: Float64Array = new Float64Array(h * w),
  box: WindowBox = { y0: 0, y1: h, x0: 0, x1: w },
): Float64Array {
  const r = (taps.length - 1) >> 1;
  const { x0, x1 } = box;
  const rowLo = Math.max(0, box.y0 - r);
  const rowHi = Math.min(h, box.y1 + r);
  if (taps.length === 3) {
    const edge = taps[0] as number;
    const centre = taps[1] as number;
    // Interior columns in a branch-free loop; the two edge columns (zero padding) on their own.
    const inLo = Math.max(x0, 1);
    const inHi = Math.min(x1, w - 1);
    for (let y = rowLo; y < rowHi; y++) {
      const b = y * w;
      for (let i = b + inLo; i < b + inHi; i++)
        rows[i] = edge * ((x[i - 1] as number) + (x[i + 1] as number)) + centre * (x[i] as number);
      if (x0 === 0)
        rows[b] = w === 1 ? centre * (x[b] as number) : centre * (x[b] as number) + edge * (x[b + 1] as number);
      if (x1 === w && w > 1) rows[b + w - 1] = edge * (x[b + w - 2] as number) + centre * (x[b + w - 1] as number);
    }
    for (let y = box.y0; y < box.y1; y++) {
      const b = y * w;
      const up = y > 0 ? b - w : -1;
      const down = y < h - 1 ? b + w : -1;
      if (up >= 0 && down >= 0) {
        for (let xx = x0; xx < x1; xx++)
          out[b + xx] =
            centre * (rows[b + xx] as number) + edge * (rows[up + xx] as number) + edge * (rows[down + xx] as number);
      } else {
        for (let xx = x0; xx < x1; xx++) {
          let s = centre * (rows[b + xx] as number);
          if (up >= 0) s += edge * (rows[up + xx] as number);
          if (down >= 0) s += edge * (rows[down + xx] as number);
          out[b + xx] = s;
        }
      }
    }
    return out;
  }
  for (let y = rowLo; y < rowHi; y++) {
    const b = y * w;
    for (let xx = x0; xx < x1; xx++) {
      let s = 0;
      for (let d = Math.max(-r, -xx); d <= Math.min(r, w - 1 - xx); d++)
        s += (taps[d + r] as number) * (x[b + xx + d] as number);
      rows[b + xx] = s;
    }
  }
  for (let y = box.y0; y < box.y1; y++) {
    const b = y * w;
    const dLo = Math.max(-r, -y);
    const dHi = Math.min(r, h - 1 - y);
    for (let xx = x0; xx < x1; xx++) {
      let s = 0;
      for (let d = dLo; d <= dHi; d++) s += (taps[d + r] as number) * (rows[b + d * w + xx] as number);
      out[b + xx] = s;
    }
  }
  return out;
}
