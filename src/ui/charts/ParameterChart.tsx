/** The selected loss against the parameter being dragged, for the current masks. */
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ParameterCurve } from '../../core/curveMath.ts';
import { lossInfo } from '../../core/registry.ts';
import { ChartEmpty, ChartFrame } from './ChartFrame.tsx';
import { tooltipContent } from './ChartTooltip.tsx';
import { parameterChartLabel, parameterChartTitle } from './labels.ts';
import { SvgLegend } from './SvgLegend.tsx';
import type { LegendItem } from './SvgLegend.tsx';
import { toRows } from './series.ts';
import { C, axisLabel, axisProps, refLabel } from './theme.ts';
import { formatTick, formatValue, linearTicks, logTicks, paddedDomain } from './ticks.ts';
import { countRender } from '../renderCount.ts';

export interface ParameterChartProps {
  /** From parameterCurve(); null while there is nothing to draw (no scene yet). */
  curve: ParameterCurve | null;
  /** A horizontal reference, e.g. { label: 'BCE', value: results.values.bce }; omit on BCE's own chart. */
  reference?: { label: string; value: number } | null;
  height?: number;
}

/** The curve's rows and the points the legend avoids: they change with the curve, not with its marker. */
function useCurveRows(curve: ParameterCurve | null) {
  const xs = curve?.xs;
  const ys = curve?.ys;
  return useMemo(() => {
    const rows = xs && ys ? toRows(xs, { y: ys }) : [];
    const points: [number, number][] = rows.flatMap((r) => (r.y === null ? [] : [[r.x, r.y] as [number, number]]));
    return { rows, points };
  }, [xs, ys]);
}

export function ParameterChart({ curve, reference, height = 320 }: ParameterChartProps) {
  countRender('ParameterChart');
  const { rows, points } = useCurveRows(curve);
  const choices = curve ? (curve.spec.choices?.length ? curve.spec.choices : null) : null;
  const name = curve ? lossInfo(curve.id).short : '';
  // The same element while the curve's look is unchanged: recharts then skips the line (and its path
  // measuring) when only the marker moves.
  const line = useMemo(() => (
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
  ), [name, choices]);
  if (!curve) {
    return (
      <ChartFrame title="Loss vs parameter" label="Loss against a parameter: nothing to plot yet">
        <ChartEmpty>Paint a ground truth and a prediction to see this chart.</ChartEmpty>
      </ChartFrame>
    );
  }
  const info = lossInfo(curve.id);
  const { spec, current, atDefault } = curve;
  const xMin = choices ? Math.min(...choices) : spec.min;
  const xMax = choices ? Math.max(...choices) : spec.max;
  const isLog = curve.scale === 'log' && xMin > 0;
  const xTicks = choices ? [...choices] : isLog ? logTicks(xMin, xMax) : linearTicks(xMin, xMax, 6);
  const ref = reference && Number.isFinite(reference.value) ? reference : null;
  const sameAsDefault = current.x === atDefault.x;
  const y = paddedDomain([...curve.ys, current.y, atDefault.y, ref?.value ?? null]);
  const xText = (v: number | null) => (v === null ? (spec.nullMeaning?.split(/[:(]/)[0]?.trim() ?? 'auto') : formatValue(v));

  const avoid: [number, number][] = [...points];
  if (ref) for (const x of xTicks) avoid.push([x, ref.value]);
  if (!sameAsDefault) for (const x of xTicks) avoid.push([x, atDefault.y]);
  const legend: LegendItem[] = [
    { label: info.short, color: C.accent, width: 3 },
    { label: `current ${spec.key} = ${xText(current.x)}${sameAsDefault ? ' (default)' : ''}`, color: C.accent, marker: current.x !== null, dash: current.x === null ? '8 4' : undefined },
  ];
  if (!sameAsDefault) legend.push({ label: `at default ${spec.key} = ${xText(atDefault.x)}`, color: C.muted, dash: '7 5', width: 2 });
  if (ref) legend.push({ label: ref.label, color: C.faint, dash: '2 5', width: 2.5 });

  return (
    <ChartFrame
      title={parameterChartTitle(curve.id, spec)}
      label={parameterChartLabel(curve.id, spec)}
      fileStem={`${curve.id}-vs-${spec.key}`}
      caption={<>Every other parameter stays as set. {isLog ? 'Logarithmic x axis. ' : ''}{spec.doc}</>}
    >
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={rows} margin={{ top: 12, right: 24, bottom: 30, left: 18 }} accessibilityLayer={false}>
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
          <YAxis {...axisProps} type="number" domain={y.domain} ticks={y.ticks} tickFormatter={formatTick} width={64} label={axisLabel(info.short, 'y')} />
          {/* Named in the legend only: a label on the line itself collided with the legend box. */}
          {ref && <ReferenceLine y={ref.value} stroke={C.faint} strokeWidth={2} strokeDasharray="2 5" />}
          {!sameAsDefault && (
            <ReferenceLine y={atDefault.y} stroke={C.muted} strokeWidth={1.5} strokeDasharray="7 5" label={refLabel(`default ${xText(atDefault.x)}`, 'insideTopLeft')} />
          )}
          {current.x === null && <ReferenceLine y={current.y} stroke={C.accent} strokeWidth={2} strokeDasharray="8 4" label={refLabel(`current: ${xText(null)}`, 'insideTopRight', C.accent)} />}
          {current.x !== null && <ReferenceLine x={current.x} stroke={C.accent} strokeOpacity={0.5} strokeDasharray="3 3" />}
          {line}
          {current.x !== null && Number.isFinite(current.y) && (
            <ReferenceDot x={current.x} y={current.y} r={7} fill={C.accent} stroke={C.card} strokeWidth={2.5} />
          )}
          <Tooltip content={tooltipContent((x) => `${spec.key} = ${formatValue(x)}`)} isAnimationActive={false} />
          <SvgLegend items={legend} placement="auto" avoid={avoid} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
