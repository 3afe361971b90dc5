/**
 * One entry point for a file that becomes a layer: format by content, decode, convert for its role
 * (ground truth or prediction), fit into the scene's long side. Never throws.
 */
import type { IoResult, Plane, RgbaImage } from './types.ts';
import { fail } from './types.ts';
import type { FileFormat } from './sniff.ts';
import { detectFormat, notAFileWeRead } from './sniff.ts';
import { decodeImage } from './image.ts';
import type { TargetFromImage } from './fromImage.ts';
import { DEFAULT_TARGET_MODE, predictionFromImage, targetFromImage } from './fromImage.ts';
import { parseNpy } from './npy.ts';
import type { PlaneChoice } from './npyPlane.ts';
import { planeFromNpy } from './npyPlane.ts';
import type { PredictionOptions, TargetOptions } from './values.ts';
import { predictionFromValues, targetFromValues } from './values.ts';
import { fitToScene, isBinaryPlane } from './resample.ts';
import { MAX_SCENE_SIDE } from './limits.ts';

export type LayerRole = 'target' | 'pred';

export interface ReadLayerOptions extends PlaneChoice, TargetOptions, PredictionOptions {
  /** Images as ground truth: threshold, class colour or gray (default: luminance > 0.5). */
  targetMode?: TargetFromImage;
  /** Long side after fitting (default 512). */
  maxSide?: number;
}

export interface LoadedLayer {
  plane: Plane;
  format: FileFormat;
  /** Sentences for the user: how a 3-D array was read, that it was resampled. */
  notes: string[];
  resampledFrom: { height: number; width: number } | null;
}

function finish(
  plane: Plane,
  format: FileFormat,
  role: LayerRole,
  name: string,
  notes: string[],
  maxSide: number,
): IoResult<{ layer: LoadedLayer }> {
  const kind = role === 'target' && isBinaryPlane(plane) ? 'mask' : 'average';
  const fitted = fitToScene(plane, kind, maxSide);
  const from = fitted.resampledFrom;
  if (from) {
    const p = fitted.plane;
    notes.push(
      `${name}: ${from.height} × ${from.width} resampled to ${p.height} × ${p.width} (${kind === 'mask' ? 'majority of each area' : 'area average'}) to fit ${maxSide} on the long side`,
    );
  }
  return { ok: true, layer: { plane: fitted.plane, format, notes, resampledFrom: from } };
}

/** A decoded image as a layer (the page's WebP path: ImageData from createImageBitmap). */
export function layerFromImage(
  image: RgbaImage,
  name: string,
  role: LayerRole,
  options: ReadLayerOptions = {},
  format: FileFormat = 'png',
): IoResult<{ layer: LoadedLayer }> {
  const plane =
    role === 'target' ? targetFromImage(image, options.targetMode ?? DEFAULT_TARGET_MODE) : predictionFromImage(image);
  if (role === 'target' && options.targetMode?.mode === 'class' && !plane.data.includes(1)) {
    return fail(name, `has no pixel of colour rgb(${options.targetMode.color.join(', ')})`);
  }
  return finish(plane, format, role, name, [], options.maxSide ?? MAX_SCENE_SIDE);
}

/** PNG, JPEG or .npy bytes as a ground truth or a prediction. */
export function readLayer(
  bytes: Uint8Array,
  name: string,
  role: LayerRole,
  options: ReadLayerOptions = {},
): IoResult<{ layer: LoadedLayer }> {
  const format = detectFormat(bytes);
  if (format === null) return notAFileWeRead(name);
  if (format !== 'npy') {
    const decoded = decodeImage(bytes, name);
    if (!decoded.ok) return decoded;
    return layerFromImage(decoded.image, name, role, options, decoded.format);
  }
  const parsed = parseNpy(bytes, name);
  if (!parsed.ok) return parsed;
  const picked = planeFromNpy(parsed.array, name, options);
  if (!picked.ok) return picked;
  const raw = { height: picked.height, width: picked.width, values: picked.values, dtype: parsed.array.dtype };
  const converted = role === 'target' ? targetFromValues(raw, name, options) : predictionFromValues(raw, name, options);
  if (!converted.ok) return converted;
  return finish(
    converted.plane,
    format,
    role,
    name,
    picked.note ? [picked.note] : [],
    options.maxSide ?? MAX_SCENE_SIDE,
  );
}
