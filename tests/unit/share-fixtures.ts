/**
 * Helpers for the share-link tests: hand-built containers (valid or deliberately broken) and the
 * invariants every decoded scene must satisfy.
 */
import { deflateSync } from 'fflate';
import { checkParam, isLossId, paramSpec } from '../../src/core/registry.ts';
import type { ParamsByLoss } from '../../src/core/types.ts';
import { MAX_SIDE, PRESETS, buildPreset, stampStroke } from '../../src/scene/index.ts';
import type { Brush } from '../../src/scene/index.ts';
import { encodeBase64url } from '../../src/share/base64url.ts';
import { CHART_ID_RE, MAX_WARNINGS, type DecodeResult, type SharedScene } from '../../src/share/format.ts';
import { isHideFlag } from '../../src/share/hide.ts';
import { crc32 } from '../../src/share/crc32.ts';
import { LEVELS } from '../../src/scene/levels.ts';
import { squareGrid } from '../../src/scene/types.ts';

export const te = new TextEncoder();

export function deflate(bytes: Uint8Array | string): Uint8Array {
  return deflateSync(typeof bytes === 'string' ? te.encode(bytes) : bytes, { level: 9 });
}

export interface RawContainer {
  sizeCode?: number;
  flags?: number;
  /** Meta section: an object (JSON + deflate), text (deflated as is) or raw bytes (stored as is). */
  meta?: unknown;
  metaBytes?: Uint8Array;
  /** Overrides the meta length field. */
  metaLength?: number;
  /** Masks section bytes as stored (already deflated), or planes to deflate. */
  masks?: Uint8Array;
  crc?: number;
  version?: string;
}

/** A link from hand-picked container parts (defaults: 64², binary target, filter 0, empty meta). */
export function rawLink(c: RawContainer): string {
  const metaBytes = c.metaBytes ?? deflate(typeof c.meta === 'string' ? c.meta : JSON.stringify(c.meta ?? {}));
  const masks = c.masks ?? new Uint8Array(0);
  const header = new Uint8Array(8);
  header[0] = c.sizeCode ?? 0;
  header[1] = c.flags ?? 0;
  const len = c.metaLength ?? metaBytes.length;
  header[2] = len & 255;
  header[3] = (len >> 8) & 255;
  new DataView(header.buffer).setUint32(4, (c.crc ?? 0) >>> 0, true);
  const all = new Uint8Array(8 + metaBytes.length + masks.length);
  all.set(header);
  all.set(metaBytes, 8);
  all.set(masks, 8 + metaBytes.length);
  return `v=${c.version ?? '1'}&s=${encodeBase64url(all)}`;
}

/** Planes of a plain (filter 0, binary target) 64² container with a correct checksum. */
export function plainMasks(size = 64, fill = 0): { masks: Uint8Array; crc: number } {
  const n = size * size;
  const bits = new Uint8Array(n / 8);
  const pred = new Uint8Array(n).fill(fill);
  const all = new Uint8Array(bits.length + n);
  all.set(bits);
  all.set(pred, bits.length);
  return { masks: deflate(all), crc: crc32(new Uint8Array(n), pred) };
}

export function scene(id: string, size: number, extra: Partial<SharedScene> = {}): SharedScene {
  const s = buildPreset(id, size);
  return {
    height: size,
    width: size,
    target: s.target,
    pred: s.pred,
    params: {},
    selected: 'bce',
    view: { gradientSpace: 'prob', scaleMode: 'per-loss' },
    hide: [],
    ...extra,
  };
}

/** A scene painted from scratch with the app's default brushes: two hard discs, two soft strokes. */
export function paintedScene(size: number): SharedScene {
  const target = new Float32Array(size * size);
  const pred = new Float32Array(size * size);
  const k = size / 128;
  const hard: Brush = { radius: 14 * k, value: 1, hardness: 1, opacity: 1, erase: false };
  stampStroke(target, squareGrid(size), { x: 40 * k, y: 50 * k }, { x: 52 * k, y: 58 * k }, hard, true);
  stampStroke(
    target,
    squareGrid(size),
    { x: 88 * k, y: 84 * k },
    { x: 90 * k, y: 80 * k },
    { ...hard, radius: 10 * k },
    true,
  );
  const soft: Brush = { radius: 12 * k, value: 0.9, hardness: 0.7, opacity: 1, erase: false };
  stampStroke(pred, squareGrid(size), { x: 43 * k, y: 51 * k }, { x: 55 * k, y: 60 * k }, soft, false);
  stampStroke(
    pred,
    squareGrid(size),
    { x: 86 * k, y: 86 * k },
    { x: 95 * k, y: 80 * k },
    { ...soft, value: 0.6 },
    false,
  );
  return {
    height: size,
    width: size,
    target,
    pred,
    params: {},
    selected: 'bce',
    view: { gradientSpace: 'prob', scaleMode: 'per-loss' },
    hide: [],
  };
}

/** A preset with one extra soft stroke on the prediction (what a teacher does after loading one). */
export function editedPreset(id: string, size: number): SharedScene {
  const s = scene(id, size);
  const k = size / 128;
  const brush: Brush = { radius: 6 * k, value: 0.9, hardness: 0.7, opacity: 1, erase: false };
  stampStroke(s.pred, squareGrid(size), { x: 20 * k, y: 100 * k }, { x: 45 * k, y: 110 * k }, brush, false);
  return s;
}

const LEVEL_SET = new Set(Array.from(LEVELS));

/** Everything wrong with a decode result (empty when it is acceptable). */
export function problems(result: DecodeResult): string[] {
  const out: string[] = [];
  if (!Array.isArray(result.warnings)) return ['warnings is not an array'];
  if (result.warnings.length > MAX_WARNINGS) out.push(`${result.warnings.length} warnings`);
  for (const w of result.warnings) {
    if (typeof w !== 'string') out.push('non-string warning');
    else if (/[<>]/.test(w)) out.push(`markup in warning: ${w}`);
    else if (w.length > 300) out.push('warning too long');
    else if (w.length === 0) out.push('empty warning');
  }
  const s = result.scene;
  if (s === null) return out;
  const side = (v: number) => Number.isInteger(v) && v >= 1 && v <= MAX_SIDE;
  if (!side(s.height) || !side(s.width)) out.push(`grid ${s.height} × ${s.width}`);
  const n = s.height * s.width;
  for (const [name, layer] of [
    ['target', s.target],
    ['pred', s.pred],
  ] as const) {
    if (!(layer instanceof Float32Array) || layer.length !== n) {
      out.push(`${name} has the wrong shape`);
      continue;
    }
    for (let i = 0; i < n; i++) {
      const v = layer[i]!;
      if (!(v >= 0 && v <= 1) || !LEVEL_SET.has(v)) {
        out.push(`${name}[${i}] = ${v}`);
        break;
      }
    }
  }
  if (!isLossId(s.selected)) out.push(`selected ${String(s.selected)}`);
  for (const [id, set] of Object.entries(s.params)) {
    if (!isLossId(id)) {
      out.push(`param loss ${id}`);
      continue;
    }
    for (const [key, value] of Object.entries(set ?? {})) {
      const spec = paramSpec(id, key);
      if (!spec) out.push(`param ${id}.${key}`);
      else if (checkParam(spec, value) !== null) out.push(`param ${id}.${key} = ${String(value)}`);
    }
  }
  const v = s.view;
  const allowed = new Set([
    'gradientSpace',
    'scaleMode',
    'scaleKind',
    'theme',
    'showOutline',
    'chartTab',
    'layout',
    'scaleExcluded',
  ]);
  for (const key of Object.keys(v)) if (!allowed.has(key)) out.push(`view key ${key}`);
  if (v.gradientSpace !== 'prob' && v.gradientSpace !== 'logit') out.push('view.gradientSpace');
  if (v.scaleMode !== 'per-loss' && v.scaleMode !== 'shared') out.push('view.scaleMode');
  if (v.scaleKind !== undefined && v.scaleKind !== 'symlog' && v.scaleKind !== 'robust') out.push('view.scaleKind');
  if (v.theme !== undefined && v.theme !== 'light' && v.theme !== 'dark') out.push('view.theme');
  if (v.showOutline !== undefined && typeof v.showOutline !== 'boolean') out.push('view.showOutline');
  if (v.chartTab !== undefined && !CHART_ID_RE.test(v.chartTab)) out.push('view.chartTab');
  if (v.layout !== undefined && v.layout !== 'presentation' && v.layout !== 'full') out.push('view.layout');
  if (v.scaleExcluded !== undefined && !v.scaleExcluded.every(isLossId)) out.push('view.scaleExcluded');
  if (!Array.isArray(s.hide) || !s.hide.every(isHideFlag)) out.push('hide');
  if (s.preset !== undefined && !PRESETS.some((p) => p.id === s.preset)) out.push(`preset ${s.preset}`);
  return out;
}

/** A fixed, rich set of non-default settings (null, boolean, fractions, choices). */
export const RICH_PARAMS: ParamsByLoss = {
  weighted_bce: { beta: 1 / 3 },
  balanced_bce: { beta: 0.8 },
  focal: { gamma: 0.5, alpha: null },
  dice: { smooth: 0, squared: true, smooth_nr: 1e-5 },
  tversky: { fp_weight: 0.7, fn_weight: 0.3 },
  focal_tversky: { gamma: 2.5, eps: 1e-4 },
  structural: { window: 7 },
};
