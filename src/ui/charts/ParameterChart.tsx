/** The selected loss against the parameter being dragged, for the current masks. */
import { memo, useCallback, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ParameterCurve } from '../../core/curveMath.ts';
import { lossInfo, nullLabel } from '../../core/registry.ts';
import { ChartEmpty, ChartFrame } from './ChartFrame.tsx';
import { tooltipContent } from './ChartTooltip.tsx';
import { parameterChartLabel, parameterChartTitle } from './labels.ts';
import { SvgLegend, useLegendRoom } from './SvgLegend.tsx';
import type { LegendItem } from './SvgLegend.tsx';
import { toRows } from './series.ts';
import { C, axisLabel, axisProps, refLabel } from './theme.ts';
import { formatTick, formatValue, linearTicks, logTicks, paddedDomain } from './ticks.ts';
import { countRender } from '../renderCount.ts';
import { LiveLayer, constantSource, drawMarker } from './LiveLayer.tsx';
import type { LiveFrame, LiveSource } from './LiveLayer.tsx';
import { labelBox, pixelLines } from './geometry.ts';
import type { Point, Rect } from './geometry.ts';

/** Where the current value sits: x = the parameter (null: its "auto" value), y = the loss. */
export interface ParamPoint {
  x: number | null;
  y: number;
}

export interface ParameterChartProps {
  /** From parameterCurve(); null while there is nothing to draw (no scene yet). */
  curve: ParameterCurve | null;
  /** A horizontal reference, e.g. { label: 'BCE', value: results.values.bce }; omit on BCE's own chart. */
  reference?: { label: string; value: number } | null;
  /**
   * The current point as it changes (every evaluation): drawn over the chart without re-rendering it.
   * Absent: the curve's own current point.
   */
  live?: LiveSource<ParamPoint | null>;
  height?: number;
}

/** The curve's rows and its line as the legend avoids it (a gap where it has no value): they change with the curve, not with its marker. */
function useCurveRows(curve: ParameterCurve | null) {
  const xs = curve?.xs;
  const ys = curve?.ys;
  return useMemo(() => {
    const rows = xs && ys ? toRows(xs, { y: ys }) : [];
    const line: Point[] = rows.map((r) => [r.x, r.y ?? Number.NaN]);
    return { rows, line };
  }, [xs, ys]);
}

/** A parameter value as the chart writes it; null is the parameter's "auto" meaning. */
function valueText(spec: ParameterCurve['spec'], v: number | null): string {
  return v === null ? nullLabel(spec) : formatValue(v);
}

/**
 * The default line's label where recharts puts it ('insideTopLeft', offset 5: its top 5 px under the
 * line, its baseline ≈ 0.71 em lower): the marker's label keeps clear of it.
 */
function defaultLabelBox(text: string, frame: LiveFrame, y: number): Rect[] {
  const py = frame.y(y);
  if (py === undefined || !Number.isFinite(py)) return [];
  return [labelBox(text, frame.area.x + 5, py + 15, 'start')];
}

/** A horizontal line across the x range, as the legend avoids it. */
const across = (x0: number, x1: number, y: number): Point[] => [
  [x0, y],
  [x1, y],
];

function ParameterChartView({ curve, reference, live, height = 320 }: ParameterChartProps) {
  countRender('ParameterChart');
  const { rows, line: curveLine } = useCurveRows(curve);
  const fixed = useMemo(() => constantSource<ParamPoint | null>(curve ? curve.current : null), [curve]);
  const key = curve?.spec.key ?? '';
  const defaultText = curve ? `default ${valueText(curve.spec, curve.atDefault.x)}` : '';
  const defaultY = curve?.atDefault.y ?? Number.NaN;
  const drawCurrent = useCallback(
    (g: SVGGElement, p: ParamPoint | null, frame: LiveFrame) => {
      const label = p && p.x !== null ? `${key} = ${formatValue(p.x)}` : undefined;
      drawMarker(g, p ? { ...p, label } : null, frame, {
        color: C.accent,
        ring: C.card,
        guide: true,
        keepClear: (f) => defaultLabelBox(defaultText, f, defaultY),
        keepClearLines: (f) => pixelLines([curveLine], f.x, f.y),
      });
    },
    [key, defaultText, defaultY, curveLine],
  );
  const choices = curve ? (curve.spec.choices?.length ? curve.spec.choices : null) : null;
  const name = curve ? lossInfo(curve.id).short : '';
  const xMin = curve ? (choices ? Math.min(...choices) : curve.spec.min) : 0;
  const xMax = curve ? (choices ? Math.max(...choices) : curve.spec.max) : 1;
  const refValue = reference && Number.isFinite(reference.value) ? reference.value : null;
  // An "auto" current value is a dashed line across the plot (the LiveLayer), at a y that re-renders the chart.
  const flatY = curve && curve.current.x === null ? curve.current.y : Number.NaN;
  // What the legend keeps clear: the curve, the reference and default lines, a flat current value.
  const avoid = useMemo(() => {
    const lines: Point[][] = [curveLine, across(xMin, xMax, defaultY), across(xMin, xMax, flatY)];
    if (refValue !== null) lines.push(across(xMin, xMax, refValue));
    return lines;
  }, [curveLine, xMin, xMax, defaultY, flatY, refValue]);
  const { room, onOverflow } = useLegendRoom(avoid);
  // The same element while the curve's look is unchanged: recharts then skips the line (and its path
  // measuring) when only the marker moves.
  const line = useMemo(
    () => (
      <Line
        type="linear"
        dataKey="y"
        name={name}
        stroke={C.accent}
        strokeWidth={3}
        dot={choices ? { r: 4, fill: C.accent, stroke: C.card } : false}
        activeDot={{ r: 5, fill: C.accent, stroke: C.card }}
        isAnimationActive={false}
        connectNulls={false}
      />
    ),
    [name, choices],
  );
  if (!curve) {
    return (
      <ChartFrame title="Loss vs parameter" label="Loss against a parameter: nothing to plot yet">
        <ChartEmpty>Paint a ground truth and a prediction to see this chart.</ChartEmpty>
      </ChartFrame>
    );
  }
  const info = lossInfo(curve.id);
  const { spec, current, atDefault } = curve;
  const isLog = curve.scale === 'log' && xMin > 0;
  const xTicks = choices ? [...choices] : isLog ? logTicks(xMin, xMax) : linearTicks(xMin, xMax, 6);
  const ref = reference && Number.isFinite(reference.value) ? reference : null;
  const y = paddedDomain([...curve.ys, current.y, atDefault.y, ref?.value ?? null]);
  const xText = (v: number | null) => valueText(spec, v);

  // The legend names the current point without its value: the value moves with the dot (LiveLayer),
  // and a legend that changed on every input would redraw the chart on every input.
  const legend: LegendItem[] = [
    { label: info.short, color: C.accent, width: 3 },
    current.x === null
      ? { label: `current ${spec.key}: ${xText(null)}`, color: C.accent, dash: '8 4' }
      : { label: `current ${spec.key}`, color: C.accent, marker: true },
    { label: `at default ${spec.key} = ${xText(atDefault.x)}`, color: C.muted, dash: '7 5', width: 2 },
  ];
  if (ref) legend.push({ label: ref.label, color: C.faint, dash: '2 5', width: 2.5 });

  return (
    <ChartFrame
      title={parameterChartTitle(curve.id, spec)}
      label={parameterChartLabel(curve.id, spec)}
      fileStem={`${curve.id}-vs-${spec.key}`}
      caption={
        <>
          Every other parameter stays as set. {isLog ? 'Logarithmic x axis. ' : ''}
          {spec.doc}
        </>
      }
    >
      <ResponsiveContainer width="100%" height={height + room}>
        <LineChart data={rows} margin={{ top: 12, right: 24, bottom: 30 + room, left: 18 }} accessibilityLayer={false}>
          <CartesianGrid stroke={C.grid} strokeDasharray="3 3" />
          <XAxis
            {...axisProps}
            dataKey="x"
            type="number"
            scale={isLog ? 'log' : 'linear'}
            domain={[xMin, xMax]}
            ticks={xTicks}
            tickFormatter={formatTick}
            label={axisLabel(`${spec.label} (${spec.key})`, 'x')}
          />
          <YAxis
            {...axisProps}
            type="number"
            domain={y.domain}
            ticks={y.ticks}
            tickFormatter={formatTick}
            width={64}
            label={axisLabel(info.short, 'y')}
          />
          {/* Named in the legend only: a label on the line itself collided with the legend box. */}
          {ref && <ReferenceLine y={ref.value} stroke={C.faint} strokeWidth={2} strokeDasharray="2 5" />}
          <ReferenceLine
            y={atDefault.y}
            stroke={C.muted}
            strokeWidth={1.5}
            strokeDasharray="7 5"
            label={refLabel(defaultText, 'insideTopLeft')}
          />
          {line}
          <LiveLayer source={live ?? fixed} draw={drawCurrent} className="live-current" />
          <Tooltip content={tooltipContent((x) => `${spec.key} = ${formatValue(x)}`)} isAnimationActive={false} />
          <SvgLegend items={legend} placement="auto" avoid={avoid} room={room} onOverflow={onOverflow} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/**
 * Props that differ only in where the current point is draw the same chart: with a live source the dot
 * moves by itself, so such a change does not re-render the chart (nor recharts under it).
 */
function sameDrawing(a: ParameterChartProps, b: ParameterChartProps): boolean {
  const p = a.curve;
  const q = b.curve;
  const sameCurve =
    p === q ||
    (p !== null &&
      q !== null &&
      b.live !== undefined &&
      p.id === q.id &&
      p.key === q.key &&
      p.spec === q.spec &&
      p.xs === q.xs &&
      p.ys === q.ys &&
      p.scale === q.scale &&
      p.atDefault.x === q.atDefault.x &&
      Object.is(p.atDefault.y, q.atDefault.y) &&
      (p.current.x === null) === (q.current.x === null) &&
      (q.current.x !== null || Object.is(p.current.y, q.current.y)));
  const sameRef =
    a.reference === b.reference ||
    (a.reference?.label === b.reference?.label && Object.is(a.reference?.value, b.reference?.value));
  return sameCurve && sameRef && a.live === b.live && a.height === b.height;
}

export const ParameterChart = memo(ParameterChartView, sameDrawing);
