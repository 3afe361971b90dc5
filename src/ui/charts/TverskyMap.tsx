/**
 * Tversky / focal Tversky loss over FP weight × FN weight for the current masks: a heat map (the values
 * painted on a canvas, shown as an <image> in an SVG with axes and a colour bar, so that it exports like
 * the other charts). Clicking or the arrow keys set both weights.
 */
import { memo, useId, useMemo, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import type { TverskyMapData } from '../../core/curveMath.ts';
import { lossInfo } from '../../core/registry.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { mapLayout, pickFromMap, toPlot } from './geometry.ts';
import { tverskyMapLabel, tverskyMapTitle } from './labels.ts';
import { AXIS_LABEL_FONT, C, FONT } from './theme.ts';
import { formatTick, formatValue, linearTicks } from './ticks.ts';
import { VIRIDIS, heatmapPixels, rgbCss } from './viridis.ts';
import { countRender } from '../renderCount.ts';

export interface TverskyMapProps {
  /** From tverskyMap(engine, id, pred, params, n). */
  data: TverskyMapData;
  /** Sets both weights (already snapped to the sliders' 0.01 step). */
  onPick?(fp: number, fn: number): void;
  /** Drawing size in px (the SVG scales to its container's width). */
  width?: number;
  height?: number;
}

/** A data: URL of the map, one pixel per grid point, rows flipped so that FN weight points up. */
function heatmapUrl(data: TverskyMapData): string {
  if (typeof document === 'undefined') return '';
  const { data: px, width, height } = heatmapPixels(data.rows, data.min, data.max);
  if (!width || !height) return '';
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return '';
  ctx.putImageData(new ImageData(px, width, height), 0, 0);
  return canvas.toDataURL('image/png');
}

/** The map's value at the grid point nearest to (fp, fn). */
function valueAt(data: TverskyMapData, fp: number, fn: number): number {
  const nearest = (xs: readonly number[], v: number) => {
    let best = 0;
    xs.forEach((x, i) => {
      if (Math.abs(x - v) < Math.abs((xs[best] as number) - v)) best = i;
    });
    return best;
  };
  return data.rows[nearest(data.fn, fn)]?.[nearest(data.fp, fp)] ?? NaN;
}

/** Memoised: a tab's render with the same data (its drawing deferred, see drawnLater.ts) costs nothing. */
export const TverskyMap = memo(function TverskyMap({ data, onPick, width = 460, height = 380 }: TverskyMapProps) {
  countRender('TverskyMap');
  const info = lossInfo(data.id);
  const rawId = useId();
  const uid = rawId.replace(/[^a-zA-Z0-9_-]/g, '');
  const [hover, setHover] = useState<{ fp: number; fn: number } | null>(null);
  const url = useMemo(() => heatmapUrl(data), [data]);
  const layout = mapLayout(width, height);
  const { plot, legend } = layout;
  const fpDomain = [data.fp[0] ?? 0, data.fp[data.fp.length - 1] ?? 1] as const;
  const fnDomain = [data.fn[0] ?? 0, data.fn[data.fn.length - 1] ?? 1] as const;
  const u = (fp: number) => (fp - fpDomain[0]) / (fpDomain[1] - fpDomain[0] || 1);
  const v = (fn: number) => (fn - fnDomain[0]) / (fnDomain[1] - fnDomain[0] || 1);
  // Grid points sit on cell centres: the image reaches half a cell past the axes, clipped to the plot.
  const cellW = plot.w / Math.max(1, data.fp.length - 1);
  const cellH = plot.h / Math.max(1, data.fn.length - 1);
  const ticks = linearTicks(0, 1, 5);
  const span = data.max - data.min;
  const legendTicks = Number.isFinite(span) && span > 0 ? linearTicks(data.min, data.max, 4) : [data.min];
  const legendY = (val: number) =>
    span > 0 ? legend.y + (1 - (val - data.min) / span) * legend.h : legend.y + legend.h / 2;
  const cur = toPlot(layout, u(data.current.fp), v(data.current.fn));
  const hov = hover ? toPlot(layout, u(hover.fp), v(hover.fn)) : null;

  const locate = (e: PointerEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const sx = width / (r.width || width);
    const sy = height / (r.height || height);
    return pickFromMap(layout, (e.clientX - r.left) * sx, (e.clientY - r.top) * sy, fpDomain, fnDomain);
  };
  const onKey = (e: KeyboardEvent<SVGSVGElement>) => {
    if (!onPick) return;
    const step = e.shiftKey ? 0.1 : 0.01;
    const dx = e.key === 'ArrowRight' ? step : e.key === 'ArrowLeft' ? -step : 0;
    const dy = e.key === 'ArrowUp' ? step : e.key === 'ArrowDown' ? -step : 0;
    if (!dx && !dy) return;
    e.preventDefault();
    const clamp = (x: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, Number(x.toFixed(2))));
    onPick(clamp(data.current.fp + dx, fpDomain), clamp(data.current.fn + dy, fnDomain));
  };
  const shown = hover ?? data.current;
  const shownValue = hover ? valueAt(data, hover.fp, hover.fn) : data.current.value;

  return (
    <ChartFrame
      title={tverskyMapTitle(data.id)}
      label={tverskyMapLabel(data.id)}
      plotRole="group"
      fileStem={`${data.id}-fp-fn-map`}
      caption={
        <>
          Each point is the {info.short} loss of the current masks with those two weights (other parameters as set).
          Dark is low. The dashed diagonal is FP weight = FN weight (0.5 / 0.5 is Dice up to smoothing). Click, or focus
          and use the arrow keys (Shift: ×10), to set both weights.
        </>
      }
    >
      <svg
        data-chart-root=""
        role="img"
        aria-label={tverskyMapLabel(data.id)}
        tabIndex={onPick ? 0 : undefined}
        width="100%"
        viewBox={`0 0 ${width} ${height}`}
        style={{ maxWidth: width, display: 'block', cursor: onPick ? 'crosshair' : undefined, touchAction: 'none' }}
        onPointerMove={(e) => setHover(locate(e))}
        onPointerLeave={() => setHover(null)}
        onPointerDown={(e) => {
          const at = locate(e);
          if (at && onPick) onPick(at.fp, at.fn);
        }}
        onKeyDown={onKey}
      >
        <defs>
          <clipPath id={`${uid}-clip`}>
            <rect x={plot.x} y={plot.y} width={plot.w} height={plot.h} />
          </clipPath>
          <linearGradient id={`${uid}-bar`} x1="0" y1="1" x2="0" y2="0">
            {VIRIDIS.map((c, i) => (
              <stop key={i} offset={i / (VIRIDIS.length - 1)} stopColor={rgbCss(c)} />
            ))}
          </linearGradient>
        </defs>
        {url && (
          <image
            href={url}
            x={plot.x - cellW / 2}
            y={plot.y - cellH / 2}
            width={plot.w + cellW}
            height={plot.h + cellH}
            preserveAspectRatio="none"
            clipPath={`url(#${uid}-clip)`}
          />
        )}
        <rect x={plot.x} y={plot.y} width={plot.w} height={plot.h} fill="none" stroke={C.axis} />
        <line
          x1={plot.x}
          y1={plot.y + plot.h}
          x2={plot.x + plot.w}
          y2={plot.y}
          stroke="#ffffff"
          strokeOpacity={0.55}
          strokeDasharray="5 5"
        />
        {ticks.map((t) => {
          const x = plot.x + u(t) * plot.w;
          const y = plot.y + (1 - v(t)) * plot.h;
          return (
            <g key={t}>
              <line x1={x} x2={x} y1={plot.y + plot.h} y2={plot.y + plot.h + 5} stroke={C.axis} />
              <text
                x={x}
                y={plot.y + plot.h + 8}
                textAnchor="middle"
                dominantBaseline="hanging"
                fill={C.muted}
                fontSize={FONT}
              >
                {formatTick(t)}
              </text>
              <line x1={plot.x - 5} x2={plot.x} y1={y} y2={y} stroke={C.axis} />
              <text x={plot.x - 8} y={y} textAnchor="end" dominantBaseline="central" fill={C.muted} fontSize={FONT}>
                {formatTick(t)}
              </text>
            </g>
          );
        })}
        <text
          x={plot.x + plot.w / 2}
          y={plot.y + plot.h + 40}
          textAnchor="middle"
          fill={C.fg}
          fontSize={AXIS_LABEL_FONT}
        >
          FP weight (fp_weight)
        </text>
        <text
          x={0}
          y={0}
          transform={`translate(${plot.x - 48}, ${plot.y + plot.h / 2}) rotate(-90)`}
          textAnchor="middle"
          fill={C.fg}
          fontSize={AXIS_LABEL_FONT}
        >
          FN weight (fn_weight)
        </text>
        {hov && (
          <rect
            x={hov.x - 6}
            y={hov.y - 6}
            width={12}
            height={12}
            fill="none"
            stroke="#ffffff"
            strokeWidth={1.5}
            pointerEvents="none"
          />
        )}
        <circle cx={cur.x} cy={cur.y} r={8} fill="none" stroke="#ffffff" strokeWidth={3.5} pointerEvents="none" />
        <circle cx={cur.x} cy={cur.y} r={8} fill="none" stroke="#111318" strokeWidth={1.5} pointerEvents="none" />
        <rect x={legend.x} y={legend.y} width={legend.w} height={legend.h} fill={`url(#${uid}-bar)`} stroke={C.axis} />
        {legendTicks.map((t) => (
          <g key={t}>
            <line
              x1={legend.x + legend.w}
              x2={legend.x + legend.w + 4}
              y1={legendY(t)}
              y2={legendY(t)}
              stroke={C.axis}
            />
            <text
              x={legend.x + legend.w + 7}
              y={legendY(t)}
              dominantBaseline="central"
              fill={C.muted}
              fontSize={FONT - 1}
            >
              {formatTick(t)}
            </text>
          </g>
        ))}
        <text
          x={0}
          y={0}
          transform={`translate(${legend.x + legend.w + 50}, ${legend.y + legend.h / 2}) rotate(-90)`}
          textAnchor="middle"
          fill={C.fg}
          fontSize={AXIS_LABEL_FONT}
        >
          {info.short} loss
        </text>
      </svg>
      <p className="chart-readout">
        {hover ? 'pointer' : 'current'}: FP weight {formatValue(shown.fp)} · FN weight {formatValue(shown.fn)} · loss{' '}
        {formatValue(shownValue)}
      </p>
    </ChartFrame>
  );
});
