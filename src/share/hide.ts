/**
 * Classroom flags: controls a teacher may hide in a shared link (like TensorFlow Playground's `_hide`
 * fields). Data only; the UI decides what each flag hides, by these ids. Ids are part of the link format
 * (docs/share-links.md): add new ones, never rename or remove one.
 */
import { LOSSES } from '../core/registry.ts';
import type { LossId } from '../core/types.ts';

export interface HideFlagInfo {
  /** Stable id, as it appears in links. */
  readonly id: string;
  /** Label for the "Share for class" dialog. */
  readonly label: string;
  /** What disappears when the flag is set. */
  readonly hides: string;
}

export const HIDE_FLAGS = [
  { id: 'presets', label: 'Presets', hides: 'The preset buttons (the scene cannot be swapped for a preset).' },
  {
    id: 'paint-target',
    label: 'Painting the ground truth',
    hides: 'Painting, shapes and layer operations on the ground-truth layer.',
  },
  {
    id: 'paint-pred',
    label: 'Painting the prediction',
    hides: 'Painting, shapes and operations (temperature, noise, shift, blur) on the prediction.',
  },
  { id: 'tools', label: 'Tool bar', hides: 'The tool bar: brush, eraser, shapes, brush settings, undo and redo.' },
  { id: 'grid', label: 'Grid size', hides: 'The grid-size selector.' },
  {
    id: 'params',
    label: 'All parameter sliders',
    hides: 'The whole parameter panel (see param:<loss>.<key> for single sliders).',
  },
  { id: 'conventions', label: 'Conventions', hides: 'The convention bar (survey, papers, MONAI, smp, Keras).' },
  { id: 'table', label: 'Loss table', hides: 'The table of all losses (the selected loss stays on screen).' },
  { id: 'heatmap', label: 'Gradient heatmaps', hides: 'The gradient heatmaps and small multiples.' },
  { id: 'metrics', label: 'Metrics', hides: 'The thresholded metrics row (Dice, IoU, precision, recall, Hausdorff).' },
  { id: 'charts', label: 'Charts', hides: 'All charts (parameter curves, per-pixel curves, 2-D maps).' },
  {
    id: 'formula',
    label: 'Formula and conventions text',
    hides: 'The formula, its convention note and "when to use".',
  },
  { id: 'share', label: 'Share', hides: 'The "Copy link" button and the "Share for class" dialog.' },
] as const satisfies readonly HideFlagInfo[];

export type ControlHideFlag = (typeof HIDE_FLAGS)[number]['id'];
/** Hides one parameter slider: `param:<lossId>.<key>` with a canonical loss id and parameter key. */
export type ParamHideFlag = `param:${LossId}.${string}`;
export type HideFlag = ControlHideFlag | ParamHideFlag;

export interface ParamHideFlagInfo extends HideFlagInfo {
  readonly id: ParamHideFlag;
  readonly loss: LossId;
  readonly key: string;
}

export function paramHideFlag(loss: LossId, key: string): ParamHideFlag {
  return `param:${loss}.${key}`;
}

/** One flag per parameter of every loss in the registry, in registry order. */
export const PARAM_HIDE_FLAGS: readonly ParamHideFlagInfo[] = LOSSES.flatMap((l) =>
  l.params.map((p) => ({
    id: paramHideFlag(l.id, p.key),
    loss: l.id,
    key: p.key,
    label: `${l.short}: ${p.label}`,
    hides: `The ${p.label} slider of ${l.name}.`,
  })),
);

/** Every valid flag, in canonical order (controls first, then parameters in registry order). */
export const ALL_HIDE_FLAGS: readonly HideFlag[] = [
  ...HIDE_FLAGS.map((f) => f.id),
  ...PARAM_HIDE_FLAGS.map((f) => f.id),
];

const ORDER = new Map<string, number>(ALL_HIDE_FLAGS.map((id, i) => [id, i]));

export function isHideFlag(value: unknown): value is HideFlag {
  return typeof value === 'string' && ORDER.has(value);
}

/** Valid flags, deduplicated, in canonical order (invalid ones are dropped). */
export function normalizeHide(flags: readonly unknown[]): HideFlag[] {
  const seen = new Set<HideFlag>();
  for (const f of flags) if (isHideFlag(f)) seen.add(f);
  return [...seen].sort((a, b) => ORDER.get(a)! - ORDER.get(b)!);
}
