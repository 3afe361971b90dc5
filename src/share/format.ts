/**
 * The share link's format: its public types and limits and the container's byte layout, shared by
 * encode.ts and decode.ts. Specified in docs/share-links.md; change it only by adding a new version.
 *
 *   link    = "v=1&s=" base64url(container)
 *   container (v1) = header (8 bytes) ‖ meta (DEFLATE of UTF-8 JSON) ‖ masks (DEFLATE, or empty)
 */
import type { DerivativeSpace, LossId, ParamsByLoss } from '../core/types.ts';
import { GRID_SIZES } from '../scene/types.ts';
import type { LearnSettings } from '../worker/learnSettings.ts';
import type { SharedLesson } from './lesson.ts';
import type { FilterId } from './planes.ts';

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

/** The colour scale of the gradient maps: symmetric log or linear clipped at the 99th percentile. */
export type ScaleKind = 'symlog' | 'robust';
/** One colour range per loss, or one shared by all. */
export type ScaleMode = 'per-loss' | 'shared';
export type Theme = 'light' | 'dark';
/** The page's layout: compact (fits 1280 × 720) or the full one. */
export type ViewLayout = 'presentation' | 'full';

/**
 * The view settings a link carries, each named as the store's setting it holds. Small on purpose; unknown
 * keys in a link are dropped with a warning.
 * - gradientSpace: heatmaps show ∂L/∂p ('prob') or ∂L/∂z ('logit').
 * - scaleMode: each heatmap scaled on its own ('per-loss') or all on one scale ('shared').
 * - scaleKind: the heatmap colour mapping; absent = the app's default.
 * - theme: absent = the viewer's own choice (system or saved).
 * - showOutline: ground-truth contour over the prediction and heatmaps; absent = default.
 * - chartTab: id of the chart on screen, chosen by the charts module; the link only checks its shape
 *   (1–32 of a–z 0–9 _ -, starting with a letter or digit).
 * - layout: 'presentation' (compact, fits 1280 × 720) or 'full'; absent = automatic by screen size.
 * - scaleExcluded: losses left out of the shared colour scale; absent = none.
 */
export interface SharedView {
  gradientSpace: DerivativeSpace;
  scaleMode: ScaleMode;
  scaleKind?: ScaleKind;
  theme?: Theme;
  showOutline?: boolean;
  chartTab?: string;
  layout?: ViewLayout;
  /** Losses left out of the shared colour scale (canonical ids, registry order); absent: none. */
  scaleExcluded?: LossId[];
}

export const DEFAULT_VIEW: Readonly<SharedView> = { gradientSpace: 'prob', scaleMode: 'per-loss' };

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

// ── container layout ────────────────────────────────────────────────────────────────────────────────

export const HEADER_BYTES = 8;
const FLAG_SOFT_TARGET = 1;
const FLAG_PRESET_RESIDUAL = 2;
const PRED_FILTER_SHIFT = 2;
const TARGET_FILTER_SHIFT = 5;
const FILTER_COUNT = 5;
export const FILTER_IDS: readonly FilterId[] = [0, 1, 2, 3, 4];
/** Header byte 0 for a grid that is not a square of GRID_SIZES: its shape is in meta `d` ([height, width]). */
const GRID_IN_META = 255;

/** The square GRID_SIZES side of a grid, or null (the shape then travels in meta `d`). */
export function standardSide(height: number, width: number): number | null {
  return height === width && (GRID_SIZES as readonly number[]).includes(height) ? height : null;
}

export interface Header {
  /** A GRID_SIZES side, or null: the grid is in meta `d`. */
  size: number | null;
  soft: boolean;
  residual: boolean;
  targetFilter: FilterId;
  predFilter: FilterId;
  metaLength: number;
  crc: number;
}

export function writeHeader(h: Header): Uint8Array {
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
export function readHeader(bytes: Uint8Array): Header | 'short' | 'size' | 'flags' {
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

export function targetSectionBytes(n: number, soft: boolean): number {
  return soft ? n : Math.ceil(n / 8);
}

export function allZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
