/**
 * Resolution-independent drawing for presets: shapes are signed distance functions in unit
 * coordinates ([0, 1]², y down), rasterised at pixel centres. Scaling the distance by the grid size
 * keeps edges equally smooth at 64 and at 512.
 */
import { clamp01 } from './brush.ts';
import { ellipseSdf } from './shapes.ts';
import { sigmoid } from './ops.ts';

/** Signed distance in unit coordinates, negative inside. */
export type Sdf = (u: number, v: number) => number;

export function circle(cx: number, cy: number, r: number): Sdf {
  return (u, v) => {
    const du = u - cx;
    const dv = v - cy;
    return Math.sqrt(du * du + dv * dv) - r;
  };
}

/** Ellipse with semi-axes rx, ry, rotated by `angle` radians (clockwise on screen). */
export function ellipse(cx: number, cy: number, rx: number, ry: number, angle = 0): Sdf {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return (u, v) => {
    const du = u - cx;
    const dv = v - cy;
    return ellipseSdf(du * c + dv * s, -du * s + dv * c, rx, ry);
  };
}

export function union(...shapes: Sdf[]): Sdf {
  return (u, v) => {
    let d = Infinity;
    for (const f of shapes) d = Math.min(d, f(u, v));
    return d;
  };
}

export function translate(f: Sdf, du: number, dv: number): Sdf {
  return (u, v) => f(u - du, v - dv);
}

/**
 * Signed distance field (pixels) of a tube of half-width `halfWidth` (unit) around polylines of
 * [u, v] points, moved by (du, dv). Built by visiting, for each segment, only the pixels within
 * `reachPx` of the tube's edge, so a long curve costs O(length × reach) rather than
 * O(pixels × segments); pixels farther out read as exactly `reachPx`.
 */
export function tubeField(
  size: number,
  paths: readonly (readonly (readonly [number, number])[])[],
  halfWidth: number,
  reachPx: number,
  du = 0,
  dv = 0,
): Float64Array {
  const hw = halfWidth * size;
  const reach = hw + reachPx;
  const best = new Float64Array(size * size).fill(reach * reach);
  for (const path of paths) {
    for (let i = 1; i < path.length; i++) {
      const ax = (path[i - 1]![0] + du) * size;
      const ay = (path[i - 1]![1] + dv) * size;
      const bx = (path[i]![0] + du) * size;
      const by = (path[i]![1] + dv) * size;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const c0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
      const c1 = Math.min(size, Math.ceil(Math.max(ax, bx) + reach));
      const r0 = Math.max(0, Math.floor(Math.min(ay, by) - reach));
      const r1 = Math.min(size, Math.ceil(Math.max(ay, by) + reach));
      for (let row = r0; row < r1; row++) {
        const y = row + 0.5;
        for (let col = c0; col < c1; col++) {
          const x = col + 0.5;
          let t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          const ex = x - ax - t * dx;
          const ey = y - ay - t * dy;
          const d2 = ex * ex + ey * ey;
          const k = row * size + col;
          if (d2 < best[k]!) best[k] = d2;
        }
      }
    }
  }
  for (let k = 0; k < best.length; k++) best[k] = Math.sqrt(best[k]!) - hw;
  return best;
}

/** Evaluates f at every pixel centre; the result is in pixels (unit distance × size). */
export function distanceField(size: number, f: Sdf): Float64Array {
  const out = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    const v = (row + 0.5) / size;
    for (let col = 0; col < size; col++) out[row * size + col] = f((col + 0.5) / size, v) * size;
  }
  return out;
}

/** 1 where the pixel centre is inside (distance ≤ 0), else 0. */
export function binaryMask(size: number, f: Sdf): Float32Array {
  return binaryFromField(distanceField(size, f));
}

export function binaryFromField(d: Float64Array): Float32Array {
  const out = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = d[i]! <= 0 ? 1 : 0;
  return out;
}

/**
 * A soft prediction: lo + (hi − lo)·σ(−distance / widthPx), i.e. hi deep inside, lo far outside,
 * halfway on the boundary, with a logistic edge widthPx pixels wide.
 */
export function softMask(size: number, f: Sdf, widthPx: number, hi: number, lo: number): Float32Array {
  return softFromField(distanceField(size, f), widthPx, hi, lo);
}

export function softFromField(d: Float64Array, widthPx: number, hi: number, lo: number): Float32Array {
  const out = new Float32Array(d.length);
  const w = Math.max(1e-6, widthPx);
  for (let i = 0; i < d.length; i++) out[i] = clamp01(lo + (hi - lo) * sigmoid(-d[i]! / w));
  return out;
}
