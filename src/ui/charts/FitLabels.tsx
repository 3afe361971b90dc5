/**
 * Chart labels that stay inside the chart whatever its width (a narrow card, a phone, its export): recharts
 * places a label at the middle of its box and lets it run off the edge. Use them as a recharts label's
 * `content`; recharts passes the computed position, the box and the label's own props.
 */
import { Text, useChartWidth } from 'recharts';
import { textWidth } from './textWidth.ts';

interface LabelContentProps {
  x?: number | string;
  y?: number | string;
  value?: unknown;
  fill?: string;
  fontSize?: number | string;
  viewBox?: unknown;
}

const EDGE = 4;
const MIN_FONT = 11;

/** An x-axis title moved (then, if it must, made smaller) so that it fits between the chart's edges. */
export function FitXLabel({ x, y, value, fill, fontSize }: LabelContentProps) {
  const chartWidth = useChartWidth();
  const text = String(value ?? '');
  const size = Number(fontSize) || 14;
  const cx = Number(x);
  if (!text || !Number.isFinite(cx)) return null;
  const room = (chartWidth ?? Infinity) - 2 * EDGE;
  const natural = textWidth(text, size);
  const font = natural > room ? Math.max(MIN_FONT, (size * room) / natural) : size;
  const half = (natural * font) / size / 2;
  const centre = chartWidth ? Math.min(Math.max(cx, EDGE + half), chartWidth - EDGE - half) : cx;
  return (
    <Text x={centre} y={Number(y)} textAnchor="middle" verticalAnchor="end" fill={fill} fontSize={font}>
      {text}
    </Text>
  );
}

/** A label at the top of a shaded band, wrapped onto lines when the band is narrower than its text. */
export function BandLabel({ y, value, fill, fontSize, viewBox }: LabelContentProps) {
  const box = viewBox as { x?: number; width?: number } | undefined;
  const text = String(value ?? '');
  if (!text || box?.x === undefined || box.width === undefined) return null;
  return (
    <Text
      x={box.x + box.width / 2}
      y={Number(y)}
      width={Math.max(40, box.width - 2 * EDGE)}
      textAnchor="middle"
      verticalAnchor="start"
      fill={fill}
      fontSize={fontSize}
    >
      {text}
    </Text>
  );
}
