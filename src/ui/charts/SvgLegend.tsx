/**
 * A legend drawn inside the chart's <svg> (recharts' own Legend is HTML, which an SVG export would lose).
 * Render it as a child of a recharts chart: it reads the plot area (and, for 'auto', the scales) from it.
 *
 * 'auto' puts the box where it covers no drawn line: a corner of the plot, or the right margin when the
 * chart has room there. When every place covers data, it asks the chart (onOverflow, see useLegendRoom)
 * for room below the plot and is drawn there, in rows across the plot's width.
 */
import { useCallback, useLayoutEffect, useState } from 'react';
import { useChartWidth, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { chooseCorner, chooseLegendSpot, cornerBox, flowRows, pixelLines } from './geometry.ts';
import type { Corner, Point } from './geometry.ts';
import { C } from './theme.ts';
import { textWidth, wrapWords } from './textWidth.ts';

export interface LegendItem {
  label: string;
  color: string;
  dash?: string;
  width?: number;
  opacity?: number;
  /** A dot instead of a line (e.g. "current value"). */
  marker?: boolean;
  /**
   * For a label that follows a slider: the widest text it takes (its numbers at full length), whose width
   * the layout keeps, so that the legend does not change its rows, and the chart its height, during a drag.
   */
  reserve?: string;
}

interface Props {
  items: readonly LegendItem[];
  /**
   * A corner inside the plot, the first place covering none of `avoid` ('auto'), the right margin, or
   * below the plot (asks for room through onOverflow).
   */
  placement?: Corner | 'auto' | 'outside-right' | 'below';
  /** The drawn lines, in data coordinates ([x, y] points; a non-finite value breaks a line), that 'auto' keeps clear. */
  avoid?: readonly (readonly Point[])[];
  /** The corners 'auto' tries, in order of preference. */
  corners?: readonly Corner[];
  /** Room (px) the chart keeps below the plot for the legend (useLegendRoom); when above 0 the legend is drawn there. */
  room?: number;
  /** Asks the chart for `room` px below the plot ('auto' when every place covers data, or a new height there). */
  onOverflow?(room: number): void;
  title?: string;
  fontSize?: number;
  /** Extra offset from the top of the plot (px), e.g. below a band label. */
  offsetY?: number;
}

/** From the plot's bottom edge to the top of a legend below it: the x axis's ticks and its label. */
const BELOW_TOP = 56;
/** Space kept under a legend below the plot. */
const BELOW_PAD = 8;

/**
 * The room a chart keeps below its plot for its legend: 0 until the legend asks (onOverflow), then what it
 * asked, as long as `key` (what the legend avoids, e.g. the chart's data) stays the same. Give the chart
 * `room` more height and bottom margin, and pass both to SvgLegend.
 */
export function useLegendRoom(key: unknown): { room: number; onOverflow(room: number): void } {
  const [asked, setAsked] = useState<{ key: unknown; room: number } | null>(null);
  const onOverflow = useCallback(
    (room: number) => {
      // For one key the room only grows: a room that changes the page's height can change its width
      // (a scrollbar), and with it the room the legend asks for; growing only, the two settle.
      setAsked((a) => (a && Object.is(a.key, key) && a.room >= room ? a : { key, room }));
    },
    [key],
  );
  return { room: asked && Object.is(asked.key, key) ? asked.room : 0, onOverflow };
}

export function SvgLegend({
  items,
  placement = 'auto',
  avoid,
  corners,
  room = 0,
  onOverflow,
  title,
  fontSize = 14,
  offsetY = 0,
}: Props) {
  const plot = usePlotArea();
  const chartWidth = useChartWidth();
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const row = Math.round(fontSize * 1.45);
  const pad = 8;
  const swatch = 26;
  const measure = (text: string) => textWidth(text, fontSize);
  const labelW = (it: LegendItem) => Math.max(measure(it.label), it.reserve ? measure(it.reserve) : 0);
  const textW = Math.max(0, ...items.map(labelW), title ? measure(title) : 0);
  const w = Math.ceil(pad * 2 + swatch + 8 + textW);
  const h = pad * 2 + row * (items.length + (title ? 1 : 0));

  // Below the plot: rows across its width, a label too long for one row wrapped onto lines.
  const gap = 22;
  const lineRoom = plot ? plot.width - 2 * pad - swatch - 8 : Infinity;
  const belowLines = items.map((it) => (labelW(it) > lineRoom ? wrapWords(it.label, lineRoom, measure) : null));
  const flow = plot
    ? flowRows(
        items.map((it, i) => {
          const lines = belowLines[i];
          const reserved = it.reserve && lines ? wrapWords(it.reserve, lineRoom, measure) : null;
          const text = lines ? Math.max(...lines.map(measure), ...(reserved ?? []).map(measure)) : labelW(it);
          return { w: swatch + 8 + text, lines: Math.max(lines?.length ?? 1, reserved?.length ?? 1) };
        }),
        plot.width - 2 * pad,
        gap,
      )
    : { at: [], rows: 0 };
  const belowH = pad * 2 + row * (flow.rows + (title ? 1 : 0));
  const belowRoom = Math.ceil(belowH + BELOW_PAD);

  let box: { x: number; y: number; w: number; h: number; below: boolean } | null = null;
  let wanted = room;
  if (plot && items.length > 0) {
    const rect = { x: plot.x, y: plot.y + offsetY, w: plot.width, h: plot.height - offsetY };
    if (room > 0 || placement === 'below') {
      box = { x: plot.x, y: plot.y + plot.height + BELOW_TOP, w: plot.width, h: belowH, below: true };
      wanted = belowRoom;
    } else if (placement === 'outside-right') {
      box = { x: plot.x + plot.width + 14, y: plot.y + offsetY, w, h, below: false };
    } else if (placement !== 'auto') {
      box = { ...cornerBox(rect, placement, w, h), w, h, below: false };
    } else {
      const lines = xScale && yScale && avoid ? pixelLines(avoid, xScale, yScale) : [];
      const marginX = plot.x + plot.width + 14;
      const rightMargin = chartWidth ? { x: marginX, y: rect.y, w: chartWidth - marginX - 4, h: rect.h } : null;
      const spot = chooseLegendSpot(rect, w, h, lines, { corners, rightMargin });
      if (spot) box = { x: spot.x, y: spot.y, w, h, below: false };
      else {
        // Every place covers data: ask for room below; until then (or without a chart that can give
        // it) the corner covering the fewest points.
        if (onOverflow) wanted = belowRoom;
        box = { ...cornerBox(rect, chooseCorner(rect, w, h, lines.flat(), 10, corners), w, h), w, h, below: false };
      }
    }
  }
  useLayoutEffect(() => {
    if (onOverflow && wanted !== room) onOverflow(wanted);
  }, [onOverflow, wanted, room]);

  if (!box) return null;
  const { x, y } = box;
  const top = y + pad + (title ? row : 0);
  const place = (i: number) =>
    box.below
      ? { ix: x + pad + (flow.at[i]?.dx ?? 0), cy: top + (flow.at[i]?.row ?? 0) * row + row / 2 }
      : { ix: x + pad, cy: top + i * row + row / 2 };
  return (
    <g className="chart-legend" pointerEvents="none" data-placement={box.below ? 'below' : undefined}>
      <rect x={x} y={y} width={box.w} height={box.h} rx={6} fill={C.card} fillOpacity={0.9} stroke={C.grid} />
      {title && (
        <text
          x={x + pad}
          y={y + pad + row / 2}
          dominantBaseline="central"
          fill={C.muted}
          fontSize={fontSize}
          fontWeight={600}
        >
          {title}
        </text>
      )}
      {items.map((it, i) => {
        const { ix, cy } = place(i);
        return (
          <g key={`${it.label}-${i}`} opacity={it.opacity ?? 1}>
            {it.marker ? (
              <circle cx={ix + swatch / 2} cy={cy} r={5.5} fill={it.color} stroke={C.card} strokeWidth={1.5} />
            ) : (
              <line
                x1={ix}
                x2={ix + swatch}
                y1={cy}
                y2={cy}
                stroke={it.color}
                strokeWidth={it.width ?? 3}
                strokeDasharray={it.dash}
                strokeLinecap="butt"
              />
            )}
            <text x={ix + swatch + 8} y={cy} dominantBaseline="central" fill={C.fg} fontSize={fontSize}>
              {box.below && belowLines[i]
                ? belowLines[i].map((line, k) => (
                    <tspan key={k} x={ix + swatch + 8} y={cy + k * row}>
                      {line}
                    </tspan>
                  ))
                : it.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}
