/** Filled rectangles and ellipses, blended with the same rules as the brush. */
import type { Brush, DirtyRect, Point } from './brush.ts';
import type { Grid } from './types.ts';
import { PixelWriter, checkLayer, falloff, normalizeBrush, pixelRange } from './brush.ts';

export type ShapeKind = 'rect' | 'ellipse';

/**
 * Signed distance (pixels, negative inside) from (px, py) to an axis-aligned ellipse centred at the
 * origin with semi-axes rx, ry > 0. Inigo Quilez's k0(k0 − 1)/k1 estimate: exact on the boundary and
 * on circles, monotone along every ray from the centre, which is all an edge falloff needs.
 */
export function ellipseSdf(px: number, py: number, rx: number, ry: number): number {
  // sqrt rather than Math.hypot: this runs per pixel and hypot is several times slower in V8.
  const ax = px / rx;
  const ay = py / ry;
  const bx = ax / rx;
  const by = ay / ry;
  const k0 = Math.sqrt(ax * ax + ay * ay);
  const k1 = Math.sqrt(bx * bx + by * by);
  if (k1 === 0) return -Math.min(rx, ry);
  return (k0 * (k0 - 1)) / k1;
}

/** Signed distance from (px, py) to an axis-aligned box centred at the origin with half-sizes hx, hy. */
export function boxSdf(px: number, py: number, hx: number, hy: number): number {
  const qx = Math.abs(px) - hx;
  const qy = Math.abs(py) - hy;
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  const outside = Math.sqrt(ox * ox + oy * oy);
  return outside + Math.min(Math.max(qx, qy), 0);
}

/**
 * Draws a filled axis-aligned rectangle or ellipse whose bounding box has corners a and b
 * (grid coordinates; a pixel is inside when its centre is).
 *
 * The edge: hard (hardness 1) is antialiased over ±0.5 px; lower hardness fades over the outer
 * (1 − hardness) of the shape's inscribed half-size, so the softness scales with the shape
 * (brush.radius is not used). binary: pixels with coverage ≥ 0.5 get exactly 0 or 1.
 * Value, opacity and erase blend as in stampStroke; each pixel is blended once.
 */
export function drawShape(
  layer: Float32Array,
  grid: Grid,
  kind: ShapeKind,
  a: Point,
  b: Point,
  brush: Brush,
  binary: boolean,
): DirtyRect | null {
  checkLayer(layer, grid);
  if (![a.x, a.y, b.x, b.y].every(Number.isFinite)) return null;
  const br = normalizeBrush(brush);
  if (br.opacity <= 0) return null;

  const cx = (a.x + b.x) / 2;
  const cy = (a.y + b.y) / 2;
  const hx = Math.abs(b.x - a.x) / 2;
  const hy = Math.abs(b.y - a.y) / 2;
  if (!(hx > 0 && hy > 0)) return null;

  const feather = (1 - br.hardness) * Math.min(hx, hy);
  const e0 = -feather - 0.5;
  const e1 = 0.5;
  const binaryEdge = -feather / 2;
  const margin = binary ? 0 : e1;

  const [c0, c1] = pixelRange(cx - hx - margin, cx + hx + margin, grid.width);
  const [r0, r1] = pixelRange(cy - hy - margin, cy + hy + margin, grid.height);
  if (c0 >= c1 || r0 >= r1) return null;

  const writer = new PixelWriter(layer, grid.width, br, binary, undefined);
  for (let row = r0; row < r1; row++) {
    const py = row + 0.5 - cy;
    for (let col = c0; col < c1; col++) {
      const px = col + 0.5 - cx;
      const sd = kind === 'rect' ? boxSdf(px, py, hx, hy) : ellipseSdf(px, py, hx, hy);
      const c = binary ? (sd <= binaryEdge + 1e-9 ? 1 : 0) : falloff(sd, e0, e1);
      writer.write(col, row, c);
    }
  }
  return writer.rect();
}
