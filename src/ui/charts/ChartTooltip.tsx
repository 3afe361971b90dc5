/** The charts' tooltip: the x value and each series at it, formatted, themed. */
import type { TooltipContentProps } from 'recharts';
import { formatValue } from './ticks.ts';

export function tooltipContent(formatX: (x: number) => string, formatY: (y: number) => string = formatValue) {
  return function ChartTooltip({ active, payload, label }: TooltipContentProps) {
    if (!active || !payload?.length) return null;
    const x = typeof label === 'number' ? label : Number(label);
    return (
      <div className="chart-tooltip">
        <div className="chart-tooltip-x">{formatX(x)}</div>
        <ul>
          {payload.map((p, i) => (
            <li key={`${String(p.name)}-${i}`}>
              <span>
                <span
                  className="swatch"
                  style={{ background: typeof p.color === 'string' ? p.color : String(p.stroke ?? '') }}
                />
                {String(p.name)}
              </span>
              <span>{typeof p.value === 'number' ? formatY(p.value) : '—'}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  };
}
