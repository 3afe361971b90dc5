/**
 * Layers and maps out: 8-bit grayscale PNG (level = round(v · 255), exact for the app's float32(k / 255)
 * layers) and float32 .npy (exact for any layer or gradient map).
 */
import { encode as encodePngData } from 'fast-png';
import type { Plane } from './types.ts';
import { toLevel } from './levels.ts';
import { encodeNpy } from './npy.ts';

/** A layer as an 8-bit gray PNG; read back with predictionFromImage or targetFromImage({mode: 'gray'}). */
export function encodeLayerPng(plane: Plane): Uint8Array {
  const levels = Uint8Array.from(plane.data, toLevel);
  return encodePngData({ width: plane.width, height: plane.height, data: levels, depth: 8, channels: 1 });
}

/** A layer (or a gradient map) as a float32 (H, W) .npy, C order. */
export function encodePlaneNpy(plane: Plane): Uint8Array {
  if (plane.data.length !== plane.height * plane.width) {
    throw new RangeError(`encodePlaneNpy: ${plane.data.length} values for ${plane.height} × ${plane.width}`);
  }
  return encodeNpy(plane.data, [plane.height, plane.width]);
}
