/**
 * 8-bit levels: the app keeps every layer on float32(k / 255) (src/share/planes.ts quantises the same
 * way), so a layer written as 8-bit gray and read back is exactly the layer.
 */

/** float32(k / 255), k = 0 … 255. */
export const LEVEL_VALUES: Float32Array = Float32Array.from({ length: 256 }, (_, k) => k / 255);

/** round(clamp(v, 0, 1) · 255); NaN → 0. */
export function toLevel(v: number): number {
  return v > 0 ? (v < 1 ? Math.round(v * 255) : 255) : 0;
}

/** Rec. 601 luma of an 8-bit RGB pixel, 0 … 255 (exactly the gray value when r = g = b). */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}
