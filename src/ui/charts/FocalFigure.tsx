/** Lin et al. 2017, Figure 1: focal loss of one pixel against the probability of its true class. */
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FocalFigureData } from '../../core/curveMath.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { tooltipContent } from './ChartTooltip.tsx';
import { FOCAL_FIGURE_TITLE, focalFigureLabel } from './labels.ts';
import { SvgLegend } from './SvgLegend.tsx';
import type { LegendItem } from './SvgLegend.tsx';
import { seriesColor, toRows } from './series.ts';
import { C, axisLabel, axisProps } from './theme.ts';
import { formatTick, formatValue, linearTicks } from './ticks.ts';
import { countRender } from '../renderCount.ts';

export interface FigureCurve {
  label: string;
  /** On the figure's own x grid (data.pt). */
  ys: ArrayLike<number>;
}

export interface FigureMarker {
  x: number;
  y: number;
  label: string;
}

export interface FocalFigureProps {
  /** From focalPaperFigure(engine): static, compute once. */
  data: FocalFigureData;
  /** An extra curve on the same grid, e.g. the current γ and α: pixelLossCurve(engine, 'focal', params, data.pt, 1). */
  highlight?: FigureCurve | null;
  /** A point, e.g. the pixel under the pointer: (p_t, its per-pixel loss). */
  marker?: FigureMarker | null;
  height?: number;
}

export function FocalFigure({ data, highlight, marker, height = 340 }: FocalFigureProps) {
  countRender('FocalFigure');
  const hl = highlight?.ys;
  // Rows follow the curves, not the marker (which moves with the pointer).
  const rows = useMemo(() => {
    const columns: Record<string, ArrayLike<number>> = {};
    data.curves.forEach((c, j) => {
      columns[`c${j}`] = c.ys;
    });
    if (hl) columns['hl'] = hl;
    return toRows(data.pt, columns);
  }, [data, hl]);
  const [y0, y1] = data.yDomain;
  const legend: LegendItem[] = data.curves.map((c, j) => ({ label: c.label, color: seriesColor(j) }));
  if (highlight) legend.push({ label: highlight.label, color: C.accent, width: 3.5, dash: '9 4' });
  if (marker) legend.push({ label: marker.label, color: C.accent, marker: true });
  return (
    <ChartFrame
      title={FOCAL_FIGURE_TITLE}
      label={focalFigureLabel(data.curves.map((c) => c.label))}
      fileStem="focal-loss-figure-1"
      caption={<>FL(p<sub>t</sub>) = −(1 − p<sub>t</sub>)<sup>γ</sup> ln p<sub>t</sub>, no α, from the app’s focal loss on one pixel. γ = 0 is cross-entropy; larger γ quiets the well-classified pixels.</>}
    >
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={rows} margin={{ top: 12, right: 24, bottom: 30, left: 18 }} accessibilityLayer={false}>
          <CartesianGrid stroke={C.grid} strokeDasharray="3 3" />
          <ReferenceArea
            x1={data.wellClassified[0]}
            x2={data.wellClassified[1]}
            y1={y0}
            y2={y1}
            fill={C.band}
            fillOpacity={1}
            stroke="none"
            label={{ value: 'well-classified examples', position: 'insideTop', fill: C.muted, fontSize: 14, offset: 10 }}
          />
          <XAxis {...axisProps} dataKey="x" type="number" domain={[0, 1]} ticks={linearTicks(0, 1, 5)} tickFormatter={formatTick} label={axisLabel('probability of ground truth class', 'x')} />
          <YAxis {...axisProps} type="number" domain={[y0, y1]} ticks={linearTicks(y0, y1, 5)} tickFormatter={formatTick} width={52} label={axisLabel('loss', 'y')} />
          {data.curves.map((c, j) => (
            <Line key={c.label} type="linear" dataKey={`c${j}`} name={c.label} stroke={seriesColor(j)} strokeWidth={2.5} dot={false} isAnimationActive={false} />
          ))}
          {highlight && <Line type="linear" dataKey="hl" name={highlight.label} stroke={C.accent} strokeWidth={3.5} strokeDasharray="9 4" dot={false} isAnimationActive={false} />}
          {marker && Number.isFinite(marker.y) && (
            <ReferenceDot x={marker.x} y={Math.min(y1, marker.y)} r={7} fill={C.accent} stroke={C.card} strokeWidth={2.5} />
          )}
          <Tooltip content={tooltipContent((x) => `p_t = ${formatValue(x)}`)} isAnimationActive={false} />
          <SvgLegend items={legend} placement="top-right" offsetY={30} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
