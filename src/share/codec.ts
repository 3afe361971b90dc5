/**
 * Share links: the whole scene (both masks, every non-default parameter, the selected loss, the view and
 * the classroom flags) in one URL fragment. Pure: strings and objects in, strings and objects out; no
 * React, DOM or `location` (the only state is a memo of the last masks encoded and of drawn presets). The format is specified in docs/share-links.md; change it only by adding a
 * new version.
 *
 *   link    = "v=1&s=" base64url(container)
 *   container (v1) = header (8 bytes) ‖ meta (DEFLATE of UTF-8 JSON) ‖ masks (DEFLATE, or empty)
 *
 * decodeScene never throws: whatever the input, it returns a valid scene, a valid partial scene (bad
 * settings dropped with a warning each), or null (the caller loads its defaults), plus warnings that are
 * safe to show on screen.
 */
import { deflateSync } from 'fflate';
import { z } from 'zod';
import { LOSS_IDS, checkParam, isLossId, lossInfo, paramSpec } from '../core/registry.ts';
import type { LossId, ParamSet, ParamValue, ParamsByLoss } from '../core/types.ts';
import { GRID_SIZES, MAX_SIDE } from '../scene/types.ts';
import { decodeBase64url, encodeBase64url } from './base64url.ts';
import { crc32 } from './crc32.ts';
import { isHideFlag, normalizeHide } from './hide.ts';
import { inflateCapped } from './inflate.ts';
import {
  addPlane,
  fromLevels,
  isBinary,
  packBits,
  runFilter,
  subtractPlane,
  toLevels,
  unpackBits,
  xorPlane,
  type FilterId,
} from './planes.ts';
import { presetIds, presetPlanes, type PresetPlanes } from './presetBase.ts';
import { excerpt, safeText } from './text.ts';
import { learnFromWire, learnToWire } from './learn.ts';
import { lessonFromWire, lessonToWire } from './lesson.ts';
import type { SharedLesson } from './lesson.ts';
import { builtInLesson } from './tour.ts';
import type { LearnSettings } from '../worker/learnSettings.ts';

export { ALL_HIDE_FLAGS, HIDE_FLAGS, PARAM_HIDE_FLAGS, isHideFlag, normalizeHide, paramHideFlag } from './hide.ts';
export type { ControlHideFlag, ParamHideFlagInfo } from './hide.ts';
export { describeWarnings } from './text.ts';

// ── public types and limits ─────────────────────────────────────────────────────────────────────────

/** The link format version written by encodeScene and the only one decodeScene reads. */
export const SHARE_FORMAT_VERSION = 1;

/**
 * The longest input decodeScene looks at (characters, whole string); anything longer is rejected before
 * any work. Above the longest link encodeScene can produce (a 512² scene of noise with a soft ground
 * truth: ≈ 700,000 characters). Browsers differ on what they accept in the address bar (Chrome 2 MB;
 * Firefox and Safari less, tens to hundreds of kB), and chat and mail clients often cut links after a few
 * thousand characters: see SHORT_LINK_LENGTH.
 */
export const MAX_URL_LENGTH = 1_000_000;

/**
 * Links up to this length survive chat, mail and LMS link handling. Typical 128² scenes (any preset,
 * a preset with a few strokes, a freshly painted scene) are well under it; blurred or noisy predictions
 * on large grids are not. The UI may warn above it ("this link is long; some apps cut long links").
 */
export const SHORT_LINK_LENGTH = 2000;

/** Largest settings JSON (UTF-8 bytes, after decompression) a link may carry. */
export const MAX_META_BYTES = 8192;

/** Most warnings decodeScene returns; more are summarised in a last one. */
export const MAX_WARNINGS = 12;

/**
 * How the pictures are drawn. Small on purpose; unknown keys in a link are dropped with a warning.
 * - gradient: heatmaps show ∂L/∂p ('prob') or ∂L/∂z ('logit').
 * - colorScale: each heatmap scaled on its own ('per-loss') or all on one scale ('shared').
 * - scaleKind: the heatmap colour mapping (store: viewSlice.scaleKind); absent = the app's default.
 * - theme: absent = the viewer's own choice (system or saved).
 * - overlay: ground-truth contour over the prediction and heatmaps (store: showOutline); absent = default.
 * - chart: id of the chart on screen, chosen by the charts module; the codec only checks its shape
 *   (1–32 of a–z 0–9 _ -, starting with a letter or digit).
 * - layout: 'presentation' (compact, fits 1280 × 720) or 'full'; absent = automatic by screen size.
 */
export interface SharedView {
  gradient: 'prob' | 'logit';
  colorScale: 'per-loss' | 'shared';
  scaleKind?: 'symlog' | 'robust';
  theme?: 'light' | 'dark';
  overlay?: boolean;
  chart?: string;
  layout?: 'presentation' | 'full';
}

export const DEFAULT_VIEW: Readonly<SharedView> = { gradient: 'prob', colorScale: 'per-loss' };

export const CHART_ID_RE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export interface SharedScene {
  /** Grid rows and columns, each 1 … MAX_SIDE (512); presets are square GRID_SIZES, imported data any shape. */
  height: number;
  width: number;
  /** Ground truth, height × width values; binary targets travel exactly, soft ones as 8-bit levels (quantizeTarget). */
  target: Float32Array;
  /** Prediction, height × width values, travels as 8-bit levels: decoded values equal quantizePrediction(pred). */
  pred: Float32Array;
  /**
   * Parameters by canonical loss id and key. Only values that differ from the registry defaults travel;
   * a decoded scene holds only those (missing keys mean the default: see fillParams).
   */
  params: ParamsByLoss;
  selected: LossId;
  view: SharedView;
  /** Classroom flags (HIDE_FLAGS ids and `param:<lossId>.<key>`); decoded in canonical order. */
  hide: string[];
  /**
   * Encode: optional hint, the preset the masks started from (the encoder also finds the nearest preset by
   * itself). Decode: set when the masks are exactly that preset (after quantisation), else absent.
   */
  preset?: string;
  /** Learn mode's settings (lanes, optimiser, start, seed …), when the link carries them (meta `n`). */
  learn?: LearnSettings;
  /** A teacher's lesson (question, answer, steps) and the step on screen (meta `q`, src/share/lesson.ts). */
  lesson?: SharedLesson;
}

export interface EncodeOptions {
  /**
   * Store the masks as their difference from a preset when that is shorter: 'auto' (default) tries the
   * hint and, on grids up to 256, every preset; 'hint' only scene.preset; 'off' never (self-contained).
   */
  presets?: 'auto' | 'hint' | 'off';
}

export interface DecodeResult {
  /** null: nothing usable (the caller loads its defaults); otherwise a valid, possibly partial, scene. */
  scene: SharedScene | null;
  /** Plain-text messages for the user, each safe to show as is (no markup, no raw link text). */
  warnings: string[];
}

// ── quantisation ────────────────────────────────────────────────────────────────────────────────────

/**
 * The prediction as a link carries it: each value rounded to k/255 (float32), after clamping to [0, 1]
 * (NaN → 0). Idempotent. Keep the app's prediction quantised so that a link reproduces it exactly.
 */
export function quantizePrediction(p: Float32Array): Float32Array {
  return fromLevels(toLevels(p));
}

/** The ground truth as a link carries it: unchanged (a copy) when binary, else quantizePrediction. */
export function quantizeTarget(t: Float32Array): Float32Array {
  return isBinary(t) ? Float32Array.from(t) : quantizePrediction(t);
}

/** Every loss's full parameter set: registry defaults overlaid with the given (sparse) values. */
export function fillParams(params: ParamsByLoss): Record<LossId, ParamSet> {
  const out = {} as Record<LossId, ParamSet>;
  for (const id of LOSS_IDS) {
    const set: ParamSet = {};
    for (const p of lossInfo(id).params) set[p.key] = p.default;
    out[id] = { ...set, ...(params[id] ?? {}) };
  }
  return out;
}

// ── container layout ────────────────────────────────────────────────────────────────────────────────

const HEADER_BYTES = 8;
const FLAG_SOFT_TARGET = 1;
const FLAG_PRESET_RESIDUAL = 2;
const PRED_FILTER_SHIFT = 2;
const TARGET_FILTER_SHIFT = 5;
const FILTER_COUNT = 5;
const FILTER_IDS: readonly FilterId[] = [0, 1, 2, 3, 4];
/** Header byte 0 for a grid that is not a square of GRID_SIZES: its shape is in meta `d` ([height, width]). */
const GRID_IN_META = 255;

/** The square GRID_SIZES side of a grid, or null (the shape then travels in meta `d`). */
function standardSide(height: number, width: number): number | null {
  return height === width && (GRID_SIZES as readonly number[]).includes(height) ? height : null;
}

interface Header {
  /** A GRID_SIZES side, or null: the grid is in meta `d`. */
  size: number | null;
  soft: boolean;
  residual: boolean;
  targetFilter: FilterId;
  predFilter: FilterId;
  metaLength: number;
  crc: number;
}

function writeHeader(h: Header): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES);
  out[0] = h.size === null ? GRID_IN_META : (GRID_SIZES as readonly number[]).indexOf(h.size);
  out[1] =
    (h.soft ? FLAG_SOFT_TARGET : 0) |
    (h.residual ? FLAG_PRESET_RESIDUAL : 0) |
    (h.predFilter << PRED_FILTER_SHIFT) |
    (h.targetFilter << TARGET_FILTER_SHIFT);
  out[2] = h.metaLength & 255;
  out[3] = h.metaLength >> 8;
  new DataView(out.buffer).setUint32(4, h.crc, true);
  return out;
}

/** The header, or a reason it is not acceptable. */
function readHeader(bytes: Uint8Array): Header | 'short' | 'size' | 'flags' {
  if (bytes.length < HEADER_BYTES) return 'short';
  const size = bytes[0] === GRID_IN_META ? null : GRID_SIZES[bytes[0]!];
  if (size === undefined) return 'size';
  const flags = bytes[1]!;
  const soft = (flags & FLAG_SOFT_TARGET) !== 0;
  const predFilter = (flags >> PRED_FILTER_SHIFT) & 7;
  const targetFilter = (flags >> TARGET_FILTER_SHIFT) & 7;
  if (predFilter >= FILTER_COUNT || targetFilter >= FILTER_COUNT || (!soft && targetFilter !== 0)) return 'flags';
  return {
    size,
    soft,
    residual: (flags & FLAG_PRESET_RESIDUAL) !== 0,
    predFilter: predFilter as FilterId,
    targetFilter: targetFilter as FilterId,
    metaLength: bytes[2]! | (bytes[3]! << 8),
    crc: new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES).getUint32(4, true),
  };
}

function targetSectionBytes(n: number, soft: boolean): number {
  return soft ? n : Math.ceil(n / 8);
}

function allZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ── encoding ────────────────────────────────────────────────────────────────────────────────────────

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

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

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
  if (maskCache && maskCache.key === key && sameBytes(maskCache.qt, qt) && sameBytes(maskCache.qp, qp))
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

function viewToWire(view: SharedView): Record<string, string | boolean> {
  const w: Record<string, string | boolean> = {};
  if (view.gradient !== 'prob' && view.gradient !== 'logit') fail(`view.gradient must be 'prob' or 'logit'`);
  if (view.colorScale !== 'per-loss' && view.colorScale !== 'shared')
    fail(`view.colorScale must be 'per-loss' or 'shared'`);
  if (view.gradient !== DEFAULT_VIEW.gradient) w.g = view.gradient;
  if (view.colorScale !== DEFAULT_VIEW.colorScale) w.c = view.colorScale;
  if (view.scaleKind !== undefined) {
    if (view.scaleKind !== 'symlog' && view.scaleKind !== 'robust') fail(`view.scaleKind must be 'symlog' or 'robust'`);
    w.k = view.scaleKind;
  }
  if (view.theme !== undefined) {
    if (view.theme !== 'light' && view.theme !== 'dark') fail(`view.theme must be 'light' or 'dark'`);
    w.t = view.theme;
  }
  if (view.overlay !== undefined) {
    if (typeof view.overlay !== 'boolean') fail('view.overlay must be a boolean');
    w.o = view.overlay;
  }
  if (view.chart !== undefined) {
    if (typeof view.chart !== 'string' || !CHART_ID_RE.test(view.chart)) fail(`view.chart must match ${CHART_ID_RE}`);
    w.ch = view.chart;
  }
  if (view.layout !== undefined) {
    if (view.layout !== 'presentation' && view.layout !== 'full') fail(`view.layout must be 'presentation' or 'full'`);
    w.ly = view.layout;
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

  const soft = !isBinary(scene.target);
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

// ── decoding ────────────────────────────────────────────────────────────────────────────────────────

const LOAD_DEFAULTS = 'Loading the default scene instead.';

class Warnings {
  private readonly items: string[] = [];
  private dropped = 0;
  add(message: string): void {
    if (this.items.length < MAX_WARNINGS - 1) this.items.push(safeText(message));
    else this.dropped++;
  }
  list(): string[] {
    if (this.dropped === 0) return [...this.items];
    return [
      ...this.items,
      safeText(`${this.dropped} more ${this.dropped === 1 ? 'problem was' : 'problems were'} ignored.`),
    ];
  }
}

const PlainObject = z.record(z.string(), z.unknown());
const ShortString = z.string().max(64);
const HideList = z.array(z.unknown()).max(1024);
const GridSide = z.number().int().min(1).max(MAX_SIDE);
const GridSchema = z.tuple([GridSide, GridSide]);
const VIEW_FIELDS = {
  g: { name: 'gradient', schema: z.enum(['prob', 'logit']) },
  c: { name: 'colour scale', schema: z.enum(['per-loss', 'shared']) },
  k: { name: 'scale kind', schema: z.enum(['symlog', 'robust']) },
  t: { name: 'theme', schema: z.enum(['light', 'dark']) },
  o: { name: 'outline overlay', schema: z.boolean() },
  ch: { name: 'chart', schema: z.string().regex(CHART_ID_RE) },
  ly: { name: 'layout', schema: z.enum(['presentation', 'full']) },
} as const;
type WireViewKey = keyof typeof VIEW_FIELDS;
const META_KEYS = new Set(['b', 'l', 'p', 'w', 'h', 'n', 'd', 'q']);

interface Meta {
  base: string | null;
  /** Meta `d`: the grid of a scene that is not a square of GRID_SIZES; null when absent or invalid. */
  grid: { height: number; width: number } | null;
  selected: LossId;
  params: ParamsByLoss;
  view: SharedView;
  hide: string[];
  learn?: LearnSettings;
  lesson?: SharedLesson;
}

function defaultMeta(): Meta {
  return { base: null, grid: null, selected: LOSS_IDS[0], params: {}, view: { ...DEFAULT_VIEW }, hide: [] };
}

function readParams(raw: unknown, w: Warnings): ParamsByLoss {
  const out: ParamsByLoss = {};
  const top = PlainObject.safeParse(raw);
  if (!top.success) {
    w.add('The parameters in the link are not readable; every loss uses its defaults.');
    return out;
  }
  for (const [id, rawSet] of Object.entries(top.data)) {
    if (!isLossId(id)) {
      w.add(`Ignored parameters for an unknown loss “${excerpt(id)}”.`);
      continue;
    }
    const info = lossInfo(id);
    const set = PlainObject.safeParse(rawSet);
    if (!set.success) {
      w.add(`The parameters of ${info.name} are not readable; it uses its defaults.`);
      continue;
    }
    for (const [key, value] of Object.entries(set.data)) {
      const spec = paramSpec(id, key);
      if (!spec) {
        w.add(`Ignored an unknown parameter “${excerpt(key)}” of ${info.name}.`);
        continue;
      }
      const problem = checkParam(spec, value);
      if (problem) {
        w.add(`${info.name}: ${problem}; using the default (${String(spec.default)}).`);
        continue;
      }
      (out[id] ??= {})[key] = value as ParamValue;
    }
  }
  return out;
}

function readView(raw: unknown, w: Warnings): SharedView {
  const view: SharedView = { ...DEFAULT_VIEW };
  const top = PlainObject.safeParse(raw);
  if (!top.success) {
    w.add('The view settings in the link are not readable; using the default view.');
    return view;
  }
  for (const [key, value] of Object.entries(top.data)) {
    if (!Object.hasOwn(VIEW_FIELDS, key)) {
      w.add(`Ignored an unknown view setting “${excerpt(key)}”.`);
      continue;
    }
    const field = VIEW_FIELDS[key as WireViewKey];
    const parsed = field.schema.safeParse(value);
    if (!parsed.success) {
      w.add(`Ignored an invalid ${field.name} setting (${excerpt(value)}).`);
      continue;
    }
    const v = parsed.data;
    switch (key as WireViewKey) {
      case 'g':
        view.gradient = v as SharedView['gradient'];
        break;
      case 'c':
        view.colorScale = v as SharedView['colorScale'];
        break;
      case 'k':
        view.scaleKind = v as NonNullable<SharedView['scaleKind']>;
        break;
      case 't':
        view.theme = v as NonNullable<SharedView['theme']>;
        break;
      case 'o':
        view.overlay = v as boolean;
        break;
      case 'ch':
        view.chart = v as string;
        break;
      case 'ly':
        view.layout = v as NonNullable<SharedView['layout']>;
        break;
    }
  }
  return view;
}

function readHide(raw: unknown, w: Warnings): string[] {
  const list = HideList.safeParse(raw);
  if (!list.success) {
    w.add('The classroom flags in the link are not readable; every control is shown.');
    return [];
  }
  for (const f of list.data) if (!isHideFlag(f)) w.add(`Ignored an unknown classroom flag “${excerpt(f)}”.`);
  return normalizeHide(list.data);
}

function readMeta(json: unknown, w: Warnings): Meta {
  const meta = defaultMeta();
  const top = PlainObject.safeParse(json);
  if (!top.success) {
    w.add('The settings in the link are not readable; using the default settings.');
    return meta;
  }
  const o = top.data;
  for (const key of Object.keys(o)) if (!META_KEYS.has(key)) w.add(`Ignored an unknown setting “${excerpt(key)}”.`);
  if (o.d !== undefined) {
    const d = GridSchema.safeParse(o.d);
    if (d.success) meta.grid = { height: d.data[0], width: d.data[1] };
  }
  if (o.b !== undefined) {
    const b = ShortString.safeParse(o.b);
    meta.base = b.success ? b.data : '';
  }
  if (o.l !== undefined) {
    const l = ShortString.safeParse(o.l);
    if (l.success && isLossId(l.data)) meta.selected = l.data;
    else w.add(`The selected loss “${excerpt(o.l)}” is unknown; showing ${lossInfo(meta.selected).name}.`);
  }
  if (o.p !== undefined) meta.params = readParams(o.p, w);
  if (o.w !== undefined) meta.view = readView(o.w, w);
  if (o.h !== undefined) meta.hide = readHide(o.h, w);
  if (o.n !== undefined) {
    const learn = learnFromWire(o.n);
    if ('settings' in learn) meta.learn = learn.settings;
    else w.add(learn.problem);
  }
  if (o.q !== undefined) {
    const lesson = lessonFromWire(o.q, builtInLesson);
    if ('lesson' in lesson) meta.lesson = lesson.lesson;
    else w.add(lesson.problem);
  }
  return meta;
}

/** The meta section as JSON, or undefined (with a warning) when it cannot be read. */
function inflateMeta(bytes: Uint8Array, w: Warnings): unknown {
  const inflated = inflateCapped(bytes, MAX_META_BYTES);
  if (!inflated.ok) {
    w.add(
      inflated.reason === 'too-large'
        ? `The settings in the link are larger than ${MAX_META_BYTES} bytes; using the default settings.`
        : 'The settings in the link are damaged; using the default settings.',
    );
    return undefined;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
    return JSON.parse(text) as unknown;
  } catch {
    w.add('The settings in the link are not valid JSON; using the default settings.');
    return undefined;
  }
}

/**
 * Splits `v=1&s=…` into its fields; unknown and repeated fields are warned about. Reads the part after the
 * first `#` when there is one; a whole URL without `#` holds no link; a leading `?` is skipped.
 */
/** Whitespace, raw or percent-encoded, which base64url never contains. */
const WHITESPACE_IN_DATA = /\s+|%(?:20|09|0a|0d)/gi;

function readFields(input: string, w: Warnings): { v?: string; s?: string } | null {
  let text = input.trim();
  const hash = text.indexOf('#');
  if (hash >= 0) text = text.slice(hash + 1);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(text))
    return null; // a whole URL without a fragment: no link
  else if (text.startsWith('?')) text = text.slice(1);
  text = text.trim();
  if (text === '') return null;
  // Some tools percent-encode the whole fragment (v%3D1%26s%3D…).
  if (!text.includes('=') && /%3D/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      /* left as is: reported below as a link without a version */
    }
  }
  const fields: { v?: string; s?: string } = {};
  const parts = text.split('&', 64);
  for (const part of parts) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    // A wrapped link can put a line break next to `&` or `=`: the field names are trimmed.
    const key = (eq >= 0 ? part.slice(0, eq) : part).trim();
    const value = eq >= 0 ? part.slice(eq + 1) : '';
    if (key === 'v' || key === 's') {
      if (fields[key] !== undefined) w.add(`The link repeats the field “${key}”; the first one is used.`);
      else fields[key] = value;
    } else {
      w.add(`Ignored an unknown link field “${excerpt(key)}”.`);
    }
  }
  return fields;
}

function decodeInner(input: unknown, w: Warnings): SharedScene | null {
  if (typeof input !== 'string') {
    w.add(`The shared link is not text. ${LOAD_DEFAULTS}`);
    return null;
  }
  if (input.length > MAX_URL_LENGTH) {
    w.add(
      `The shared link is too long to read (${input.length} characters, at most ${MAX_URL_LENGTH}). ${LOAD_DEFAULTS}`,
    );
    return null;
  }
  const fields = readFields(input, w);
  if (fields === null) return null; // no link at all: not a problem
  if (fields.v === undefined) {
    w.add(`The address holds no shared scene (no format version “v”). ${LOAD_DEFAULTS}`);
    return null;
  }
  if (fields.v !== String(SHARE_FORMAT_VERSION)) {
    const v = /^\d{1,6}$/.test(fields.v) ? `version ${fields.v}` : 'an unknown version';
    w.add(
      `The shared link uses format ${v}; this version of Loss Explorer reads version ${SHARE_FORMAT_VERSION}. ${LOAD_DEFAULTS}`,
    );
    return null;
  }
  if (fields.s === undefined || fields.s === '') {
    w.add(`The shared link has no scene data (field “s”). ${LOAD_DEFAULTS}`);
    return null;
  }
  // Mail clients wrap long links: whitespace inside the data is dropped, also as a browser's address bar
  // percent-encodes it (%20, %09, %0A, %0D in location.hash).
  const data = decodeBase64url(fields.s.replace(WHITESPACE_IN_DATA, ''));
  if (data === null) {
    w.add(`The shared link's scene data contains characters a link cannot hold, or was cut off. ${LOAD_DEFAULTS}`);
    return null;
  }
  const header = readHeader(data);
  if (header === 'short') {
    w.add(`The shared link's scene data is incomplete (perhaps cut off when copied). ${LOAD_DEFAULTS}`);
    return null;
  }
  if (header === 'size') {
    w.add(
      `The shared link asks for a grid size this app does not have (sizes: ${GRID_SIZES.join(', ')}). ${LOAD_DEFAULTS}`,
    );
    return null;
  }
  if (header === 'flags') {
    w.add(`The shared link's scene data uses an encoding this version does not know. ${LOAD_DEFAULTS}`);
    return null;
  }
  const { size } = header;
  if (HEADER_BYTES + header.metaLength > data.length) {
    w.add(`The shared link's scene data is incomplete (perhaps cut off when copied). ${LOAD_DEFAULTS}`);
    return null;
  }

  // Settings first: the masks of a preset-based link need the preset id.
  const metaJson = inflateMeta(data.subarray(HEADER_BYTES, HEADER_BYTES + header.metaLength), w);
  const meta = metaJson === undefined ? defaultMeta() : readMeta(metaJson, w);

  if (header.residual && (meta.base === null || meta.base === '')) {
    w.add(`The shared link builds on a preset but does not say which. ${LOAD_DEFAULTS}`);
    return null;
  }
  if (!header.residual && meta.base !== null) w.add('Ignored a preset name in a link that does not use one.');
  // A grid in meta `d` is required when byte 0 says so, and refused beside a GRID_SIZES code.
  if (size === null && meta.grid === null) {
    w.add(`The shared link's grid size is missing or not 1 … ${MAX_SIDE} on each side. ${LOAD_DEFAULTS}`);
    return null;
  }
  if (size !== null && meta.grid !== null) w.add('Ignored a second grid size in the link.');
  if (size === null && header.residual) {
    w.add(`The shared link's scene data uses an encoding this version does not know. ${LOAD_DEFAULTS}`);
    return null;
  }
  const height = size ?? meta.grid!.height;
  const width = size ?? meta.grid!.width;
  const n = height * width;

  const targetBytes = targetSectionBytes(n, header.soft);
  const expected = targetBytes + n;
  const maskData = data.subarray(HEADER_BYTES + header.metaLength);
  let sections: Uint8Array;
  if (maskData.length === 0 && header.residual) {
    sections = new Uint8Array(expected); // the preset itself
  } else {
    const inflated = inflateCapped(maskData, expected);
    if (!inflated.ok || inflated.bytes.length !== expected) {
      w.add(
        inflated.ok || inflated.reason === 'corrupt'
          ? `The shared link's masks are damaged or incomplete (perhaps cut off when copied). ${LOAD_DEFAULTS}`
          : `The shared link's masks decompress to more data than a ${height} × ${width} scene holds. ${LOAD_DEFAULTS}`,
      );
      return null;
    }
    sections = inflated.bytes;
  }

  // Only now (the masks are complete) is the preset worth drawing.
  let base: PresetPlanes | null = null;
  if (header.residual) {
    base = presetPlanes(meta.base!, size!);
    if (!base) {
      w.add(`The shared link builds on a preset “${excerpt(meta.base)}” this version does not have. ${LOAD_DEFAULTS}`);
      return null;
    }
  }

  const tSection = sections.subarray(0, targetBytes);
  const pPlane = runFilter(sections.subarray(targetBytes), width, header.predFilter, false);
  let qt: Uint8Array;
  if (header.soft) {
    const t = runFilter(tSection, width, header.targetFilter, false);
    qt = base ? addPlane(t, base.target) : t;
  } else {
    qt = unpackBits(base ? xorPlane(tSection, packBits(base.target)) : tSection, n);
  }
  const qp = base ? addPlane(pPlane, base.pred) : pPlane;

  const crcOk = crc32(qt, qp) === header.crc;
  // Preset pixels are pinned (docs/share-links.md, Stability), so a mismatch always means a damaged link:
  // decoding it anyway would show masks nobody shared.
  if (!crcOk) {
    w.add(
      `The shared link is damaged: its masks failed their integrity check (a character was changed or lost). ${LOAD_DEFAULTS}`,
    );
    return null;
  }
  const scene: SharedScene = {
    height,
    width,
    target: fromLevels(qt),
    pred: fromLevels(qp),
    params: meta.params,
    selected: meta.selected,
    view: meta.view,
    hide: meta.hide,
  };
  if (meta.learn) scene.learn = meta.learn;
  if (meta.lesson) scene.lesson = meta.lesson;
  if (base && allZero(sections)) scene.preset = base.id;
  return scene;
}

/**
 * Reads a link made by encodeScene. Accepts the fragment alone (`v=1&s=…`), with its `#` (location.hash),
 * or a whole URL (only its fragment is read). Never throws. No link at all (an empty string, a lone `#`,
 * a URL without a fragment) gives { scene: null, warnings: [] }; any other fragment that is not a valid
 * link gives warnings.
 */
export function decodeScene(input: string): DecodeResult {
  const w = new Warnings();
  let scene: SharedScene | null;
  try {
    scene = decodeInner(input, w);
  } catch {
    w.add(`The shared link could not be read. ${LOAD_DEFAULTS}`);
    scene = null;
  }
  return { scene, warnings: w.list() };
}
