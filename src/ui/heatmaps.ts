/**
 * Gradient pictures, per loss: the colour scale (per loss or shared) and the RGBA pixels of the large
 * map and of the 32 × 32 thumbnail, shared by the large view, the table and the small multiples.
 *
 * Kept per loss across evaluations: a map is recoloured only when its own inputs changed (the scene,
 * that loss's parameters, the gradient space, the grid) or its colour scale did. Dragging one loss's
 * slider re-evaluates all 15, but only that loss's pictures are redrawn. Pictures are made on demand,
 * so only the maps somebody shows are coloured.
 */
import type { LossId, ParamSet } from '../core/types.ts';
import { LOSS_IDS } from '../core/registry.ts';
import type { Results } from '../state/types.ts';
import type { ColorScale, ScaleKind, ScaleMode } from './scale.ts';
import { countClipped, poolMaxAbs, renderGradient, scaleFor, sharedScale } from './scale.ts';
import { countRender } from './renderCount.ts';

/** Side of the table's gradient thumbnails, in map pixels. */
export const THUMB = 32;

/** Pixels of one map; `version` changes whenever they are recoloured (the ImageData is reused). */
export interface Picture {
  img: ImageData;
  version: number;
}

export type PictureKind = 'pixels' | 'thumb';

/** What one loss's gradient map was computed from. */
interface Source {
  grad: Float32Array | undefined;
  sceneRev: number;
  params: ParamSet | undefined;
  space: Results['space'];
  size: number;
}

interface Entry {
  src: Source;
  /** Bumps when the map's content changed (a new source). */
  rev: number;
  scales: Partial<Record<ScaleKind, ColorScale>>;
  pictures: Partial<Record<PictureKind, { rev: number; scale: ColorScale; picture: Picture | null }>>;
  clipped: { rev: number; scale: ColorScale; n: number } | null;
}

const entries = new Map<LossId, Entry>();
let versions = 0;

/** The same map: the same array, or (a new evaluation of) the same inputs. */
function sameSource(a: Source, b: Source): boolean {
  if (a.grad === b.grad) return true;
  if ((a.grad === undefined) !== (b.grad === undefined)) return false;
  return a.sceneRev === b.sceneRev && a.params === b.params && a.space === b.space && a.size === b.size
    && a.grad?.length === b.grad?.length;
}

function entryOf(results: Results, id: LossId): Entry {
  const src: Source = {
    grad: results.gradients[id], sceneRev: results.sceneRev, params: results.params[id], space: results.space, size: results.size,
  };
  let e = entries.get(id);
  if (!e) {
    e = { src, rev: 0, scales: {}, pictures: {}, clipped: null };
    entries.set(id, e);
  } else if (!sameSource(e.src, src)) {
    e.src = src;
    e.rev += 1;
    e.scales = {};
  } else {
    e.src = src;
  }
  return e;
}

const EMPTY: ColorScale = { kind: 'symlog', max: 0, linthresh: 0, absMax: 0 };

function ownScale(results: Results, id: LossId, kind: ScaleKind): ColorScale {
  const e = entryOf(results, id);
  let s = e.scales[kind];
  if (!s) {
    const g = e.src.grad;
    s = g ? scaleFor(g, kind) : { ...EMPTY, kind };
    e.scales[kind] = s;
  }
  return s;
}

const shared = new WeakMap<Results, Partial<Record<ScaleKind, ColorScale>>>();

/** The colour scale of a loss's map under the given settings. */
export function mapScale(results: Results, id: LossId, kind: ScaleKind, mode: ScaleMode): ColorScale {
  if (mode === 'per-loss') return ownScale(results, id, kind);
  let byKind = shared.get(results);
  if (!byKind) {
    byKind = {};
    shared.set(results, byKind);
  }
  let s = byKind[kind];
  if (!s) {
    s = sharedScale(LOSS_IDS.map((l) => ownScale(results, l, kind)), kind);
    byKind[kind] = s;
  }
  return s;
}

export function sameScale(a: ColorScale, b: ColorScale): boolean {
  return a.kind === b.kind && a.max === b.max && a.linthresh === b.linthresh && a.absMax === b.absMax;
}

/** Pixels beyond the scale (robust scales clip). */
export function mapClipped(results: Results, id: LossId, kind: ScaleKind, mode: ScaleMode): number {
  const scale = mapScale(results, id, kind, mode);
  const e = entryOf(results, id);
  if (e.clipped && e.clipped.rev === e.rev && sameScale(e.clipped.scale, scale)) return e.clipped.n;
  const n = e.src.grad ? countClipped(e.src.grad, scale) : 0;
  e.clipped = { rev: e.rev, scale, n };
  return n;
}

/**
 * The picture of a loss's map: the full map (`pixels`, size × size) or its thumbnail (`thumb`, THUMB ×
 * THUMB, max-|value| pooling, same colour scale). The same Picture, unchanged version, while neither the
 * map nor its scale changed.
 */
export function mapPicture(results: Results, id: LossId, kind: ScaleKind, mode: ScaleMode, which: PictureKind): Picture | null {
  const scale = mapScale(results, id, kind, mode);
  const e = entryOf(results, id);
  const cached = e.pictures[which];
  if (cached && cached.rev === e.rev && sameScale(cached.scale, scale)) return cached.picture;
  const g = e.src.grad;
  let picture: Picture | null = null;
  if (g && typeof ImageData !== 'undefined') {
    const size = e.src.size;
    const side = which === 'thumb' && size % THUMB === 0 ? THUMB : size;
    const reuse = cached?.picture;
    const img = reuse && reuse.img.width === side ? reuse.img : new ImageData(side, side);
    renderGradient(which === 'thumb' ? poolMaxAbs(g, size, side) : g, scale, img.data);
    countRender(`colormap:${which}:${id}`);
    picture = { img, version: ++versions };
  }
  e.pictures[which] = { rev: e.rev, scale, picture };
  return picture;
}
