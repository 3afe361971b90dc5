/** Lin et al. 2017, Figure 1: focal loss of one pixel against the probability of its true class. */
import { useCallback, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FocalFigureData } from '../../core/curveMath.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { tooltipContent } from './ChartTooltip.tsx';
import { FOCAL_FIGURE_TITLE, focalFigureLabel } from './labels.ts';
import { BandLabel } from './FitLabels.tsx';
import { useLegendRoom } from './SvgLegend.tsx';
import type { LegendItem } from './SvgLegend.tsx';
import { FigureLegend, liveHighlight, liveMarker } from './FigureLegend.tsx';
import type { FigureLive } from './FigureLegend.tsx';
import { dataLine, seriesColor, toRows } from './series.ts';
import type { Corner } from './geometry.ts';
import { C, axisLabel, axisProps } from './theme.ts';
import { formatTick, formatValue, linearTicks } from './ticks.ts';
import { countRender } from '../renderCount.ts';
import { LiveLayer, drawCurve, drawMarker } from './LiveLayer.tsx';
import type { LiveFrame, LiveSource } from './LiveLayer.tsx';

const drawPoint = (g: SVGGElement, p: { x: number; y: number } | null, frame: LiveFrame) =>
  drawMarker(g, p, frame, { color: C.accent, ring: C.card });
/** The highlighted curve's look, in the chart and in its legend. */
const HIGHLIGHT_LOOK = { color: C.accent, width: 3.5, dash: '9 4' };
const drawHighlight = (
  g: SVGGElement,
  curve: { xs: ArrayLike<number>; ys: ArrayLike<number> } | null,
  frame: LiveFrame,
) => drawCurve(g, curve, frame, HIGHLIGHT_LOOK);

/** The legend's first choice is the top right, where the curves are low (below the band's label). */
const LEGEND_CORNERS: readonly Corner[] = ['top-right', 'bottom-left', 'top-left', 'bottom-right'];

export interface FocalFigureProps {
  /** From focalPaperFigure(engine): static, compute once. */
  data: FocalFigureData;
  /**
   * What moves: the selected loss's curve on data.pt at its current settings, and a point (the pixel under
   * the pointer: p_t, its per-pixel loss). Drawn without re-rendering the chart.
   */
  live: LiveSource<FigureLive>;
  height?: number;
}

export function FocalFigure({ data, live, height = 340 }: FocalFigureProps) {
  countRender('FocalFigure');
  const [y0, y1] = data.yDomain;
  // Everything but the highlight, the marker and the legend depends on the figure's data alone: the
  // same elements while the highlight follows a slider, so recharts keeps its lines and axes as drawn.
  const fixed = useMemo(() => {
    const columns: Record<string, ArrayLike<number>> = {};
    data.curves.forEach((c, j) => {
      columns[`c${j}`] = c.ys;
    });
    return {
      rows: toRows(data.pt, columns),
      lines: data.curves.map((c) => dataLine(data.pt, c.ys)),
      children: [
        <CartesianGrid key="grid" stroke={C.grid} strokeDasharray="3 3" />,
        <ReferenceArea
          key="band"
          x1={data.wellClassified[0]}
          x2={data.wellClassified[1]}
          y1={y0}
          y2={y1}
          fill={C.band}
          fillOpacity={1}
          stroke="none"
          label={{
            value: 'well-classified examples',
            position: 'insideTop',
            fill: C.muted,
            fontSize: 14,
            offset: 10,
            content: BandLabel,
          }}
        />,
        <XAxis
          key="x"
          {...axisProps}
          dataKey="x"
          type="number"
          domain={[0, 1]}
          ticks={linearTicks(0, 1, 5)}
          tickFormatter={formatTick}
          label={axisLabel('probability of ground truth class', 'x')}
        />,
        <YAxis
          key="y"
          {...axisProps}
          type="number"
          domain={[y0, y1]}
          ticks={linearTicks(y0, y1, 5)}
          tickFormatter={formatTick}
          width={52}
          label={axisLabel('loss', 'y')}
        />,
        ...data.curves.map((c, j) => (
          <Line
            key={c.label}
            type="linear"
            dataKey={`c${j}`}
            name={c.label}
            stroke={seriesColor(j)}
            strokeWidth={2.5}
            dot={false}
            isAnimationActive={false}
          />
        )),
        <Tooltip key="tip" content={tooltipContent((x) => `p_t = ${formatValue(x)}`)} isAnimationActive={false} />,
      ],
    };
  }, [data, y0, y1]);
  const hl = useMemo(() => liveHighlight(live, data.pt), [live, data.pt]);
  const clipY = useCallback((y: number) => Math.min(y1, y), [y1]);
  const point = useMemo(() => liveMarker(live, clipY), [live, clipY]);
  const { room, onOverflow } = useLegendRoom(data);
  const items = useMemo(
    () => data.curves.map((c, j): LegendItem => ({ label: c.label, color: seriesColor(j) })),
    [data.curves],
  );
  return (
    <ChartFrame
      title={FOCAL_FIGURE_TITLE}
      label={focalFigureLabel(data.curves.map((c) => c.label))}
      fileStem="focal-loss-figure-1"
      caption={
        <>
          FL(p<sub>t</sub>) = −(1 − p<sub>t</sub>)<sup>γ</sup> ln p<sub>t</sub>, no α, from the app’s focal loss on one
          pixel. γ = 0 is cross-entropy; larger γ quiets the well-classified pixels.
        </>
      }
    >
      <ResponsiveContainer width="100%" height={height + room}>
        <LineChart
          data={fixed.rows}
          margin={{ top: 12, right: 24, bottom: 30 + room, left: 18 }}
          accessibilityLayer={false}
        >
          {fixed.children}
          <LiveLayer source={hl} draw={drawHighlight} className="live-highlight" />
          <LiveLayer source={point} draw={drawPoint} className="live-marker" />
          <FigureLegend
            live={live}
            items={items}
            lines={fixed.lines}
            xs={data.pt}
            highlightLook={HIGHLIGHT_LOOK}
            markerColor={C.accent}
            markerY={clipY}
            corners={LEGEND_CORNERS}
            offsetY={30}
            room={room}
            onOverflow={onOverflow}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
