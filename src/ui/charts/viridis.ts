/** Viridis (matplotlib): a sequential, perceptually uniform, colour-blind-safe map. Pure, tested in node. */
import type { RGB } from '../colormap.ts';

/** Viridis at t = 0, 0.1, …, 1. */
export const VIRIDIS: readonly RGB[] = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

/** Colour at t ∈ [0, 1] (clamped); NaN is mid grey. */
export function viridis(t: number): RGB {
  if (!(t === t)) return [128, 128, 128];
  const c = t < 0 ? 0 : t > 1 ? 1 : t;
  const u = c * (VIRIDIS.length - 1);
  const k = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - k;
  const a = VIRIDIS[k] as RGB;
  const b = VIRIDIS[k + 1] as RGB;
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

export function rgbCss([r, g, b]: RGB): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * RGBA pixels of a heat map: rows[j][i] at image row (n − 1 − j) so that the y axis points up.
 * Values outside [min, max] are clamped; non-finite values are grey.
 */
export function heatmapPixels(
  rows: readonly ArrayLike<number>[],
  min: number,
  max: number,
): { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number } {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const data = new Uint8ClampedArray(width * height * 4);
  const span = max - min;
  for (let j = 0; j < height; j++) {
    const row = rows[j] as ArrayLike<number>;
    const y = height - 1 - j;
    for (let i = 0; i < width; i++) {
      const v = row[i] as number;
      const t = !Number.isFinite(v) ? NaN : span > 0 ? (v - min) / span : 0;
      const [r, g, b] = viridis(t);
      const o = (y * width + i) * 4;
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
      data[o + 3] = 255;
    }
  }
  return { data, width, height };
}
