/**
 * The masks as bytes for a link: 1-bit packing of a binary ground truth and the prediction filters
 * (predictive coding before DEFLATE); the 8-bit levels themselves are in src/scene/levels.ts. Every
 * function here is exact integer arithmetic, so the encoder and the decoder agree bit for bit in every
 * JavaScript engine.
 */

/** 1 bit per pixel, row-major, most significant bit first; a pixel is set when its level is ≥ 128. */
export function packBits(levels: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(levels.length / 8));
  for (let i = 0; i < levels.length; i++) if (levels[i]! >= 128) out[i >> 3] = out[i >> 3]! | (128 >> (i & 7));
  return out;
}

/** Inverse of packBits: levels 0 or 255. */
export function unpackBits(bits: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (bits[i >> 3]! >> (7 - (i & 7))) & 1 ? 255 : 0;
  return out;
}

/**
 * Prediction filters, by their wire number. For pixel x with left neighbour a, upper b and upper-left c
 * (missing neighbours: in the first column a = c = b, in the first row b = c = a, at the origin all 0):
 *   0 none  — 0
 *   1 left  — a
 *   2 up    — b
 *   3 med   — LOCO-I median edge detector: min(a, b) if c ≥ max(a, b), max(a, b) if c ≤ min(a, b), else a + b − c
 *   4 plane — clamp(a + b − c, 0, 255)
 * The stored byte is (x − prediction) mod 256.
 */
export const FILTERS = ['none', 'left', 'up', 'med', 'plane'] as const;
export type FilterId = 0 | 1 | 2 | 3 | 4;

function predict(f: FilterId, a: number, b: number, c: number): number {
  switch (f) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3: {
      const lo = a < b ? a : b;
      const hi = a < b ? b : a;
      return c >= hi ? lo : c <= lo ? hi : a + b - c;
    }
    case 4: {
      const p = a + b - c;
      return p < 0 ? 0 : p > 255 ? 255 : p;
    }
  }
}

/** Applies (forward = true) or undoes a filter on a row-major byte plane `width` wide; returns a new plane. */
export function runFilter(plane: Uint8Array, width: number, f: FilterId, forward: boolean): Uint8Array {
  const out = new Uint8Array(plane.length);
  // The neighbours always come from the unfiltered plane: `plane` when filtering, `out` when undoing.
  const src = forward ? plane : out;
  const height = plane.length / width;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      let a: number;
      let b: number;
      let c: number;
      if (y === 0) {
        a = x > 0 ? src[i - 1]! : 0;
        b = a;
        c = a;
      } else if (x === 0) {
        b = src[i - width]!;
        a = b;
        c = b;
      } else {
        a = src[i - 1]!;
        b = src[i - width]!;
        c = src[i - width - 1]!;
      }
      const p = predict(f, a, b, c);
      out[i] = forward ? (plane[i]! - p) & 255 : (plane[i]! + p) & 255;
    }
  }
  return out;
}

/** (x − base) mod 256, element-wise. */
export function subtractPlane(x: Uint8Array, base: Uint8Array): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - base[i]!) & 255;
  return out;
}

/** (x + base) mod 256, element-wise. */
export function addPlane(x: Uint8Array, base: Uint8Array): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! + base[i]!) & 255;
  return out;
}

/** a XOR b, element-wise. */
export function xorPlane(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}
