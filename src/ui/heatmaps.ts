/**
 * Gradient pictures for one evaluation: the colour scale of every loss (per loss or shared) and
 * its RGBA pixels, computed once per (evaluation, scale settings) and shared by the large view,
 * the table thumbnails and the small multiples.
 */
import { LOSS_IDS } from '../core/registry.ts';
import type { LossId } from '../core/types.ts';
import type { Results } from '../state/types.ts';
import type { ColorScale, ScaleKind, ScaleMode } from './scale.ts';
import { countClipped, poolMaxAbs, renderGradient, scaleFor, sharedScale } from './scale.ts';

export interface HeatmapSet {
  results: Results;
  kind: ScaleKind;
  mode: ScaleMode;
  scale(id: LossId): ColorScale;
  /** Pixels beyond the scale (robust scales clip). */
  clipped(id: LossId): number;
  /** RGBA pixels, size × size. */
  pixels(id: LossId): ImageData | null;
  /** RGBA pixels of a THUMB × THUMB version (max-|value| pooling), same colour scale. */
  thumb(id: LossId): ImageData | null;
}

/** Side of the table's gradient thumbnails, in map pixels. */
export const THUMB = 32;

const EMPTY: ColorScale = { kind: 'symlog', max: 0, linthresh: 0, absMax: 0 };

function build(results: Results, kind: ScaleKind, mode: ScaleMode): HeatmapSet {
  const own = new Map<LossId, ColorScale>();
  for (const id of LOSS_IDS) {
    const g = results.gradients[id];
    own.set(id, g ? scaleFor(g, kind) : { ...EMPTY, kind });
  }
  const shared = mode === 'shared' ? sharedScale([...own.values()], kind) : null;
  const images = new Map<LossId, ImageData | null>();
  const thumbs = new Map<LossId, ImageData | null>();
  const scale = (id: LossId) => shared ?? own.get(id) ?? EMPTY;
  return {
    results, kind, mode, scale,
    clipped: (id) => {
      const g = results.gradients[id];
      return g ? countClipped(g, scale(id)) : 0;
    },
    pixels: (id) => {
      if (images.has(id)) return images.get(id) ?? null;
      const g = results.gradients[id];
      let img: ImageData | null = null;
      if (g && typeof ImageData !== 'undefined') {
        img = new ImageData(results.size, results.size);
        renderGradient(g, scale(id), img.data);
      }
      images.set(id, img);
      return img;
    },
    thumb: (id) => {
      if (thumbs.has(id)) return thumbs.get(id) ?? null;
      const g = results.gradients[id];
      let img: ImageData | null = null;
      if (g && typeof ImageData !== 'undefined') {
        const side = results.size % THUMB === 0 ? THUMB : results.size;
        img = new ImageData(side, side);
        renderGradient(poolMaxAbs(g, results.size, side), scale(id), img.data);
      }
      thumbs.set(id, img);
      return img;
    },
  };
}

const cache = new WeakMap<Results, Map<string, HeatmapSet>>();

/** The heatmaps of an evaluation under the given scale settings (memoised per evaluation). */
export function heatmapsFor(results: Results, kind: ScaleKind, mode: ScaleMode): HeatmapSet {
  let byKey = cache.get(results);
  if (!byKey) {
    byKey = new Map();
    cache.set(results, byKey);
  }
  const key = `${kind}:${mode}`;
  let set = byKey.get(key);
  if (!set) {
    set = build(results, kind, mode);
    byKey.set(key, set);
  }
  return set;
}
