/**
 * What each chart shows and how its labels read: the parameter a loss's chart sweeps, the loss the
 * per-pixel figure and the FP × FN map are drawn for, the BCE reference line, marker and legend texts,
 * and the memo key of the map. Pure (tested in node); the chart controllers beside this file and the
 * charts card (src/ui/ChartsPanel.tsx) use them.
 */
import { TVERSKY_MAP_LOSSES, pixelCurveProblem, sweepableParams, tverskyIndexFromFocal } from '../../core/curveMath.ts';
import type { TverskyMapData } from '../../core/curveMath.ts';
import { lossInfo, nullLabel, resolveParams } from '../../core/registry.ts';
import type { LossId, ParamSet } from '../../core/types.ts';
import { formatValue } from '../../ui/format.ts';
import type { ChartMarker } from '../chartsStore.ts';
import type { Results } from '../types.ts';

/**
 * The parameter a loss's chart sweeps: `chosen` (the one last moved or picked) when it is a numeric
 * parameter of the loss, else its first main numeric parameter, else its first numeric one (eps).
 */
export function chartParamKey(id: LossId, chosen: string | undefined): string | null {
  const specs = sweepableParams(id);
  if (chosen && specs.some((p) => p.key === chosen)) return chosen;
  return (specs.find((p) => !p.advanced) ?? specs[0])?.key ?? null;
}

/** The loss highlighted on the per-pixel figure: the selected one when it has a per-pixel curve, else focal. */
export function pixelHighlightLoss(selected: LossId, params: ParamSet): { loss: LossId; note: string | null } {
  const problem = pixelCurveProblem(selected, params);
  if (problem === null) return { loss: selected, note: null };
  return { loss: 'focal', note: `${problem}; the focal loss at its current settings is highlighted instead.` };
}

/**
 * The BCE reference line for a parameter chart: drawn when it lies near the curve's range, otherwise
 * (it would flatten the curve) only named in a note. None on BCE's own chart, where the value at the
 * default plays that part (ParameterChart draws it when the current value is elsewhere).
 */
export function chooseReference(
  id: LossId,
  ys: ArrayLike<number>,
  current: number,
  bce: number | undefined,
): { reference: { label: string; value: number } | null; note: string | null } {
  if (id === 'bce' || bce === undefined || !Number.isFinite(bce)) return { reference: null, note: null };
  let lo = Number.isFinite(current) ? current : Infinity;
  let hi = Number.isFinite(current) ? current : -Infinity;
  for (let i = 0; i < ys.length; i++) {
    const v = ys[i] as number;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const label = `BCE = ${formatValue(bce, 4).text}`;
  if (!(hi >= lo)) return { reference: { label, value: bce }, note: null };
  const span = Math.max(hi - lo, 1e-9 * Math.max(1, Math.abs(hi)));
  if (bce >= lo - 1.5 * span && bce <= hi + 1.5 * span) return { reference: { label, value: bce }, note: null };
  return {
    reference: null,
    note: `BCE on this scene is ${formatValue(bce, 4).text}, ${bce > hi ? 'above' : 'below'} this range: not drawn, so that the curve keeps its shape.`,
  };
}

/** The loss the FP × FN map is drawn for: the selected one when it has both weights, else Tversky. */
export function mapLossFor(selected: LossId): LossId {
  return TVERSKY_MAP_LOSSES.includes(selected) ? selected : 'tversky';
}

const GREEK: Record<string, string> = {
  '\\alpha': 'α',
  '\\beta': 'β',
  '\\gamma': 'γ',
  '\\lambda': 'λ',
  '\\epsilon': 'ε',
  '\\gamma_{D}': 'γ_D',
  '\\gamma_{C}': 'γ_C',
};

/** A parameter value as the charts' labels show it: 3 significant digits, 1/3 and 4/3 as fractions. */
export function formatParamValue(v: number): string {
  if (Math.abs(v - 1 / 3) < 1e-12) return '1/3';
  if (Math.abs(v - 4 / 3) < 1e-12) return '4/3';
  return formatValue(v, 3)
    .text.replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** "γ = 2, α = 0.25": the main numeric parameters of a loss, for a legend. */
export function paramsText(id: LossId, params: ParamSet): string {
  const resolved = resolveParams(id, params);
  return lossInfo(id)
    .params.filter((p) => p.kind === 'number' && !p.advanced)
    .map((p) => {
      const v = resolved[p.key];
      const sym = GREEK[p.symbol] ?? p.key;
      if (v === null || v === undefined) {
        return `${sym}: ${nullLabel(p)}`;
      }
      return `${sym} = ${typeof v === 'number' ? formatParamValue(v) : String(v)}`;
    })
    .join(', ');
}

/** The label of the per-pixel highlight: which loss, its settings, and for which class of pixel. */
export function pixelHighlightLabel(id: LossId, params: ParamSet, label: 0 | 1): string {
  const settings = paramsText(id, params);
  return `${lossInfo(id).short}${settings ? ` (${settings})` : ''}, ${label === 1 ? 'foreground pixel' : 'background pixel'}`;
}

export interface HoveredPixel {
  x: number;
  y: number;
  g: 0 | 1;
  p: number;
  /** Probability of the pixel's true class: p where g = 1, 1 − p where g = 0. */
  pt: number;
}

/** The pixel under the pointer as the per-pixel figure sees it; null off the picture or where g is soft. */
export function hoveredPixel(
  results: Pick<Results, 'target' | 'pred' | 'height' | 'width'>,
  hover: { x: number; y: number } | null,
): HoveredPixel | null {
  if (!hover) return null;
  const { x, y } = hover;
  if (!(x >= 0 && y >= 0 && x < results.width && y < results.height)) return null;
  const i = y * results.width + x;
  const g = results.target[i];
  const p = results.pred[i];
  if (p === undefined || (g !== 0 && g !== 1)) return null;
  return { x, y, g, p, pt: g === 1 ? p : 1 - p };
}

/** The current masks on the focal Tversky figure: (TI, L) with TI = 1 − L^γ; null when L is not finite. */
export function focalTverskyMarker(value: number | undefined, gamma: number): ChartMarker | null {
  if (value === undefined || !Number.isFinite(value) || !(gamma > 0)) return null;
  const ti = tverskyIndexFromFocal(value, gamma);
  if (!Number.isFinite(ti)) return null;
  return {
    x: Math.min(1, Math.max(0, ti)),
    y: value,
    label: `current masks: TI = ${formatValue(ti, 3).text}, loss = ${formatValue(value, 3).text}`,
  };
}

/** A key for the map's curve: the loss, every resolved parameter but the two weights, the scene. */
export function mapMemoKey(id: LossId, params: ParamSet, sceneRev: number, gen: number): string {
  const resolved = resolveParams(id, params);
  const rest = Object.keys(resolved)
    .filter((k) => k !== 'fp_weight' && k !== 'fn_weight')
    .sort()
    .map((k) => [k, resolved[k]]);
  return JSON.stringify([id, rest, sceneRev, gen]);
}

/** The map with its marker moved to the current weights and the runner's value (the grid is kept). */
export function mapWithCurrent(data: TverskyMapData, params: ParamSet, value: number | undefined): TverskyMapData {
  const resolved = resolveParams(data.id, params);
  const fp = resolved['fp_weight'];
  const fn = resolved['fn_weight'];
  const current = {
    fp: typeof fp === 'number' ? fp : data.current.fp,
    fn: typeof fn === 'number' ? fn : data.current.fn,
    value: value !== undefined && Number.isFinite(value) ? value : data.current.value,
  };
  if (current.fp === data.current.fp && current.fn === data.current.fn && Object.is(current.value, data.current.value))
    return data;
  return { ...data, current };
}

/** The parameter spec a chart sweeps, for the picker (numeric parameters of the loss). */
export function chartParamChoices(id: LossId): { key: string; label: string; advanced: boolean }[] {
  return sweepableParams(id).map((p) => ({
    key: p.key,
    label: `${p.label} (${p.key})`,
    advanced: p.advanced === true,
  }));
}
