/**
 * Shared shapes of the file modules (src/io). Pure data: no DOM, no tf.js, so the same code runs in
 * the browser and in Node (the eval CLI).
 */

/** One layer of a scene: row-major height × width values (ground truth or prediction). */
export interface Plane {
  height: number;
  width: number;
  data: Float32Array;
}

/**
 * Decoded pixels, 8-bit RGBA, row-major. Structurally a DOM ImageData, so the page can pass what a
 * canvas gives it (e.g. a WebP decoded by createImageBitmap) wherever an RgbaImage is expected.
 */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** Every decoder returns this and never throws: the message names the file and the problem. */
export type IoResult<T> = ({ ok: true } & T) | { ok: false; message: string };

export function fail(name: string, problem: string): { ok: false; message: string } {
  return { ok: false, message: `${name}: ${problem}` };
}

/** "1 value" / "3 values". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
