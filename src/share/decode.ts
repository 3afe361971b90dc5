/**
 * decodeScene: a link back to a scene. Never throws: whatever the input, it returns a valid scene, a valid
 * partial scene (bad settings dropped with a warning each), or null (the caller loads its defaults), plus
 * warnings that are safe to show on screen.
 */
import { z } from 'zod';
import { LOSS_IDS, checkParam, isLossId, lossInfo, paramSpec } from '../core/registry.ts';
import type { LossId, ParamValue, ParamsByLoss } from '../core/types.ts';
import { fromLevels } from '../scene/levels.ts';
import { GRID_SIZES, MAX_SIDE } from '../scene/types.ts';
import type { LearnSettings } from '../worker/learnSettings.ts';
import { decodeBase64url } from './base64url.ts';
import { crc32 } from './crc32.ts';
import {
  CHART_ID_RE,
  DEFAULT_VIEW,
  HEADER_BYTES,
  MAX_META_BYTES,
  MAX_URL_LENGTH,
  MAX_WARNINGS,
  SHARE_FORMAT_VERSION,
  allZero,
  readHeader,
  targetSectionBytes,
  type DecodeResult,
  type SharedScene,
  type SharedView,
} from './format.ts';
import { isHideFlag, normalizeHide } from './hide.ts';
import { inflateCapped } from './inflate.ts';
import { learnFromWire } from './learn.ts';
import { lessonFromWire, type SharedLesson } from './lesson.ts';
import { addPlane, packBits, runFilter, unpackBits, xorPlane } from './planes.ts';
import { presetPlanes, type PresetPlanes } from './presetBase.ts';
import { excerpt, safeText } from './text.ts';
import { builtInLesson } from './tour.ts';

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
  x: { name: 'shared-scale exclusion', schema: z.array(z.string()).max(LOSS_IDS.length * 4) },
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

/** Known loss ids of the list, once each, in registry order; unknown ones are reported and dropped. */
function readExcluded(ids: readonly string[], w: Warnings): LossId[] {
  for (const id of ids)
    if (!isLossId(id)) w.add(`Ignored an unknown loss “${excerpt(id)}” in the shared-scale exclusions.`);
  return LOSS_IDS.filter((id) => ids.includes(id));
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
        view.gradientSpace = v as SharedView['gradientSpace'];
        break;
      case 'c':
        view.scaleMode = v as SharedView['scaleMode'];
        break;
      case 'k':
        view.scaleKind = v as NonNullable<SharedView['scaleKind']>;
        break;
      case 't':
        view.theme = v as NonNullable<SharedView['theme']>;
        break;
      case 'o':
        view.showOutline = v as boolean;
        break;
      case 'ch':
        view.chartTab = v as string;
        break;
      case 'ly':
        view.layout = v as NonNullable<SharedView['layout']>;
        break;
      case 'x':
        view.scaleExcluded = readExcluded(v as string[], w);
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
