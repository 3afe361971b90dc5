/**
 * Layers from decoded images: a ground truth by threshold (luminance or alpha), by a class colour of
 * a colour-coded label map, or as soft gray levels; a prediction as gray level / 255.
 */
import type { Plane, RgbaImage } from './types.ts';
import { LEVEL_VALUES, luma } from './levels.ts';

export type Rgb = readonly [number, number, number];

export type TargetFromImage =
  /** 1 where the luma / 255 is above the threshold (default 0.5), else 0. */
  | { mode: 'luminance'; threshold?: number; invert?: boolean }
  /** 1 where alpha / 255 is above the threshold (default 0.5): a mask painted on a transparent layer. */
  | { mode: 'alpha'; threshold?: number; invert?: boolean }
  /** 1 where the pixel's RGB equals the colour exactly (alpha ignored): one class of a label map. */
  | { mode: 'class'; color: Rgb }
  /** Soft labels: gray level / 255 (how a soft ground truth is exported). */
  | { mode: 'gray' };

export const DEFAULT_TARGET_MODE: TargetFromImage = { mode: 'luminance', threshold: 0.5 };

/** Gray level per pixel, rounded: exact for gray images, luma for colour ones. */
function grayLevels(img: RgbaImage): Uint8Array {
  const n = img.width * img.height;
  const out = new Uint8Array(n);
  const d = img.data;
  for (let i = 0; i < n; i++)
    out[i] = Math.round(luma(d[4 * i] as number, d[4 * i + 1] as number, d[4 * i + 2] as number));
  return out;
}

export function targetFromImage(img: RgbaImage, how: TargetFromImage = DEFAULT_TARGET_MODE): Plane {
  const n = img.width * img.height;
  const data = new Float32Array(n);
  const d = img.data;
  if (how.mode === 'class') {
    const [r, g, b] = how.color;
    for (let i = 0; i < n; i++) data[i] = d[4 * i] === r && d[4 * i + 1] === g && d[4 * i + 2] === b ? 1 : 0;
  } else if (how.mode === 'gray') {
    const levels = grayLevels(img);
    for (let i = 0; i < n; i++) data[i] = LEVEL_VALUES[levels[i] as number] as number;
  } else {
    const t = (how.threshold ?? 0.5) * 255;
    const on = how.invert ? 0 : 1;
    for (let i = 0; i < n; i++) {
      const v =
        how.mode === 'alpha'
          ? (d[4 * i + 3] as number)
          : luma(d[4 * i] as number, d[4 * i + 1] as number, d[4 * i + 2] as number);
      data[i] = v > t ? on : 1 - on;
    }
  }
  return { height: img.height, width: img.width, data };
}

/** Prediction p = gray level / 255 (float32(k / 255), the app's own levels). */
export function predictionFromImage(img: RgbaImage): Plane {
  const levels = grayLevels(img);
  return { height: img.height, width: img.width, data: Float32Array.from(levels, (k) => LEVEL_VALUES[k] as number) };
}

export interface ColourCount {
  color: Rgb;
  /** "#rrggbb" */
  hex: string;
  count: number;
}

/** Above this many distinct colours an image is a photo, not a label map: counting stops. */
export const MAX_LABEL_COLOURS = 256;

/**
 * The distinct RGB colours of an image, most frequent first (ties by colour value), for a class picker.
 * `tooMany`: the image has more than MAX_LABEL_COLOURS colours (then `colours` is empty).
 */
export function labelColours(img: RgbaImage): { colours: ColourCount[]; tooMany: boolean } {
  const counts = new Map<number, number>();
  const d = img.data;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const key = ((d[4 * i] as number) << 16) | ((d[4 * i + 1] as number) << 8) | (d[4 * i + 2] as number);
    const c = counts.get(key);
    if (c !== undefined) counts.set(key, c + 1);
    else if (counts.size === MAX_LABEL_COLOURS) return { colours: [], tooMany: true };
    else counts.set(key, 1);
  }
  const colours = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([key, count]) => {
      const color: Rgb = [(key >> 16) & 255, (key >> 8) & 255, key & 255];
      return { color, hex: `#${key.toString(16).padStart(6, '0')}`, count };
    });
  return { colours, tooMany: false };
}
