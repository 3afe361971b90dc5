/**
 * Every loss value with its parameters and the metrics of the thresholded prediction, as JSON and as
 * CSV. The page's "Export CSV/JSON" and the eval CLI's file mode write these same documents.
 */
import type { DerivativeSpace, LossId, ParamSet, ThresholdMetrics } from '../core/types.ts';
import { lossInfo } from '../core/registry.ts';

export interface LossValue {
  id: LossId;
  value: number;
  /** The parameters the value was computed with (all keys of the loss). */
  params: ParamSet;
}

export interface SceneReport {
  height: number;
  width: number;
  losses: LossValue[];
  metrics: ThresholdMetrics;
  /** Where the data came from (file names), when known. */
  source?: { target?: string; pred?: string };
}

export const METRIC_KEYS = [
  'dice',
  'iou',
  'precision',
  'recall',
  'hausdorff',
  'hd95',
] as const satisfies readonly (keyof ThresholdMetrics)[];

export const METRIC_NAMES: Record<(typeof METRIC_KEYS)[number], string> = {
  dice: 'Dice of the thresholded prediction',
  iou: 'IoU',
  precision: 'precision',
  recall: 'recall',
  hausdorff: 'Hausdorff distance (pixels)',
  hd95: 'HD95 (pixels)',
};

/** File names of the exports, shared by the page's buttons and the Python snippet's defaults. */
export const EXPORT_NAMES = {
  target: 'ground_truth.npy',
  pred: 'prediction.npy',
  gradient: (id: LossId, space: DerivativeSpace): string => `gradient_${id}_${space === 'prob' ? 'dp' : 'dz'}.npy`,
} as const;

/** JSON has no NaN or Infinity: such a value is written as null with a note (as the eval CLI does). */
function jsonNumber(v: number | null): { value: number | null; note?: string } {
  if (v === null || Number.isFinite(v)) return { value: v };
  return {
    value: null,
    note: `value is ${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'}, written as null (JSON has no non-finite numbers)`,
  };
}

export function reportObject(r: SceneReport): Record<string, unknown> {
  return {
    ...(r.source ? { source: r.source } : {}),
    height: r.height,
    width: r.width,
    losses: r.losses.map((l) => {
      const v = jsonNumber(l.value);
      return {
        id: l.id,
        name: lossInfo(l.id).name,
        value: v.value,
        params: l.params,
        ...(v.note ? { note: v.note } : {}),
      };
    }),
    metrics: Object.fromEntries(METRIC_KEYS.map((k) => [k, r.metrics[k]])),
  };
}

export function reportJson(r: SceneReport): string {
  return `${JSON.stringify(reportObject(r), null, 2)}\n`;
}

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Numbers at full precision (they parse back to the same double); non-finite as NaN / Infinity; null empty. */
export function csvNumber(v: number | null): string {
  return v === null ? '' : String(v);
}

/** "gamma=2; alpha=0.25; eps=1e-7" (null written as null, booleans as true/false). */
export function paramsText(params: ParamSet): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v === null ? 'null' : String(v)}`)
    .join('; ');
}

/** One row per loss (kind "loss"), then one per metric (kind "metric"): kind,id,name,value,parameters. */
export function reportCsv(r: SceneReport): string {
  const rows = [['kind', 'id', 'name', 'value', 'parameters']];
  for (const l of r.losses) rows.push(['loss', l.id, lossInfo(l.id).name, csvNumber(l.value), paramsText(l.params)]);
  for (const k of METRIC_KEYS) rows.push(['metric', k, METRIC_NAMES[k], csvNumber(r.metrics[k]), '']);
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
