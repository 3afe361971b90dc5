/** Shared recharts styling: CSS variables (set on .chart-card, see charts.css) so both themes work. */
import { DefaultZIndexes } from 'recharts';
import type { Axis } from '../../core/types.ts';
import { FitXLabel } from './FitLabels.tsx';

export const FONT = 14;
export const AXIS_LABEL_FONT = 15;

export const C = {
  fg: 'var(--chart-fg)',
  muted: 'var(--chart-muted)',
  faint: 'var(--chart-faint)',
  grid: 'var(--chart-grid)',
  axis: 'var(--chart-axis)',
  accent: 'var(--chart-accent)',
  card: 'var(--chart-card)',
  band: 'var(--chart-band)',
} as const;

/**
 * The light theme's chart colours (src/styles/tokens.css, the fallbacks in charts.css): every export uses them,
 * whatever the page's theme, because a figure goes onto a slide or a page, which is light.
 */
export const EXPORT_COLORS = {
  '--chart-fg': '#1a2029',
  '--chart-muted': '#5b6675',
  '--chart-faint': '#8a94a3',
  '--chart-grid': '#e1e4e9',
  '--chart-axis': '#c9ced6',
  '--chart-accent': '#4f46c2',
  '--chart-card': '#ffffff',
  '--chart-band': 'rgba(79, 70, 194, 0.09)',
} as const;

export const axisProps = {
  stroke: C.axis,
  tick: { fill: C.muted, fontSize: FONT },
  tickLine: { stroke: C.axis },
  allowDataOverflow: true,
} as const;

export function axisLabel(value: string, axis: Axis) {
  return axis === 'x'
    ? {
        value,
        position: 'insideBottom' as const,
        offset: -14,
        fill: C.fg,
        fontSize: AXIS_LABEL_FONT,
        content: FitXLabel,
      }
    : {
        value,
        angle: -90,
        position: 'insideLeft' as const,
        offset: 4,
        fill: C.fg,
        fontSize: AXIS_LABEL_FONT,
        style: { textAnchor: 'middle' as const },
      };
}

export function refLabel(
  value: string,
  position:
    | 'insideTopLeft'
    | 'insideTopRight'
    | 'insideBottomLeft'
    | 'insideBottomRight'
    | 'top'
    | 'insideTop'
    | 'right'
    | 'left',
  fill: string = C.muted,
) {
  // The halo (the card's colour under the text) keeps the label readable where a curve crosses it.
  return {
    value,
    position,
    fill,
    fontSize: 13,
    stroke: C.card,
    strokeWidth: 4,
    style: { paintOrder: 'stroke' },
    zIndex: DefaultZIndexes.label,
  };
}
