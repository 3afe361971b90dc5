/** Two charts over steps: each lane's own loss (raw or over its start value) and the shared yardstick. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { learnStore, useLearn } from '../../state/learnStore.ts';
import { laneName } from './labels.ts';
import { YARDSTICKS } from '../../worker/learnSettings.ts';
import type { Yardstick } from '../../worker/learnSettings.ts';

export const LANE_COLORS = ['#4f46c2', '#d95f02', '#1b9e77', '#c2185b'];

export const YARDSTICK_NAMES: Record<Yardstick, string> = {
  dice: 'Dice',
  iou: 'IoU',
  precision: 'precision',
  recall: 'recall',
  hd95: 'HD95 (pixels)',
};

function useLaneNames(): string[] {
  return useLearn((s) => s.settings.lanes.map(laneName).join('\u0000')).split('\u0000');
}

function Chart({
  title,
  label,
  keyOf,
  names,
}: {
  title: string;
  label: string;
  keyOf: (i: number) => string;
  names: string[];
}) {
  const points = useLearn((s) => s.points);
  return (
    <figure className="learn-chart">
      <figcaption>{title}</figcaption>
      <div role="img" aria-label={label} className="learn-chart-plot">
        <ResponsiveContainer width="100%" height={190}>
          <LineChart data={points} margin={{ top: 6, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" />
            <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} tick={{ fontSize: 12 }} stroke="var(--muted)" />
            <YAxis
              tick={{ fontSize: 12 }}
              width={48}
              stroke="var(--muted)"
              tickFormatter={(v: number) => String(Number(v.toPrecision(3)))}
            />
            <Tooltip
              isAnimationActive={false}
              formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))}
              labelFormatter={(s) => `step ${String(s)}`}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {names.map((name, i) => (
              <Line
                key={i}
                dataKey={keyOf(i)}
                name={`${i + 1}. ${name}`}
                stroke={LANE_COLORS[i]}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function LearnCharts() {
  const names = useLaneNames();
  const normalise = useLearn((s) => s.normalise);
  const yardstick = useLearn((s) => s.settings.yardstick);
  return (
    <div className="learn-charts">
      <div>
        <Chart
          title={normalise ? 'Each lane’s loss ÷ its value at step 0' : 'Each lane’s loss'}
          label={`Each lane's loss${normalise ? ' relative to its start' : ''} against the step`}
          keyOf={(i) => (normalise ? `r${i}` : `l${i}`)}
          names={names}
        />
        <label className="learn-check">
          <input
            type="checkbox"
            checked={normalise}
            onChange={(e) => learnStore.getState().setNormalise(e.target.checked)}
          />{' '}
          normalise to the start
        </label>
      </div>
      <div>
        <Chart
          title={`Shared yardstick: ${YARDSTICK_NAMES[yardstick]} at p > 0.5`}
          label={`${YARDSTICK_NAMES[yardstick]} of each lane's thresholded prediction against the step`}
          keyOf={(i) => `${yardstick}${i}`}
          names={names}
        />
        <label className="learn-inline">
          yardstick{' '}
          <select
            aria-label="Yardstick"
            value={yardstick}
            onChange={(e) => learnStore.getState().setYardstick(e.target.value as Yardstick)}
          >
            {YARDSTICKS.map((y) => (
              <option key={y} value={y}>
                {YARDSTICK_NAMES[y]}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
