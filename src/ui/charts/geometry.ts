/** Layout of the Tversky map (an SVG drawn by hand, not recharts). Pure, tested in node. */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MapLayout {
  width: number;
  height: number;
  /** The heat map: FP weight to the right, FN weight up. */
  plot: Rect;
  /** The colour bar. */
  legend: Rect;
}

export function mapLayout(width: number, height: number): MapLayout {
  const left = 70;
  const bottom = 58;
  const top = 14;
  const right = 104;
  const plotW = Math.max(40, width - left - right);
  const plotH = Math.max(40, height - top - bottom);
  const side = Math.min(plotW, plotH); // square cells: both weights share the range [0, 1]
  const plot = { x: left, y: top, w: side, h: side };
  return { width, height, plot, legend: { x: plot.x + side + 24, y: top, w: 16, h: side } };
}

/** Pixel position of (u, v) ∈ [0, 1]² on the plot (v up). */
export function toPlot(layout: MapLayout, u: number, v: number): { x: number; y: number } {
  const { plot } = layout;
  return { x: plot.x + u * plot.w, y: plot.y + (1 - v) * plot.h };
}

function snap(v: number, lo: number, hi: number, step: number): number {
  const s = step > 0 ? Math.round((v - lo) / step) * step + lo : v;
  const d = step > 0 ? Math.max(0, -Math.floor(Math.log10(step))) + 2 : 6;
  return Math.min(hi, Math.max(lo, Number(s.toFixed(d))));
}

/**
 * The (FP, FN) weights under a pointer at (px, py), snapped to the sliders' step; null outside the plot
 * (2 px of slack around it).
 */
export function pickFromMap(
  layout: MapLayout, px: number, py: number,
  fpDomain: readonly [number, number] = [0, 1], fnDomain: readonly [number, number] = [0, 1], step = 0.01,
): { fp: number; fn: number } | null {
  const { plot } = layout;
  if (px < plot.x - 2 || px > plot.x + plot.w + 2 || py < plot.y - 2 || py > plot.y + plot.h + 2) return null;
  const u = Math.min(1, Math.max(0, (px - plot.x) / plot.w));
  const v = Math.min(1, Math.max(0, 1 - (py - plot.y) / plot.h));
  const [x0, x1] = fpDomain;
  const [y0, y1] = fnDomain;
  return { fp: snap(x0 + u * (x1 - x0), x0, x1, step), fn: snap(y0 + v * (y1 - y0), y0, y1, step) };
}

export type Corner = 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';
export const CORNERS: readonly Corner[] = ['top-right', 'top-left', 'bottom-right', 'bottom-left'];

/** Top-left of a w × h box in a corner of the plot, `inset` px from its edges. */
export function cornerBox(plot: Rect, corner: Corner, w: number, h: number, inset = 10): { x: number; y: number } {
  const x = corner.endsWith('right') ? plot.x + plot.w - w - inset : plot.x + inset;
  const y = corner.startsWith('top') ? plot.y + inset : plot.y + plot.h - h - inset;
  return { x, y };
}

/**
 * The corner whose box covers the fewest of the given points (pixels), in the order of CORNERS on ties:
 * where a legend hides the least of the curves.
 */
export function chooseCorner(plot: Rect, w: number, h: number, points: readonly (readonly [number, number])[], inset = 10): Corner {
  let best: Corner = 'top-right';
  let fewest = Infinity;
  for (const corner of CORNERS) {
    const { x, y } = cornerBox(plot, corner, w, h, inset);
    let n = 0;
    for (const [px, py] of points) if (px >= x - 6 && px <= x + w + 6 && py >= y - 6 && py <= y + h + 6) n++;
    if (n < fewest) {
      fewest = n;
      best = corner;
    }
  }
  return best;
}
