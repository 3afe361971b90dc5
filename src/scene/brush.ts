/**
 * Brush painting on one layer (a height × width row-major Float32Array in [0, 1]).
 *
 * Coordinates are grid coordinates: x is the column, y the row, pixel (col, row) covers
 * [col, col + 1) × [row, row + 1) and its centre is (col + 0.5, row + 0.5). Points may be
 * fractional and may lie off the grid; everything is clipped.
 */
import type { Grid } from './types.ts';

export interface Point {
  x: number;
  y: number;
}

export interface Brush {
  /** Radius in pixels (values below 0.5 are treated as 0.5). */
  radius: number;
  /** Probability to paint, in [0, 1] (target layer: 1). */
  value: number;
  /** 1 = hard (antialiased) edge; lower = soft falloff over the outer (1 − hardness) of the radius. */
  hardness: number;
  /** Blend factor: new = old + (value − old) · opacity · coverage. */
  opacity: number;
  /** Paint 0 instead of value. */
  erase: boolean;
}

/** Changed area, inclusive-exclusive: columns x0 ≤ x < x1, rows y0 ≤ y < y1. */
export interface DirtyRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Optional per-stroke state (see beginStroke). With it, one pointer stroke made of many segments
 * blends every pixel once against the layer as it was when the stroke began, using the largest
 * coverage seen so far: overlapping segments and joints do not darken with opacity < 1.
 */
export interface StrokeState {
  /** The layer when the stroke began. */
  readonly base: Float32Array;
  /** Largest coverage applied to each pixel so far in this stroke. */
  readonly coverage: Float32Array;
}

export const MIN_RADIUS = 0.5;

/** Clamp to [0, 1]; NaN becomes 0 so that no NaN ever reaches a layer. */
export function clamp01(v: number): number {
  return v > 0 ? (v < 1 ? v : 1) : 0;
}

export function checkLayer(layer: Float32Array, grid: Grid): void {
  const { height, width } = grid;
  if (
    !Number.isInteger(height) ||
    !Number.isInteger(width) ||
    height <= 0 ||
    width <= 0 ||
    layer.length !== height * width
  ) {
    throw new RangeError(`layer has ${layer.length} values, expected ${height} × ${width}`);
  }
}

/** Starts a stroke on a layer; pass the result to every stampStroke call of that stroke. */
export function beginStroke(layer: Float32Array): StrokeState {
  return { base: Float32Array.from(layer), coverage: new Float32Array(layer.length) };
}

/** 1 − smoothstep(e0, e1, d): 1 inside, 0 outside, C¹ and non-increasing in between. */
export function falloff(d: number, e0: number, e1: number): number {
  if (d <= e0) return 1;
  if (d >= e1) return 0;
  const t = (d - e0) / (e1 - e0);
  return 1 - t * t * (3 - 2 * t);
}

/** Sanitised brush: radius ≥ 0.5 and finite, the rest in [0, 1]. */
export function normalizeBrush(brush: Brush): Brush {
  const r = Number.isFinite(brush.radius) ? Math.max(MIN_RADIUS, brush.radius) : MIN_RADIUS;
  return {
    radius: r,
    value: clamp01(brush.value),
    hardness: clamp01(brush.hardness),
    opacity: clamp01(brush.opacity),
    erase: brush.erase,
  };
}

/**
 * Writes one pixel and reports whether it changed. Shared by the brush and the shape tools so that
 * both blend identically.
 */
export class PixelWriter {
  private readonly target: number;
  private readonly binaryValue: number;
  x0 = Infinity;
  y0 = Infinity;
  x1 = -Infinity;
  y1 = -Infinity;

  constructor(
    private readonly layer: Float32Array,
    private readonly width: number,
    private readonly brush: Brush,
    private readonly binary: boolean,
    private readonly stroke: StrokeState | undefined,
  ) {
    this.target = brush.erase ? 0 : brush.value;
    this.binaryValue = brush.erase ? 0 : brush.value >= 0.5 ? 1 : 0;
  }

  /** Applies coverage c ∈ [0, 1] (already computed, including the binary decision) at (col, row). */
  write(col: number, row: number, c: number): void {
    if (!(c > 0)) return;
    const i = row * this.width + col;
    const old = this.layer[i]!;
    let next: number;
    if (this.binary) {
      // The binary (target) layer ignores opacity beyond "opacity > 0": it must stay exactly 0/1.
      next = this.binaryValue;
    } else if (this.stroke) {
      const seen = this.stroke.coverage[i]!;
      if (c <= seen) return;
      this.stroke.coverage[i] = c;
      const base = clamp01(this.stroke.base[i]!);
      next = clamp01(base + (this.target - base) * this.brush.opacity * c);
    } else {
      const o = clamp01(old);
      next = clamp01(o + (this.target - o) * this.brush.opacity * c);
    }
    if (Object.is(next, old)) return;
    this.layer[i] = next;
    if (col < this.x0) this.x0 = col;
    if (row < this.y0) this.y0 = row;
    if (col + 1 > this.x1) this.x1 = col + 1;
    if (row + 1 > this.y1) this.y1 = row + 1;
  }

  rect(): DirtyRect | null {
    return this.x1 > this.x0 ? { x0: this.x0, y0: this.y0, x1: this.x1, y1: this.y1 } : null;
  }
}

/** Integer pixel range [lo, hi) of centres that can lie within [a, b], clipped to [0, n). */
export function pixelRange(a: number, b: number, n: number): [number, number] {
  const lo = Math.max(0, Math.floor(a - 0.5));
  const hi = Math.min(n, Math.ceil(b + 0.5));
  return [lo, hi];
}

/** Does the segment p→q touch the closed pixel square [col, col+1] × [row, row+1]? (Liang–Barsky.) */
function segmentHitsPixel(px: number, py: number, qx: number, qy: number, col: number, row: number): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = qx - px;
  const dy = qy - py;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return clip(-dx, px - col) && clip(dx, col + 1 - px) && clip(-dy, py - row) && clip(dy, row + 1 - py);
}

/**
 * Paints a capsule (a disc swept from `from` to `to`) on the layer.
 *
 * Coverage of a pixel = falloff of the distance d from its centre to the segment: 1 up to
 * radius·hardness − 0.5, 0 beyond radius + 0.5 (a one-pixel antialiased rim even when hard).
 * Each pixel is blended once per call with its largest coverage along the segment, so consecutive
 * pointer events can be far apart without gaps and without opacity stacking inside one segment.
 *
 * binary (the target layer): a pixel is painted, with exactly 0 or 1, when its coverage is ≥ 0.5,
 * i.e. d ≤ radius·(1 + hardness)/2 (hardness 1: d ≤ radius); opacity only matters as "> 0".
 * Tiny brushes always paint the pixels the segment passes through, so a 0.5 px brush clicked on a
 * pixel corner still paints.
 *
 * Returns the bounding box of the pixels that changed, or null when nothing changed (including
 * non-finite points).
 */
export function stampStroke(
  layer: Float32Array,
  grid: Grid,
  from: Point,
  to: Point,
  brush: Brush,
  binary: boolean,
  stroke?: StrokeState,
): DirtyRect | null {
  checkLayer(layer, grid);
  if (stroke && (stroke.base.length !== layer.length || stroke.coverage.length !== layer.length)) {
    throw new RangeError('stroke state belongs to a layer of another size');
  }
  if (![from.x, from.y, to.x, to.y].every(Number.isFinite)) return null;
  const b = normalizeBrush(brush);
  if (b.opacity <= 0) return null;

  const r = b.radius;
  const inner = r * b.hardness;
  const e0 = inner - 0.5;
  const e1 = r + 0.5;
  // The 0.5-coverage distance: smoothstep is symmetric, so it is the midpoint of [e0, e1].
  const binaryR = (inner + r) / 2;
  const reach = binary ? binaryR : e1;
  // Below √½ a disc around a pixel centre may miss the pixel the pointer is on.
  const pencil = binaryR < Math.SQRT1_2 + 1e-9;
  const centreCoverage = falloff(0, e0, e1);

  const [c0, c1] = pixelRange(Math.min(from.x, to.x) - reach, Math.max(from.x, to.x) + reach, grid.width);
  const [r0, r1] = pixelRange(Math.min(from.y, to.y) - reach, Math.max(from.y, to.y) + reach, grid.height);
  if (c0 >= c1 || r0 >= r1) return null;

  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len2 = dx * dx + dy * dy;
  const reach2 = reach * reach + 1e-9;
  const writer = new PixelWriter(layer, grid.width, b, binary, stroke);

  for (let row = r0; row < r1; row++) {
    const cy = row + 0.5;
    for (let col = c0; col < c1; col++) {
      const cx = col + 0.5;
      let t = len2 > 0 ? ((cx - from.x) * dx + (cy - from.y) * dy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = cx - (from.x + t * dx);
      const ey = cy - (from.y + t * dy);
      const d2 = ex * ex + ey * ey;
      let c: number;
      if (binary) c = d2 <= reach2 ? 1 : 0;
      else c = d2 >= e1 * e1 ? 0 : falloff(Math.sqrt(d2), e0, e1);
      if (pencil && segmentHitsPixel(from.x, from.y, to.x, to.y, col, row)) {
        c = binary ? 1 : Math.max(c, centreCoverage);
      }
      writer.write(col, row, c);
    }
  }
  return writer.rect();
}
