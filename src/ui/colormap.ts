/**
 * Colours of the pictures, computed in JS into ImageData (never tf.browser.toPixels).
 * Pure: no DOM, tested in node.
 *
 * Gradient maps use ColorBrewer's PuOr, a diverging, colour-blind-safe scheme, oriented so that
 * purple = negative ∂L/∂p (gradient descent raises p, like a false negative's fix) and
 * orange = positive (descent lowers p, like a false positive's fix). The TP/FP/FN overlay uses
 * the same two hues for the same two meanings.
 */

export type RGB = readonly [number, number, number];

/** ColorBrewer PuOr-11, from the negative end (purple) to the positive end (orange). */
export const DIVERGING_ANCHORS: readonly string[] = [
  '#2d004b',
  '#542788',
  '#8073ac',
  '#b2abd2',
  '#d8daeb',
  '#f7f7f7',
  '#fee0b6',
  '#fdb863',
  '#e08214',
  '#b35806',
  '#7f3b08',
];

export function hexToRgb(hex: string): RGB {
  const h = hex.replace('#', '');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

export function rgbToHex([r, g, b]: RGB): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/** sRGB ↔ linear, so that interpolation between anchors does not darken the midpoints. */
function toLinear(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}
function toSrgb(l: number): number {
  const s = l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055;
  return Math.max(0, Math.min(255, Math.round(s * 255)));
}

export const LUT_SIZE = 513; // odd: entry 256 is exactly 0

/** RGB lookup table over t ∈ [−1, 1]: entry i is t = 2i/(LUT_SIZE − 1) − 1. */
export function buildLut(anchors: readonly string[] = DIVERGING_ANCHORS, size = LUT_SIZE): Uint8ClampedArray {
  const rgb = anchors.map(hexToRgb);
  const out = new Uint8ClampedArray(size * 3);
  for (let i = 0; i < size; i++) {
    const u = (i / (size - 1)) * (rgb.length - 1);
    const k = Math.min(rgb.length - 2, Math.floor(u));
    const f = u - k;
    const a = rgb[k]!;
    const b = rgb[k + 1]!;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = toSrgb(toLinear(a[c]!) * (1 - f) + toLinear(b[c]!) * f);
  }
  return out;
}

export const DIVERGING_LUT = buildLut();

/** Colour at t ∈ [−1, 1] (clamped; NaN is the midpoint). */
export function divergingColor(t: number, lut: Uint8ClampedArray = DIVERGING_LUT): RGB {
  const i = lutIndex(t, lut.length / 3);
  return [lut[i * 3]!, lut[i * 3 + 1]!, lut[i * 3 + 2]!];
}

export function lutIndex(t: number, size = LUT_SIZE): number {
  if (!(t === t)) return (size - 1) / 2;
  const c = t < -1 ? -1 : t > 1 ? 1 : t;
  return Math.round(((c + 1) / 2) * (size - 1));
}

/** Grey levels of the masks: 0 → near black, 1 → near white (identical for GT and prediction). */
export const MASK_DARK: RGB = [17, 19, 22];
export const MASK_LIGHT: RGB = [240, 240, 236];

/** Okabe–Ito hues for the overlay; FN and FP reuse the diverging map's meaning (raise / lower p). */
export const OVERLAY_COLORS = {
  tp: [236, 236, 232] as RGB,
  fp: [230, 159, 0] as RGB, // orange: descent lowers p there
  fn: [86, 130, 233] as RGB, // blue-violet: descent raises p there
  tn: MASK_DARK,
} as const;

/** Writes a layer in [0, 1] as grey levels into RGBA pixels. */
export function renderMask(layer: Float32Array, out: Uint8ClampedArray): void {
  const [r0, g0, b0] = MASK_DARK;
  const [r1, g1, b1] = MASK_LIGHT;
  for (let i = 0; i < layer.length; i++) {
    const v = layer[i]!;
    const t = v > 0 ? (v < 1 ? v : 1) : 0;
    const j = i * 4;
    out[j] = r0 + (r1 - r0) * t;
    out[j + 1] = g0 + (g1 - g0) * t;
    out[j + 2] = b0 + (b1 - b0) * t;
    out[j + 3] = 255;
  }
}

export type OverlayClass = 'tp' | 'fp' | 'fn' | 'tn';

/** Class of a pixel under [p > threshold] against [g > 0.5]. */
export function overlayClass(g: number, p: number, threshold = 0.5): OverlayClass {
  const t = g > 0.5;
  const q = p > threshold;
  return t ? (q ? 'tp' : 'fn') : q ? 'fp' : 'tn';
}

export interface OverlayCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Writes the TP / FP / FN / TN overlay and returns the pixel counts. */
export function renderOverlay(
  target: Float32Array,
  pred: Float32Array,
  out: Uint8ClampedArray,
  threshold = 0.5,
): OverlayCounts {
  const counts: OverlayCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < target.length; i++) {
    const k = overlayClass(target[i]!, pred[i]!, threshold);
    counts[k]++;
    const c = OVERLAY_COLORS[k];
    const j = i * 4;
    out[j] = c[0];
    out[j + 1] = c[1];
    out[j + 2] = c[2];
    out[j + 3] = 255;
  }
  return counts;
}
