/** The scene: two masks on one grid, as plain arrays. No tf.js, React or DOM. */

export const GRID_SIZES = [64, 128, 256, 512] as const;
export type GridSize = (typeof GRID_SIZES)[number];
/** Sizes offered in the explorer UI (512 is for the CLI, tests and benchmarks). */
export const UI_GRID_SIZES = [64, 128, 256] as const;
export const DEFAULT_GRID: GridSize = 128;
/** The longest side a scene may have (imports larger than this are resampled to fit). */
export const MAX_SIDE = 512;

/** A grid's shape: height rows × width columns. Presets are square; imported data need not be. */
export interface Grid {
  readonly height: number;
  readonly width: number;
}

export interface Scene extends Grid {
  /** Ground truth in [0, 1]; 0/1 when painted. height × width values, row-major. */
  target: Float32Array;
  /** Predicted foreground probability in [0, 1]. */
  pred: Float32Array;
}

export type Layer = 'target' | 'pred';

/** What each layer is called on screen: canvas names (a stable test contract), undo entries, messages. */
export const LAYER_LABEL: Readonly<Record<Layer, string>> = { target: 'Ground truth', pred: 'Prediction' };

export function squareGrid(size: number): Grid {
  return { height: size, width: size };
}

export function sameGrid(a: Grid, b: Grid): boolean {
  return a.height === b.height && a.width === b.width;
}

export function isSquare(grid: Grid): boolean {
  return grid.height === grid.width;
}

/** The longer side: what the grid-size selector and the brush scale refer to. */
export function longSide(grid: Grid): number {
  return Math.max(grid.height, grid.width);
}

/** A valid scene grid: positive integer sides, neither longer than MAX_SIDE. */
export function isValidGrid(grid: Grid): boolean {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_SIDE;
  return ok(grid.height) && ok(grid.width);
}

/**
 * The grid with the same aspect ratio whose long side is `side` (each side rounded, at least 1).
 * A square grid gives side × side.
 */
export function fitGrid(grid: Grid, side: number): Grid {
  const long = longSide(grid);
  const scale = side / long;
  const fit = (n: number) => (n === long ? side : Math.max(1, Math.round(n * scale)));
  return { height: fit(grid.height), width: fit(grid.width) };
}

/** "H × W", as the page writes a grid. */
export function gridLabel(grid: Grid): string {
  return `${grid.height} × ${grid.width}`;
}
