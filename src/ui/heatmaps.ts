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
import type { ScaleKind, ScaleMode } from '../share/format.ts';
import type { ColorScale } from './scale.ts';
import { countClipped, poolMaxAbs, renderGradient, scaleFor, sharedScale, widestScale } from './scale.ts';
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
  height: number;
  width: number;
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
  return (
    a.sceneRev === b.sceneRev &&
    a.params === b.params &&
    a.space === b.space &&
    a.height === b.height &&
    a.width === b.width &&
    a.grad?.length === b.grad?.length
  );
}

function entryOf(results: Results, id: LossId): Entry {
  const src: Source = {
    grad: results.gradients[id],
    sceneRev: results.sceneRev,
    params: results.params[id],
    space: results.space,
    height: results.height,
    width: results.width,
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

/** The shared scale of one evaluation, by kind and the losses left out of it; setBy is the loss whose range it is. */
const shared = new WeakMap<Results, Map<string, { scale: ColorScale; setBy: LossId | null }>>();

/** The scale shared by every loss not in `excluded`, and which loss sets its range. */
export function sharedMapScale(
  results: Results,
  kind: ScaleKind,
  excluded: readonly LossId[] = [],
): { scale: ColorScale; setBy: LossId | null } {
  let byKey = shared.get(results);
  if (!byKey) {
    byKey = new Map();
    shared.set(results, byKey);
  }
  const key = `${kind}:${excluded.join(',')}`;
  let s = byKey.get(key);
  if (!s) {
    const ids = LOSS_IDS.filter((l) => !excluded.includes(l));
    const scales = ids.map((l) => ownScale(results, l, kind));
    const widest = widestScale(scales);
    s = { scale: sharedScale(scales, kind), setBy: widest < 0 ? null : ids[widest]! };
    byKey.set(key, s);
  }
  return s;
}

/**
 * The colour scale of a loss's map under the given settings. Shared: one scale over every loss except the
 * excluded ones, which keep their own (a far-reaching loss such as Hausdorff would otherwise blank the rest).
 */
export function mapScale(
  results: Results,
  id: LossId,
  kind: ScaleKind,
  mode: ScaleMode,
  excluded: readonly LossId[] = [],
): ColorScale {
  if (mode === 'per-loss' || excluded.includes(id)) return ownScale(results, id, kind);
  return sharedMapScale(results, kind, excluded).scale;
}

export function sameScale(a: ColorScale, b: ColorScale): boolean {
  return a.kind === b.kind && a.max === b.max && a.linthresh === b.linthresh && a.absMax === b.absMax;
}

/** Pixels beyond the scale (robust scales clip). */
export function mapClipped(
  results: Results,
  id: LossId,
  kind: ScaleKind,
  mode: ScaleMode,
  excluded: readonly LossId[] = [],
): number {
  const scale = mapScale(results, id, kind, mode, excluded);
  const e = entryOf(results, id);
  if (e.clipped && e.clipped.rev === e.rev && sameScale(e.clipped.scale, scale)) return e.clipped.n;
  const n = e.src.grad ? countClipped(e.src.grad, scale) : 0;
  e.clipped = { rev: e.rev, scale, n };
  return n;
}

/**
 * The picture of a loss's map: the full map (`pixels`, height × width) or its thumbnail (`thumb`, THUMB ×
 * THUMB, max-|value| pooling, same colour scale; square grids that THUMB divides, others keep every pixel). The same Picture, unchanged version, while neither the
 * map nor its scale changed.
 */
export function mapPicture(
  results: Results,
  id: LossId,
  kind: ScaleKind,
  mode: ScaleMode,
  which: PictureKind,
  excluded: readonly LossId[] = [],
): Picture | null {
  const scale = mapScale(results, id, kind, mode, excluded);
  const e = entryOf(results, id);
  const cached = e.pictures[which];
  if (cached && cached.rev === e.rev && sameScale(cached.scale, scale)) return cached.picture;
  const g = e.src.grad;
  let picture: Picture | null = null;
  if (g && typeof ImageData !== 'undefined') {
    const { height, width } = e.src;
    const pooled = which === 'thumb' && height === width && width % THUMB === 0;
    const h = pooled ? THUMB : height;
    const w = pooled ? THUMB : width;
    const reuse = cached?.picture;
    const img = reuse && reuse.img.width === w && reuse.img.height === h ? reuse.img : new ImageData(w, h);
    renderGradient(pooled ? poolMaxAbs(g, width, THUMB) : g, scale, img.data);
    countRender(`colormap:${which}:${id}`);
    picture = { img, version: ++versions };
  }
  e.pictures[which] = { rev: e.rev, scale, picture };
  return picture;
}
