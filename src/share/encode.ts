/**
 * encodeScene: a scene to a link fragment. The masks are stored plain or as their difference from the
 * nearest preset, whichever is shorter; the last masks encoded are memoised, so dragging a slider
 * re-encodes only the settings.
 */
import { deflateSync } from 'fflate';
import { sameElements } from '../core/arrays.ts';
import { LOSS_IDS, checkParam, isLossId, paramSpec } from '../core/registry.ts';
import type { ParamValue, ParamsByLoss } from '../core/types.ts';
import { isBinaryLayer } from '../scene/ops.ts';
import { toLevels } from '../scene/levels.ts';
import { MAX_SIDE } from '../scene/types.ts';
import { encodeBase64url } from './base64url.ts';
import { crc32 } from './crc32.ts';
import {
  CHART_ID_RE,
  DEFAULT_VIEW,
  FILTER_IDS,
  MAX_META_BYTES,
  SHARE_FORMAT_VERSION,
  allZero,
  concat,
  standardSide,
  writeHeader,
  type EncodeOptions,
  type SharedScene,
  type SharedView,
} from './format.ts';
import { isHideFlag, normalizeHide } from './hide.ts';
import { learnToWire } from './learn.ts';
import { lessonToWire } from './lesson.ts';
import { packBits, runFilter, subtractPlane, xorPlane, type FilterId } from './planes.ts';
import { presetIds, presetPlanes, type PresetPlanes } from './presetBase.ts';

/** The filter under which DEFLATE packs this plane smallest (trial compression at level 6). */
function bestFilter(plane: Uint8Array, width: number): FilterId {
  if (allZero(plane)) return 0;
  let best: FilterId = 0;
  let bestLength = Infinity;
  for (const f of FILTER_IDS) {
    const n = deflateSync(runFilter(plane, width, f, true), { level: 6 }).length;
    if (n < bestLength) {
      best = f;
      bestLength = n;
    }
  }
  return best;
}

interface MaskEncoding {
  soft: boolean;
  targetFilter: FilterId;
  predFilter: FilterId;
  /** Preset the masks are stored against, or null. */
  base: string | null;
  /** DEFLATE of target section ‖ pred section; empty when both are all zero (preset residual only). */
  bytes: Uint8Array;
}

/** Target section (bit-packed, or filtered levels) and pred section of two planes. */
function compressPlanes(
  width: number,
  soft: boolean,
  target: Uint8Array,
  pred: Uint8Array,
  base: string | null,
): MaskEncoding {
  const targetFilter = soft ? bestFilter(target, width) : 0;
  const predFilter = bestFilter(pred, width);
  const t = soft ? runFilter(target, width, targetFilter, true) : target;
  const p = runFilter(pred, width, predFilter, true);
  const bytes =
    base !== null && allZero(t) && allZero(p) ? new Uint8Array(0) : deflateSync(concat([t, p]), { level: 9 });
  return { soft, targetFilter, predFilter, base, bytes };
}

function encodePlain(width: number, soft: boolean, qt: Uint8Array, qp: Uint8Array): MaskEncoding {
  return compressPlanes(width, soft, soft ? qt : packBits(qt), qp, null);
}

function encodeResidual(size: number, soft: boolean, qt: Uint8Array, qp: Uint8Array, base: PresetPlanes): MaskEncoding {
  const t = soft ? subtractPlane(qt, base.target) : xorPlane(packBits(qt), packBits(base.target));
  return compressPlanes(size, soft, t, subtractPlane(qp, base.pred), base.id);
}

function differingPixels(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

/** The preset closest to the masks (fewest differing levels), or null when none is close. */
function nearestPreset(
  size: number,
  qt: Uint8Array,
  qp: Uint8Array,
  hint: string | undefined,
  mode: 'auto' | 'hint',
): PresetPlanes | null {
  const others = mode === 'auto' && size <= 256 ? presetIds() : [];
  const ids = hint === undefined ? others : [hint, ...others.filter((id) => id !== hint)];
  let best: PresetPlanes | null = null;
  let bestScore = qt.length; // more than half of 2·size² levels differing: not worth trying
  for (const id of ids) {
    const planes = presetPlanes(id, size);
    if (!planes) continue;
    const score = differingPixels(qt, planes.target) + differingPixels(qp, planes.pred);
    if (score < bestScore) {
      best = planes;
      bestScore = score;
      if (score === 0) break;
    }
  }
  return best;
}

interface MaskCacheEntry {
  key: string;
  qt: Uint8Array;
  qp: Uint8Array;
  encoding: MaskEncoding;
}
/** The last masks encoded: dragging a slider re-encodes only the settings. */
let maskCache: MaskCacheEntry | null = null;

/** `size`: the GRID_SIZES side of a square scene (presets are drawn only on those), or null. */
function encodeMasks(
  width: number,
  size: number | null,
  qt: Uint8Array,
  qp: Uint8Array,
  soft: boolean,
  hint: string | undefined,
  mode: 'auto' | 'hint' | 'off',
): MaskEncoding {
  const key = `${width}|${size}|${soft}|${mode}|${hint ?? ''}`;
  if (maskCache && maskCache.key === key && sameElements(maskCache.qt, qt) && sameElements(maskCache.qp, qp))
    return maskCache.encoding;
  let encoding = encodePlain(width, soft, qt, qp);
  if (mode !== 'off' && size !== null) {
    const base = nearestPreset(size, qt, qp, hint, mode);
    if (base) {
      const residual = encodeResidual(size, soft, qt, qp, base);
      // The residual form also carries the preset id in the settings ("b":"<id>").
      if (residual.bytes.length + base.id.length + 6 < encoding.bytes.length) encoding = residual;
    }
  }
  maskCache = { key, qt: Uint8Array.from(qt), qp: Uint8Array.from(qp), encoding };
  return encoding;
}

function fail(message: string): never {
  throw new RangeError(`encodeScene: ${message}`);
}

function viewToWire(view: SharedView): Record<string, string | boolean | string[]> {
  const w: Record<string, string | boolean | string[]> = {};
  if (view.gradientSpace !== 'prob' && view.gradientSpace !== 'logit')
    fail(`view.gradientSpace must be 'prob' or 'logit'`);
  if (view.scaleMode !== 'per-loss' && view.scaleMode !== 'shared')
    fail(`view.scaleMode must be 'per-loss' or 'shared'`);
  if (view.gradientSpace !== DEFAULT_VIEW.gradientSpace) w.g = view.gradientSpace;
  if (view.scaleMode !== DEFAULT_VIEW.scaleMode) w.c = view.scaleMode;
  if (view.scaleKind !== undefined) {
    if (view.scaleKind !== 'symlog' && view.scaleKind !== 'robust') fail(`view.scaleKind must be 'symlog' or 'robust'`);
    w.k = view.scaleKind;
  }
  if (view.theme !== undefined) {
    if (view.theme !== 'light' && view.theme !== 'dark') fail(`view.theme must be 'light' or 'dark'`);
    w.t = view.theme;
  }
  if (view.showOutline !== undefined) {
    if (typeof view.showOutline !== 'boolean') fail('view.showOutline must be a boolean');
    w.o = view.showOutline;
  }
  if (view.chartTab !== undefined) {
    if (typeof view.chartTab !== 'string' || !CHART_ID_RE.test(view.chartTab))
      fail(`view.chartTab must match ${CHART_ID_RE}`);
    w.ch = view.chartTab;
  }
  if (view.layout !== undefined) {
    if (view.layout !== 'presentation' && view.layout !== 'full') fail(`view.layout must be 'presentation' or 'full'`);
    w.ly = view.layout;
  }
  if (view.scaleExcluded !== undefined) {
    for (const id of view.scaleExcluded) if (!isLossId(id)) fail(`view.scaleExcluded: unknown loss id "${id}"`);
    const ids = LOSS_IDS.filter((id) => view.scaleExcluded?.includes(id));
    if (ids.length > 0) w.x = ids;
  }
  return w;
}

function paramsToWire(params: ParamsByLoss): Record<string, Record<string, ParamValue>> {
  const out: Record<string, Record<string, ParamValue>> = {};
  for (const [id, set] of Object.entries(params)) {
    if (!isLossId(id)) fail(`unknown loss id "${id}"`);
    if (set === undefined) continue;
    for (const [key, value] of Object.entries(set)) {
      const spec = paramSpec(id, key);
      if (!spec) fail(`loss "${id}" has no parameter "${key}"`);
      const problem = checkParam(spec, value);
      if (problem) fail(`loss "${id}": ${problem}`);
      if (value === spec.default) continue;
      (out[id] ??= {})[key] = value;
    }
  }
  return out;
}

/**
 * The scene as a link fragment, `v=1&s=<base64url>`: put it after `#` (it then never reaches a server).
 * Throws a RangeError on a scene the app cannot have (a side outside 1 … MAX_SIDE, arrays of the wrong length,
 * an unknown loss id or parameter key, a parameter value the registry rejects, an unknown hide flag or
 * an invalid view): a programming error, not a user one. Prediction (and a soft ground truth) are
 * quantised to 8 bits.
 */
export function encodeScene(scene: SharedScene, options: EncodeOptions = {}): string {
  const { height, width } = scene;
  const side = (v: number) => Number.isInteger(v) && v >= 1 && v <= MAX_SIDE;
  if (!side(height) || !side(width))
    fail(`height and width must be integers in 1 … ${MAX_SIDE}, got ${height} × ${width}`);
  const n = height * width;
  if (!(scene.target instanceof Float32Array) || scene.target.length !== n)
    fail(`target must be a Float32Array of ${n} values`);
  if (!(scene.pred instanceof Float32Array) || scene.pred.length !== n)
    fail(`pred must be a Float32Array of ${n} values`);
  const size = standardSide(height, width);
  if (!isLossId(scene.selected)) fail(`unknown selected loss "${String(scene.selected)}"`);
  for (const f of scene.hide) if (!isHideFlag(f)) fail(`unknown hide flag "${String(f)}"`);

  const soft = !isBinaryLayer(scene.target);
  const qt = toLevels(scene.target);
  const qp = toLevels(scene.pred);
  const masks = encodeMasks(width, size, qt, qp, soft, scene.preset, options.presets ?? 'auto');

  const meta: Record<string, unknown> = {};
  if (size === null) meta.d = [height, width];
  if (masks.base !== null) meta.b = masks.base;
  meta.l = scene.selected;
  const p = paramsToWire(scene.params);
  if (Object.keys(p).length > 0) meta.p = p;
  const w = viewToWire(scene.view);
  if (Object.keys(w).length > 0) meta.w = w;
  const hide = normalizeHide(scene.hide);
  if (hide.length > 0) meta.h = hide;
  if (scene.learn) meta.n = learnToWire(scene.learn);
  if (scene.lesson) meta.q = lessonToWire(scene.lesson);
  const json = new TextEncoder().encode(JSON.stringify(meta));
  if (json.length > MAX_META_BYTES) fail(`settings take ${json.length} bytes, more than ${MAX_META_BYTES}`);
  const metaBytes = deflateSync(json, { level: 9 });
  if (metaBytes.length > 0xffff) fail('settings too large');

  const header = writeHeader({
    size,
    soft,
    residual: masks.base !== null,
    targetFilter: masks.targetFilter,
    predFilter: masks.predFilter,
    metaLength: metaBytes.length,
    crc: crc32(qt, qp),
  });
  return `v=${SHARE_FORMAT_VERSION}&s=${encodeBase64url(concat([header, metaBytes, masks.bytes]))}`;
}
