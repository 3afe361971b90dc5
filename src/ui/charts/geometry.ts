/** Chart geometry: the Tversky map's layout, and where a legend box covers no data. Pure, tested in node. */

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
  layout: MapLayout,
  px: number,
  py: number,
  fpDomain: readonly [number, number] = [0, 1],
  fnDomain: readonly [number, number] = [0, 1],
  step = 0.01,
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
 * The corner whose box covers the fewest of the given points (pixels), in the order of `corners` on ties:
 * where a legend hides the least of the curves when no place is free (see chooseLegendSpot).
 */
export function chooseCorner(
  plot: Rect,
  w: number,
  h: number,
  points: readonly (readonly [number, number])[],
  inset = 10,
  corners: readonly Corner[] = CORNERS,
): Corner {
  let best: Corner = corners[0] ?? 'top-right';
  let fewest = Infinity;
  for (const corner of corners) {
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

export type Point = readonly [number, number];

/** Whether the segment a–b meets the closed rectangle r (Liang–Barsky clipping). */
export function segmentHitsRect(a: Point, b: Point, r: Rect): boolean {
  if (r.w < 0 || r.h < 0) return false;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  // Each edge as p·t ≤ q: the part of the segment on the inner side of it.
  const edges: [number, number][] = [
    [-dx, a[0] - r.x],
    [dx, r.x + r.w - a[0]],
    [-dy, a[1] - r.y],
    [dy, r.y + r.h - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

/** Whether a polyline (its points and the segments between consecutive ones) meets r. */
export function polylineHitsRect(line: readonly Point[], r: Rect): boolean {
  if (line.length === 1) return segmentHitsRect(line[0]!, line[0]!, r);
  for (let i = 1; i < line.length; i++) if (segmentHitsRect(line[i - 1]!, line[i]!, r)) return true;
  return false;
}

/** The overlap of two rectangles (w or h negative when they do not overlap). */
export function intersectRects(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, w: Math.min(a.x + a.w, b.x + b.w) - x, h: Math.min(a.y + a.h, b.y + b.h) - y };
}

export type LegendSpot = Corner | 'outside-right';

export interface LegendPlaceOptions {
  /** Distance of a corner box from the plot's edges. */
  inset?: number;
  /** Free space kept around the box (a line's width, a dot's radius). */
  clearance?: number;
  /** Corners to try, in order of preference. */
  corners?: readonly Corner[];
  /** The chart's area right of the plot, when it has one the box may use. */
  rightMargin?: Rect | null;
}

/**
 * Where a w × h legend covers none of the drawn lines (pixel polylines, clipped to the plot as the chart
 * clips them): the first free corner, else the right margin when the box fits in it; null when every
 * place covers data (the chart must then make room outside the plot).
 */
export function chooseLegendSpot(
  plot: Rect,
  w: number,
  h: number,
  lines: readonly (readonly Point[])[],
  options: LegendPlaceOptions = {},
): { spot: LegendSpot; x: number; y: number } | null {
  const { inset = 10, clearance = 6, corners = CORNERS, rightMargin = null } = options;
  const free = (x: number, y: number) => {
    const grown = { x: x - clearance, y: y - clearance, w: w + 2 * clearance, h: h + 2 * clearance };
    const visible = intersectRects(grown, plot);
    return visible.w < 0 || visible.h < 0 || !lines.some((line) => polylineHitsRect(line, visible));
  };
  if (w + 2 * inset <= plot.w && h + 2 * inset <= plot.h) {
    for (const corner of corners) {
      const { x, y } = cornerBox(plot, corner, w, h, inset);
      if (free(x, y)) return { spot: corner, x, y };
    }
  }
  if (rightMargin && w <= rightMargin.w && h <= rightMargin.h)
    return { spot: 'outside-right', x: rightMargin.x, y: rightMargin.y };
  return null;
}

export interface FlowItem {
  /** Width of the item (swatch and text). */
  w: number;
  /** Text lines of the item (a label wrapped to fit); 1 when absent. */
  lines?: number;
}

/**
 * A legend's items in rows across `width` px (left to right, wrapping), `gap` px apart: each item's
 * offset from the legend's top-left (in rows) and the number of rows. An item wider than the row, or of
 * several lines, gets rows alone.
 */
export function flowRows(
  items: readonly FlowItem[],
  width: number,
  gap: number,
): { at: { dx: number; row: number }[]; rows: number } {
  const at: { dx: number; row: number }[] = [];
  let row = 0;
  let dx = 0;
  let height = 1; // rows taken by the tallest item of the current row
  for (const it of items) {
    const lines = Math.max(1, it.lines ?? 1);
    if (dx > 0 && (dx + it.w > width || lines > 1 || height > 1)) {
      row += height;
      dx = 0;
      height = 1;
    }
    at.push({ dx, row });
    dx += it.w + gap;
    height = Math.max(height, lines);
  }
  return { at, rows: items.length ? row + height : 0 };
}

/** The rough box of a 13 px chart label (no layout read: the box is asked for on every frame of a drag). */
export function labelBox(text: string, x: number, baseline: number, anchor: 'start' | 'end'): Rect {
  const w = text.length * 7.6 + 4;
  return { x: anchor === 'start' ? x : x - w, y: baseline - 13, w, h: 17 };
}

export interface LabelSpot {
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

/**
 * Where a moving dot's label goes: beside the dot (to the right while there is room, above it unless the
 * dot is at the top edge); else the side whose box covers least of `avoid` (e.g. a reference line's own
 * label), crosses none of `lines` (e.g. the curve the dot is on) and lies least outside the plot.
 */
export function markerLabelSpot(
  text: string,
  dot: { x: number; y: number },
  plot: Rect,
  avoid: readonly Rect[] = [],
  lines: readonly (readonly Point[])[] = [],
): LabelSpot {
  const rightFirst = dot.x < plot.x + plot.w * 0.7;
  const aboveFirst = dot.y > plot.y + 24;
  const spot = (right: boolean, above: boolean): LabelSpot => ({
    x: right ? dot.x + 12 : dot.x - 12,
    y: above ? dot.y - 10 : dot.y + 22,
    anchor: right ? 'start' : 'end',
  });
  const spots = [
    spot(rightFirst, aboveFirst),
    spot(!rightFirst, aboveFirst),
    spot(rightFirst, !aboveFirst),
    spot(!rightFirst, !aboveFirst),
  ];
  const area = (r: Rect) => Math.max(0, r.w) * Math.max(0, r.h);
  // What a spot costs: a line through it (a little: the label has a halo), its box outside the plot, and
  // (much worse) its box over a label to keep clear.
  const cost = (s: LabelSpot) => {
    const box = labelBox(text, s.x, s.y, s.anchor);
    const outside = area(box) - area(intersectRects(box, plot));
    const crossed = lines.some((l) => polylineHitsRect(l, box)) ? 0.25 * area(box) : 0;
    return outside + crossed + 10 * avoid.reduce((sum, r) => sum + area(intersectRects(box, r)), 0);
  };
  let best = spots[0]!;
  let bestCost = cost(best);
  for (const s of spots.slice(1)) {
    const c = cost(s);
    if (c < bestCost) [best, bestCost] = [s, c];
  }
  return best;
}

type Scale = (v: number) => number | undefined;

/** Data lines → pixel lines, broken where a value is not finite or off the scale. */
export function pixelLines(lines: readonly (readonly Point[])[], xScale: Scale, yScale: Scale): Point[][] {
  const out: Point[][] = [];
  for (const line of lines) {
    let cur: Point[] = [];
    for (const [dx, dy] of line) {
      const a = Number.isFinite(dx) ? xScale(dx) : undefined;
      const b = Number.isFinite(dy) ? yScale(dy) : undefined;
      if (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b)) cur.push([a, b]);
      else if (cur.length) {
        out.push(cur);
        cur = [];
      }
    }
    if (cur.length) out.push(cur);
  }
  return out;
}
