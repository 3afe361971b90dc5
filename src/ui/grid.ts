/** The scene's grid for components: a stable value while the shape is unchanged, and the frame's shape. */
import type { CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Grid } from '../scene/types.ts';
import { useApp } from '../state/store.ts';

export function useGrid(): Grid {
  return useApp(useShallow((s) => ({ height: s.scene.height, width: s.scene.width })));
}

/**
 * A picture frame with the grid's aspect ratio: full width for wide and square grids; a tall grid is
 * narrowed so that it is no taller than a square frame would be (pixels stay square, never stretched).
 */
export function frameStyle(grid: Grid): CSSProperties | undefined {
  if (grid.height === grid.width) return undefined;
  const style: CSSProperties = { aspectRatio: `${grid.width} / ${grid.height}` };
  if (grid.height > grid.width) {
    style.width = `${(100 * grid.width) / grid.height}%`;
    style.marginInline = 'auto';
  }
  return style;
}
