/**
 * Abraham & Khan 2019, Figure 1, in both forms: the loss they define and train, (1 − TI)^(1/γ) (solid,
 * from the engine), and the curve their figure plots, 1 − TI^γ (dashed, a figure-only formula).
 */
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FocalTverskyFigureData } from '../../core/curveMath.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { tooltipContent } from './ChartTooltip.tsx';
import type { FigureCurve, FigureMarker } from './FocalFigure.tsx';
import { FOCAL_TVERSKY_FIGURE_TITLE, focalTverskyFigureLabel } from './labels.ts';
import { SvgLegend } from './SvgLegend.tsx';
import type { LegendItem } from './SvgLegend.tsx';
import { seriesColor, toRows } from './series.ts';
import { C, axisLabel, axisProps } from './theme.ts';
import { formatTick, formatValue, linearTicks } from './ticks.ts';
import { countRender } from '../renderCount.ts';

export const TRAINED_LABEL = 'trained loss (1−TI)^(1/γ)';
export const PLOTTED_LABEL = 'paper’s plotted curve 1−TI^γ';
const PLOTTED_DASH = '7 5';

export interface FocalTverskyFigureProps {
  /** From focalTverskyFigure(engine): static, compute once. */
  data: FocalTverskyFigureData;
  /** The trained loss at the current γ on data.ti: focalTverskyFigure(engine, [γ]).curves[0].trained. */
  highlight?: FigureCurve | null;
  /** The current masks: (TI, focal Tversky loss); TI = 1 − L^γ (see tverskyIndexFromFocal). */
  marker?: FigureMarker | null;
  height?: number;
}

export function FocalTverskyFigure({ data, highlight, marker, height = 340 }: FocalTverskyFigureProps) {
  countRender('FocalTverskyFigure');
  const hl = highlight?.ys;
  // Rows and the points the legend avoids follow the curves, not the marker.
  const { rows, avoid } = useMemo(() => {
    const columns: Record<string, ArrayLike<number>> = {};
    data.curves.forEach((c, j) => {
      columns[`t${j}`] = c.trained;
      columns[`p${j}`] = c.plotted;
    });
    if (hl) columns['hl'] = hl;
    const rows = toRows(data.ti, columns);
    const avoid: [number, number][] = [];
    for (const r of rows) for (const [k, v] of Object.entries(r)) if (k !== 'x' && v !== null) avoid.push([r.x, v]);
    return { rows, avoid };
  }, [data, hl]);
  const legend: LegendItem[] = [
    ...data.curves.map((c, j) => ({ label: c.label, color: seriesColor(j) })),
    { label: TRAINED_LABEL, color: C.muted, width: 2.5 },
    { label: PLOTTED_LABEL, color: C.muted, width: 2, dash: PLOTTED_DASH },
  ];
  if (highlight) legend.push({ label: highlight.label, color: C.accent, width: 3.5 });
  if (marker) legend.push({ label: marker.label, color: C.accent, marker: true });
  const ticks = linearTicks(0, 1, 5);
  return (
    <ChartFrame
      title={FOCAL_TVERSKY_FIGURE_TITLE}
      label={focalTverskyFigureLabel(data.curves.map((c) => c.label))}
      fileStem="focal-tversky-figure-1"
      caption={
        <>
          Solid: the loss the paper defines and trains, (1 − TI)<sup>1/γ</sup>, computed by the app. Dashed: what the paper’s Figure 1
          plots, 1 − TI<sup>γ</sup> — a different curve, shown only to compare with the figure. γ = 1 is the Tversky loss in both.
        </>
      }
    >
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={rows} margin={{ top: 12, right: 24, bottom: 30, left: 18 }} accessibilityLayer={false}>
          <CartesianGrid stroke={C.grid} strokeDasharray="3 3" />
          <XAxis {...axisProps} dataKey="x" type="number" domain={[0, 1]} ticks={ticks} tickFormatter={formatTick} label={axisLabel('Tversky index TI', 'x')} />
          <YAxis {...axisProps} type="number" domain={[0, 1]} ticks={ticks} tickFormatter={formatTick} width={52} label={axisLabel('loss', 'y')} />
          {data.curves.map((c, j) => (
            <Line key={`t${c.label}`} type="linear" dataKey={`t${j}`} name={`${c.label}, trained`} stroke={seriesColor(j)} strokeWidth={2.5} dot={false} isAnimationActive={false} />
          ))}
          {data.curves.map((c, j) => (
            <Line
              key={`p${c.label}`}
              type="linear"
              dataKey={`p${j}`}
              name={`${c.label}, paper’s plot`}
              stroke={seriesColor(j)}
              strokeWidth={2}
              strokeDasharray={PLOTTED_DASH}
              dot={false}
              isAnimationActive={false}
            />
          ))}
          {highlight && <Line type="linear" dataKey="hl" name={highlight.label} stroke={C.accent} strokeWidth={3.5} dot={false} isAnimationActive={false} />}
          {marker && Number.isFinite(marker.y) && <ReferenceDot x={marker.x} y={marker.y} r={7} fill={C.accent} stroke={C.card} strokeWidth={2.5} />}
          <Tooltip content={tooltipContent((x) => `TI = ${formatValue(x)}`)} isAnimationActive={false} />
          <SvgLegend items={legend} placement="auto" avoid={avoid} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
