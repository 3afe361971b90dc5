/** Accessible names and headings of the charts, from the registry. Pure, tested in node. */
import { lossInfo } from '../../core/registry.ts';
import type { LossId, NumberParamSpec } from '../../core/types.ts';
import type { ResponseQuantity } from '../../core/curveMath.ts';

export function parameterChartTitle(id: LossId, spec: NumberParamSpec): string {
  return `${lossInfo(id).short} vs ${spec.label}`;
}

export function parameterChartLabel(id: LossId, spec: NumberParamSpec): string {
  return `${lossInfo(id).name} against ${spec.label} (${spec.key}) for the current masks`;
}

export const FOCAL_FIGURE_TITLE = 'Focal loss per pixel (Lin et al. 2017, Fig. 1)';
export function focalFigureLabel(gammas: readonly string[]): string {
  return `Focal loss of one pixel against the probability of the ground-truth class, for ${gammas.join(', ')} (Lin et al. 2017, Figure 1)`;
}

export const FOCAL_TVERSKY_FIGURE_TITLE = 'Focal Tversky loss vs Tversky index (Abraham & Khan 2019, Fig. 1)';
export function focalTverskyFigureLabel(gammas: readonly string[]): string {
  return `Focal Tversky loss against the Tversky index for ${gammas.join(', ')}: the trained loss (1 − TI)^(1/γ) and the paper's plotted curve 1 − TI^γ`;
}

export function tverskyMapTitle(id: LossId): string {
  return `${lossInfo(id).short}: FP weight × FN weight`;
}

export function tverskyMapLabel(id: LossId): string {
  return `${lossInfo(id).name} over FP weight and FN weight for the current masks; click to set both weights`;
}

export const QUANTITY_LABEL: Record<ResponseQuantity, string> = {
  shift: 'Shift',
  temperature: 'Temperature',
  noise: 'Noise',
};

const QUANTITY_PHRASE: Record<ResponseQuantity, string> = {
  shift: 'a shift of the prediction',
  temperature: 'the temperature of the prediction',
  noise: 'noise added to the prediction',
};

export function responseChartTitle(quantity: ResponseQuantity): string {
  return `Every loss vs ${QUANTITY_LABEL[quantity].toLowerCase()}, normalised`;
}

export function responseChartLabel(quantity: ResponseQuantity): string {
  return `Every loss, normalised to [0, 1], against ${QUANTITY_PHRASE[quantity]}`;
}
