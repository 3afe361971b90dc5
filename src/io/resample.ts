/**
 * Fitting a layer into the scene's long side, and resizing one layer to the other's shape. Shrinking
 * an axis: each output pixel is the area average of the source pixels it covers (float64); growing an
 * axis: nearest source pixel for masks, linear interpolation (clamped edges) otherwise. A binary mask
 * stays binary: the majority (average ≥ 0.5) decides.
 */
import type { Plane } from './types.ts';
import { MAX_SCENE_SIDE } from './limits.ts';
import { binarize, resample64 } from '../scene/resample.ts';
import { isBinaryLayer } from '../scene/ops.ts';

export type ResampleKind = 'mask' | 'average';

/** The size a height × width layer gets: the long side becomes maxSide, the other keeps the ratio. */
export function fittedSize(height: number, width: number, maxSide = MAX_SCENE_SIDE): { height: number; width: number } {
  const long = Math.max(height, width);
  if (long <= maxSide) return { height, width };
  const scale = maxSide / long;
  return { height: Math.max(1, Math.round(height * scale)), width: Math.max(1, Math.round(width * scale)) };
}

export interface Fitted {
  plane: Plane;
  /** The size before, when it was resampled. */
  resampledFrom: { height: number; width: number } | null;
}

/** The plane unchanged when it fits, else shrunk to fittedSize. 'mask' keeps a binary mask binary. */
export function fitToScene(plane: Plane, kind: ResampleKind, maxSide = MAX_SCENE_SIDE): Fitted {
  const size = fittedSize(plane.height, plane.width, maxSide);
  if (size.height === plane.height && size.width === plane.width) return { plane, resampledFrom: null };
  return {
    plane: resizePlane(plane, size.height, size.width, kind),
    resampledFrom: { height: plane.height, width: plane.width },
  };
}

/** The plane resampled to height × width (e.g. one layer to the other's shape). */
export function resizePlane(plane: Plane, height: number, width: number, kind: ResampleKind): Plane {
  if (!(Number.isInteger(height) && Number.isInteger(width) && height >= 1 && width >= 1)) {
    throw new RangeError(`resizePlane: ${height} × ${width} is not a size`);
  }
  const avg = resample64(plane.data, plane, { height, width }, kind === 'mask');
  const data = kind === 'mask' ? Float32Array.from(avg, binarize) : Float32Array.from(avg);
  return { height, width, data };
}

/** True when every value is 0 or 1. */
export function isBinaryPlane(plane: Plane): boolean {
  return isBinaryLayer(plane.data);
}
