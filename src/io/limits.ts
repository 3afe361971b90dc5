/** Size limits of imported files, checked from headers before any pixel buffer is allocated. */

/** The scene's long side: larger inputs are resampled to fit (docs/data.md). */
export const MAX_SCENE_SIDE = 512;

/** The largest side a decoder accepts. */
export const MAX_INPUT_SIDE = 16384;

/** The most pixels a decoder accepts (RGBA at this size is 100 MB). */
export const MAX_INPUT_PIXELS = 25_000_000;

/** null when acceptable, else the reason (shared by the image and .npy readers). */
export function sizeProblem(height: number, width: number): string | null {
  if (!(height >= 1 && width >= 1)) return `has no pixels (${height} × ${width})`;
  if (height > MAX_INPUT_SIDE || width > MAX_INPUT_SIDE || height * width > MAX_INPUT_PIXELS) {
    return `is ${height} × ${width} (height × width), too large: at most ${MAX_INPUT_SIDE} on a side and ${MAX_INPUT_PIXELS.toLocaleString('en-US')} pixels in all`;
  }
  return null;
}
