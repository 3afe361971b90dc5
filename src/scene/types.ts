/** The scene: two masks on one grid, as plain arrays. No tf.js, React or DOM. */

export const GRID_SIZES = [64, 128, 256, 512] as const;
export type GridSize = (typeof GRID_SIZES)[number];
/** Sizes offered in the explorer UI (512 is for the CLI, tests and benchmarks). */
export const UI_GRID_SIZES = [64, 128, 256] as const;
export const DEFAULT_GRID: GridSize = 128;

export interface Scene {
  /** Square grid: size × size pixels, row-major. */
  size: number;
  /** Ground truth in [0, 1]; 0/1 when painted. */
  target: Float32Array;
  /** Predicted foreground probability in [0, 1]. */
  pred: Float32Array;
}

export type Layer = 'target' | 'pred';
