/** The words under a slide's heatmap: the loss, its value, every parameter and the map's scale. Pure. */
import { lossInfo, nullLabel } from '../../core/registry.ts';
import type { LossId, ParamSet } from '../../core/types.ts';
import { formatParam, formatValue } from '../format.ts';

/** "Dice loss = 0.36647 · smooth = 1, squared = false …": parameters by their canonical keys (the link's and the CLI's names). */
export function slideCaption(id: LossId, value: number | undefined, params: ParamSet | undefined): string {
  const info = lossInfo(id);
  const parts = info.params.map((spec) => {
    const v = params?.[spec.key] ?? spec.default;
    if (v === null) return `${spec.key} = ${spec.kind === 'number' ? nullLabel(spec) : 'off'}`;
    return `${spec.key} = ${typeof v === 'number' ? formatParam(v) : String(v)}`;
  });
  const shown = value === undefined ? '…' : formatValue(value, 5).text;
  return `${info.name} = ${shown}${parts.length ? ` · ${parts.join(', ')}` : ''}`;
}
