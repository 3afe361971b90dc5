/**
 * A legend drawn inside the chart's <svg> (recharts' own Legend is HTML, which an SVG export would lose).
 * Render it as a child of a recharts chart: it reads the plot area (and, for 'auto', the scales) from it.
 */
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { chooseCorner, cornerBox } from './geometry.ts';
import type { Corner } from './geometry.ts';
import { C } from './theme.ts';

export interface LegendItem {
  label: string;
  color: string;
  dash?: string;
  width?: number;
  opacity?: number;
  /** A dot instead of a line (e.g. "current value"). */
  marker?: boolean;
}

interface Props {
  items: readonly LegendItem[];
  /** A corner inside the plot, the corner hiding the fewest `avoid` points ('auto'), or the right margin. */
  placement?: Corner | 'auto' | 'outside-right';
  /** Data points [x, y] the legend should not cover (placement 'auto'). */
  avoid?: readonly (readonly [number, number])[];
  title?: string;
  fontSize?: number;
  /** Extra offset from the top of the plot (px), e.g. below a band label. */
  offsetY?: number;
}

/** Text width estimate for layout (no DOM measuring: the same in the export). */
export function estimateTextWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * 0.56;
}

export function SvgLegend({ items, placement = 'auto', avoid, title, fontSize = 14, offsetY = 0 }: Props) {
  const plot = usePlotArea();
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  if (!plot || items.length === 0) return null;
  const row = Math.round(fontSize * 1.45);
  const pad = 8;
  const swatch = 26;
  const textW = Math.max(...items.map((i) => estimateTextWidth(i.label, fontSize)), title ? estimateTextWidth(title, fontSize) : 0);
  const w = Math.ceil(pad * 2 + swatch + 8 + textW);
  const h = pad * 2 + row * (items.length + (title ? 1 : 0));
  const rect = { x: plot.x, y: plot.y + offsetY, w: plot.width, h: plot.height - offsetY };
  let x: number;
  let y: number;
  if (placement === 'outside-right') {
    x = plot.x + plot.width + 14;
    y = plot.y + offsetY;
  } else {
    let corner: Corner = placement === 'auto' ? 'top-right' : placement;
    if (placement === 'auto' && avoid?.length && xScale && yScale) {
      const px: [number, number][] = [];
      for (const [dx, dy] of avoid) {
        const a = xScale(dx);
        const b = yScale(dy);
        if (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b)) px.push([a, b]);
      }
      corner = chooseCorner(rect, w, h, px);
    }
    ({ x, y } = cornerBox(rect, corner, w, h));
  }
  const top = y + pad + (title ? row : 0);
  return (
    <g className="chart-legend" pointerEvents="none">
      <rect x={x} y={y} width={w} height={h} rx={6} fill={C.card} fillOpacity={0.9} stroke={C.grid} />
      {title && (
        <text x={x + pad} y={y + pad + row / 2} dominantBaseline="central" fill={C.muted} fontSize={fontSize} fontWeight={600}>
          {title}
        </text>
      )}
      {items.map((it, i) => {
        const cy = top + i * row + row / 2;
        return (
          <g key={`${it.label}-${i}`} opacity={it.opacity ?? 1}>
            {it.marker ? (
              <circle cx={x + pad + swatch / 2} cy={cy} r={5.5} fill={it.color} stroke={C.card} strokeWidth={1.5} />
            ) : (
              <line x1={x + pad} x2={x + pad + swatch} y1={cy} y2={cy} stroke={it.color} strokeWidth={it.width ?? 3} strokeDasharray={it.dash} strokeLinecap="butt" />
            )}
            <text x={x + pad + swatch + 8} y={cy} dominantBaseline="central" fill={C.fg} fontSize={fontSize}>
              {it.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}
