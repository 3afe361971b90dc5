/** A lane's picture into RGBA pixels: its prediction (grey), the TP/FP/FN overlay, or its ∂L/∂z. */
import { DIVERGING_LUT, MASK_DARK, MASK_LIGHT, OVERLAY_COLORS, lutIndex, overlayClass } from '../colormap.ts';

/**
 * The gradient is scaled to its own largest |∂L/∂z| with a square root (small values stay visible);
 * purple: descent raises p there, orange: it lowers p (the explorer's colours).
 */
export function drawLane(
  out: Uint8ClampedArray,
  levels: Uint8Array,
  target: Float32Array,
  gradient: Float32Array | null,
  overlay: boolean,
): void {
  if (gradient) {
    let max = 0;
    for (let i = 0; i < gradient.length; i++) max = Math.max(max, Math.abs(gradient[i]!));
    const lut = DIVERGING_LUT;
    const size = lut.length / 3;
    for (let i = 0; i < gradient.length; i++) {
      const g = gradient[i]!;
      const t = max > 0 ? Math.sign(g) * Math.sqrt(Math.abs(g) / max) : 0;
      const k = lutIndex(t, size) * 3;
      const j = i * 4;
      out[j] = lut[k]!;
      out[j + 1] = lut[k + 1]!;
      out[j + 2] = lut[k + 2]!;
      out[j + 3] = 255;
    }
    return;
  }
  const [r0, g0, b0] = MASK_DARK;
  const [r1, g1, b1] = MASK_LIGHT;
  for (let i = 0; i < levels.length; i++) {
    const j = i * 4;
    if (overlay) {
      const c = OVERLAY_COLORS[overlayClass(target[i]!, levels[i]! / 255)];
      out[j] = c[0];
      out[j + 1] = c[1];
      out[j + 2] = c[2];
    } else {
      const t = levels[i]! / 255;
      out[j] = r0 + (r1 - r0) * t;
      out[j + 1] = g0 + (g1 - g0) * t;
      out[j + 2] = b0 + (b1 - b0) * t;
    }
    out[j + 3] = 255;
  }
}
