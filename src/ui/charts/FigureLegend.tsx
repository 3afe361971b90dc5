/**
 * The paper figures' legend: their fixed curves plus the live highlight and marker, re-rendered by itself
 * when those move (a subscription of its own), so the recharts chart around it is not: a figure redraw
 * cost 40–60 ms of the main thread on every highlight a slider drag sent.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { Corner, Point } from './geometry.ts';
import type { LiveSource } from './LiveLayer.tsx';
import { dataLine } from './series.ts';
import { SvgLegend } from './SvgLegend.tsx';
import type { LegendItem } from './SvgLegend.tsx';
import { countRender } from '../renderCount.ts';

export interface FigureCurve {
  label: string;
  /** On the figure's own x grid. */
  ys: ArrayLike<number>;
}

export interface FigureMarker {
  x: number;
  y: number;
  label: string;
}

/** What moves in a paper figure: the selected loss's curve at its current settings, and a point. */
export interface FigureLive {
  highlight: FigureCurve | null;
  marker: FigureMarker | null;
}

/** The highlight as a LiveLayer draws it, on the figure's x grid. */
export function liveHighlight(
  live: LiveSource<FigureLive>,
  xs: ArrayLike<number>,
): LiveSource<{ xs: ArrayLike<number>; ys: ArrayLike<number> } | null> {
  return {
    get: () => {
      const h = live.get().highlight;
      return h ? { xs, ys: h.ys } : null;
    },
    subscribe: live.subscribe,
  };
}

/** The marker as a LiveLayer draws it; `shownY` e.g. clips it to the plot's top. */
export function liveMarker(
  live: LiveSource<FigureLive>,
  shownY: (y: number) => number = (y) => y,
): LiveSource<{ x: number; y: number } | null> {
  return {
    get: () => {
      const m = live.get().marker;
      return m && Number.isFinite(m.y) ? { x: m.x, y: shownY(m.y) } : null;
    },
    subscribe: live.subscribe,
  };
}

/** The label with each number at the longest a slider value is written ("0.00"): what its legend keeps room for. */
export function widestForm(label: string): string {
  return label.replace(/\d+(\.\d+)?/g, '0.00');
}

interface Props {
  live: LiveSource<FigureLive>;
  /** The fixed curves' entries and lines (data coordinates). */
  items: readonly LegendItem[];
  lines: readonly (readonly Point[])[];
  /** The figure's x grid, which the highlight's ys are on. */
  xs: ArrayLike<number>;
  /** How the highlight is drawn (colour, width, dash) and the marker's colour. */
  highlightLook: Omit<LegendItem, 'label'>;
  markerColor: string;
  /** The marker as drawn (e.g. clipped to the plot's top). */
  markerY?: (y: number) => number;
  room: number;
  onOverflow(room: number): void;
  corners?: readonly Corner[];
  offsetY?: number;
}

export function FigureLegend({ live, items, lines, xs, highlightLook, markerColor, markerY, ...legend }: Props) {
  countRender('FigureLegend');
  const { highlight, marker } = useSyncExternalStore(live.subscribe, live.get);
  const hl = highlight?.ys;
  const shownY = marker && Number.isFinite(marker.y) ? (markerY ? markerY(marker.y) : marker.y) : null;
  // The legend keeps off the curves, the highlight and the marker.
  const avoid = useMemo(() => {
    const all: (readonly Point[])[] = [...lines];
    if (hl) all.push(dataLine(xs, hl));
    if (marker && shownY !== null) all.push([[marker.x, shownY]]);
    return all;
  }, [lines, hl, xs, marker, shownY]);
  const all: LegendItem[] = [...items];
  if (highlight) all.push({ ...highlightLook, label: highlight.label, reserve: widestForm(highlight.label) });
  if (marker) all.push({ label: marker.label, color: markerColor, marker: true });
  return <SvgLegend items={all} placement="auto" avoid={avoid} {...legend} />;
}
