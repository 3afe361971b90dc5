/**
 * Abraham & Khan 2019, Figure 1, in both forms: the loss they define and train, (1 − TI)^(1/γ) (solid,
 * from the engine), and the curve their figure plots, 1 − TI^γ (dashed, a figure-only formula).
 */
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FocalTverskyFigureData } from '../../core/curveMath.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { tooltipContent } from './ChartTooltip.tsx';
import { FOCAL_TVERSKY_FIGURE_TITLE, focalTverskyFigureLabel } from './labels.ts';
import { useLegendRoom } from './SvgLegend.tsx';
import type { LegendItem } from './SvgLegend.tsx';
import { FigureLegend, liveHighlight, liveMarker } from './FigureLegend.tsx';
import type { FigureLive } from './FigureLegend.tsx';
import { dataLine, seriesColor, toRows } from './series.ts';
import { C, axisLabel, axisProps } from './theme.ts';
import { formatTick, formatValue, linearTicks } from './ticks.ts';
import { countRender } from '../renderCount.ts';
import { LiveLayer, drawCurve, drawMarker } from './LiveLayer.tsx';
import type { LiveFrame, LiveSource } from './LiveLayer.tsx';

export const TRAINED_LABEL = 'trained loss (1−TI)^(1/γ)';
export const PLOTTED_LABEL = 'paper’s plotted curve 1−TI^γ';
const PLOTTED_DASH = '7 5';

export interface FocalTverskyFigureProps {
  /** From focalTverskyFigure(engine): static, compute once. */
  data: FocalTverskyFigureData;
  /**
   * What moves, drawn without re-rendering the chart: the trained loss at the current γ on data.ti
   * (focalTverskyFigure(engine, [γ]).curves[0].trained), and the current masks as a point (TI, focal
   * Tversky loss; TI = 1 − L^γ, see tverskyIndexFromFocal).
   */
  live: LiveSource<FigureLive>;
  height?: number;
}

/** The highlighted curve's look, in the chart and in its legend. */
const HIGHLIGHT_LOOK = { color: C.accent, width: 3.5 };
const drawHighlight = (
  g: SVGGElement,
  curve: { xs: ArrayLike<number>; ys: ArrayLike<number> } | null,
  frame: LiveFrame,
) => drawCurve(g, curve, frame, HIGHLIGHT_LOOK);
const drawPoint = (g: SVGGElement, p: { x: number; y: number } | null, frame: LiveFrame) =>
  drawMarker(g, p, frame, { color: C.accent, ring: C.card });

export function FocalTverskyFigure({ data, live, height = 340 }: FocalTverskyFigureProps) {
  countRender('FocalTverskyFigure');
  // The figure's own curves, axes and grid depend on its data alone: the same elements while the
  // highlight (current γ) and the marker (the masks) follow the sliders, drawn by LiveLayers.
  const fixed = useMemo(() => {
    const columns: Record<string, ArrayLike<number>> = {};
    data.curves.forEach((c, j) => {
      columns[`t${j}`] = c.trained;
      columns[`p${j}`] = c.plotted;
    });
    const rows = toRows(data.ti, columns);
    const lines = data.curves.flatMap((c) => [dataLine(data.ti, c.trained), dataLine(data.ti, c.plotted)]);
    const ticks = linearTicks(0, 1, 5);
    const children = [
      <CartesianGrid key="grid" stroke={C.grid} strokeDasharray="3 3" />,
      <XAxis
        key="x"
        {...axisProps}
        dataKey="x"
        type="number"
        domain={[0, 1]}
        ticks={ticks}
        tickFormatter={formatTick}
        label={axisLabel('Tversky index TI', 'x')}
      />,
      <YAxis
        key="y"
        {...axisProps}
        type="number"
        domain={[0, 1]}
        ticks={ticks}
        tickFormatter={formatTick}
        width={52}
        label={axisLabel('loss', 'y')}
      />,
      ...data.curves.map((c, j) => (
        <Line
          key={`t${c.label}`}
          type="linear"
          dataKey={`t${j}`}
          name={`${c.label}, trained`}
          stroke={seriesColor(j)}
          strokeWidth={2.5}
          dot={false}
          isAnimationActive={false}
        />
      )),
      ...data.curves.map((c, j) => (
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
      )),
      <Tooltip key="tip" content={tooltipContent((x) => `TI = ${formatValue(x)}`)} isAnimationActive={false} />,
    ];
    return { rows, lines, children };
  }, [data]);
  const hl = useMemo(() => liveHighlight(live, data.ti), [live, data.ti]);
  const point = useMemo(() => liveMarker(live), [live]);
  const { room, onOverflow } = useLegendRoom(data);
  const items = useMemo(
    (): LegendItem[] => [
      ...data.curves.map((c, j) => ({ label: c.label, color: seriesColor(j) })),
      { label: TRAINED_LABEL, color: C.muted, width: 2.5 },
      { label: PLOTTED_LABEL, color: C.muted, width: 2, dash: PLOTTED_DASH },
    ],
    [data.curves],
  );
  return (
    <ChartFrame
      title={FOCAL_TVERSKY_FIGURE_TITLE}
      label={focalTverskyFigureLabel(data.curves.map((c) => c.label))}
      fileStem="focal-tversky-figure-1"
      caption={
        <>
          Solid: the loss the paper defines and trains, (1 − TI)<sup>1/γ</sup>, computed by the app. Dashed: what the
          paper’s Figure 1 plots, 1 − TI<sup>γ</sup> — a different curve, shown only to compare with the figure. γ = 1
          is the Tversky loss in both.
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
            xs={data.ti}
            highlightLook={HIGHLIGHT_LOOK}
            markerColor={C.accent}
            room={room}
            onOverflow={onOverflow}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
