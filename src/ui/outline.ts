/**
 * The ground-truth contour as an SVG path in grid units: the edges between pixels inside
 * [g > 0.5] and pixels outside (or the image border). Pure, tested in node.
 */
import type { Grid } from '../scene/types.ts';

export function outlinePath(mask: ArrayLike<number>, grid: Grid, threshold = 0.5): string {
  const { height, width } = grid;
  const inside = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < width && y < height && (mask[y * width + x] as number) > threshold;
  const parts: string[] = [];
  // Horizontal edges: between row y-1 and row y, merged into runs.
  for (let y = 0; y <= height; y++) {
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const edge = x < width && inside(x, y - 1) !== inside(x, y);
      if (edge && start < 0) start = x;
      if (!edge && start >= 0) {
        parts.push(`M${start} ${y}h${x - start}`);
        start = -1;
      }
    }
  }
  // Vertical edges: between column x-1 and column x.
  for (let x = 0; x <= width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const edge = y < height && inside(x - 1, y) !== inside(x, y);
      if (edge && start < 0) start = y;
      if (!edge && start >= 0) {
        parts.push(`M${x} ${start}v${y - start}`);
        start = -1;
      }
    }
  }
  return parts.join('');
}
