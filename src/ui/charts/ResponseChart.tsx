/** Every loss, each normalised to [0, 1] over the range, against one shared change of the prediction. */
import { memo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { RESPONSE_QUANTITIES } from '../../core/curveMath.ts';
import type { ResponseCurvesData, ResponseQuantity } from '../../core/curveMath.ts';
import { LOSS_IDS, lossInfo } from '../../core/registry.ts';
import type { LossId } from '../../core/types.ts';
import { ChartEmpty, ChartFrame } from './ChartFrame.tsx';
import { tooltipContent } from './ChartTooltip.tsx';
import { QUANTITY_LABEL, responseChartLabel, responseChartTitle } from './labels.ts';
import { SvgLegend, useLegendRoom } from './SvgLegend.tsx';
import type { LegendItem } from './SvgLegend.tsx';
import { FAMILY_DASH, seriesColor, toRows } from './series.ts';
import { C, axisLabel, axisProps, refLabel } from './theme.ts';
import { formatTick, formatValue, linearTicks, logTicks } from './ticks.ts';
import { countRender } from '../renderCount.ts';

export interface ResponseChartProps {
  /** From responseCurves(…); null while the first computation runs. */
  data: ResponseCurvesData | null;
  /** The quantity shown by the control (may run ahead of `data` while it is recomputed). */
  quantity: ResponseQuantity;
  onQuantityChange(q: ResponseQuantity): void;
  /** Drawn thicker (the loss selected in the table). */
  selected?: LossId | null;
  /** A recomputation is under way: the old curves stay, dimmed. */
  pending?: boolean;
  height?: number;
}

/** Below this chart width the legend moves from the right margin to below the plot. */
const NARROW_PX = 560;

const IDENTITY_LABEL: Record<ResponseQuantity, string> = { shift: 'no shift', temperature: 't = 1', noise: 'no noise' };

function QuantityControl({ value, onChange }: { value: ResponseQuantity; onChange(q: ResponseQuantity): void }) {
  return (
    <div className="segmented small" role="radiogroup" aria-label="Quantity that changes the prediction">
      {RESPONSE_QUANTITIES.map((q) => (
        <button
          key={q}
          type="button"
          role="radio"
          aria-checked={q === value}
          className={q === value ? 'on' : ''}
          onClick={() => onChange(q)}
        >
          {QUANTITY_LABEL[q]}
        </button>
      ))}
    </div>
  );
}

/** Memoised: a tab's render with the same data (its drawing deferred, see drawnLater.ts) costs nothing. */
export const ResponseChart = memo(function ResponseChart({
  data,
  quantity,
  onQuantityChange,
  selected,
  pending = false,
  height = 400,
}: ResponseChartProps) {
  countRender('ResponseChart');
  // A narrow card (a phone, a tablet's column) has no room for the legend on the right: it goes below.
  const [narrow, setNarrow] = useState(false);
  const { room, onOverflow } = useLegendRoom(narrow);
  const controls = <QuantityControl value={quantity} onChange={onQuantityChange} />;
  if (!data) {
    return (
      <ChartFrame title={responseChartTitle(quantity)} label={responseChartLabel(quantity)} controls={controls}>
        <ChartEmpty>
          {pending
            ? 'Computing every loss along the range…'
            : 'Paint a ground truth and a prediction to see this chart.'}
        </ChartEmpty>
      </ChartFrame>
    );
  }
  const columns: Record<string, (number | null)[]> = {};
  for (const s of data.series) columns[s.id] = s.normalised;
  const rows = toRows(data.xs, columns);
  const xMin = data.xs[0] ?? 0;
  const xMax = data.xs[data.xs.length - 1] ?? 1;
  const isLog = data.scale === 'log' && xMin > 0;
  const xTicks = isLog ? [...new Set([xMin, ...logTicks(xMin, xMax), xMax])] : linearTicks(xMin, xMax, 6);
  const style = (id: LossId) => {
    const i = LOSS_IDS.indexOf(id);
    const emphasised = !selected || selected === id;
    return {
      color: seriesColor(i),
      dash: FAMILY_DASH[lossInfo(id).family],
      width: selected === id ? 4.5 : 2.25,
      opacity: emphasised ? 1 : 0.8,
    };
  };
  const legend: LegendItem[] = data.series.map((s) => {
    const st = style(s.id);
    return {
      label: `${s.short}${s.constant ? ' (flat)' : ''}`,
      color: st.color,
      dash: st.dash,
      width: Math.min(st.width, 3.5),
      opacity: st.opacity,
    };
  });
  const flat = data.series.filter((s) => s.constant).map((s) => s.short);
  return (
    <ChartFrame
      title={responseChartTitle(data.quantity)}
      label={responseChartLabel(data.quantity)}
      controls={controls}
      fileStem={`every-loss-vs-${data.quantity}`}
      caption={
        <>
          Each loss is scaled to its own minimum (0) and maximum (1) over this range, so only the shape compares: where
          it rises, how steeply, whether it saturates. Line style by family: solid distribution, dashed region, dotted
          boundary, dash-dot compound.
          {flat.length > 0 && <> Flat over this range: {flat.join(', ')}.</>}
        </>
      }
    >
      <div style={{ opacity: pending ? 0.55 : 1, transition: 'opacity 120ms' }} aria-busy={pending}>
        <ResponsiveContainer width="100%" height={height + room} onResize={(w) => setNarrow(w < NARROW_PX)}>
          <LineChart
            data={rows}
            margin={{ top: 12, right: narrow ? 24 : 190, bottom: 30 + room, left: 18 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke={C.grid} strokeDasharray="3 3" />
            <XAxis
              {...axisProps}
              dataKey="x"
              type="number"
              scale={isLog ? 'log' : 'linear'}
              domain={[xMin, xMax]}
              ticks={xTicks}
              tickFormatter={formatTick}
              label={axisLabel(data.xLabel, 'x')}
            />
            <YAxis
              {...axisProps}
              type="number"
              domain={[0, 1]}
              ticks={[0, 0.25, 0.5, 0.75, 1]}
              tickFormatter={formatTick}
              width={52}
              label={axisLabel('normalised loss', 'y')}
            />
            <ReferenceLine
              x={data.identity}
              stroke={C.muted}
              strokeDasharray="4 4"
              label={refLabel(IDENTITY_LABEL[data.quantity], 'insideTopLeft')}
            />
            {data.series.map((s) => {
              const st = style(s.id);
              return (
                <Line
                  key={s.id}
                  type="linear"
                  dataKey={s.id}
                  name={s.short}
                  stroke={st.color}
                  strokeWidth={st.width}
                  strokeDasharray={st.dash}
                  strokeOpacity={st.opacity}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              );
            })}
            <Tooltip
              content={tooltipContent((x) => `${QUANTITY_LABEL[data.quantity]} ${formatValue(x)}`)}
              isAnimationActive={false}
            />
            <SvgLegend
              items={legend}
              placement={narrow ? 'below' : 'outside-right'}
              fontSize={13}
              room={narrow ? room : 0}
              onOverflow={onOverflow}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
});
