/**
 * What moves with the hand, drawn into a recharts chart without re-rendering it: a store subscription
 * sets SVG attributes directly, positioned with the chart's own scales. A recharts redraw costs tens of
 * milliseconds of the main thread; the chart around the layer re-renders only when its static data
 * changes, while the marker or the highlighted curve follows every evaluation.
 * Render it as a child of a recharts chart (it reads the scales and the plot area from the chart).
 */
import { useLayoutEffect, useRef } from 'react';
import { DefaultZIndexes, ZIndexLayer, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { countRender } from '../renderCount.ts';
import { markerLabelSpot } from './geometry.ts';
import type { Point, Rect } from './geometry.ts';

/** A value that changes outside React: read it now, or be told when it may have changed. */
export interface LiveSource<T> {
  get(): T;
  subscribe(listener: () => void): () => void;
}

export interface LiveFrame {
  /** Data → pixels; undefined outside the scale's domain. */
  x(value: number): number | undefined;
  y(value: number): number | undefined;
  /** The plot area in pixels. */
  area: { x: number; y: number; width: number; height: number };
}

export type LiveDraw<T> = (g: SVGGElement, value: T, frame: LiveFrame) => void;

/** A fixed value as a source (a chart drawn without a live feed, e.g. in a test or an export). */
export function constantSource<T>(value: T): LiveSource<T> {
  return { get: () => value, subscribe: () => () => {} };
}

function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

interface LiveLayerProps<T> {
  source: LiveSource<T>;
  draw: LiveDraw<T>;
  className?: string;
}

/**
 * Drawn above the chart's lines and axes (recharts' layer of dots), so that a marker and its label are
 * never under the curve they sit on.
 */
export function LiveLayer<T>(props: LiveLayerProps<T>) {
  return (
    <ZIndexLayer zIndex={DefaultZIndexes.scatter}>
      <LiveGroup {...props} />
    </ZIndexLayer>
  );
}

function LiveGroup<T>({ source, draw, className }: LiveLayerProps<T>) {
  const ref = useRef<SVGGElement>(null);
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const area = usePlotArea();
  useLayoutEffect(() => {
    const g = ref.current;
    if (!g || !xScale || !yScale || !area) return;
    const frame: LiveFrame = {
      x: (v) => xScale(v) as number | undefined,
      y: (v) => yScale(v) as number | undefined,
      area: { x: area.x, y: area.y, width: area.width, height: area.height },
    };
    let last: { value: T } | null = null;
    const paint = () => {
      const value = source.get();
      if (last && shallowEqual(last.value, value)) return;
      last = { value };
      countRender(`live:${className ?? 'layer'}`);
      draw(g, value, frame);
    };
    paint();
    return source.subscribe(paint);
  }, [source, draw, xScale, yScale, area, className]);
  return <g ref={ref} className={className} />;
}

const SVG = 'http://www.w3.org/2000/svg';

/** The g's child of this tag and role, made on first use (the layer owns its children). */
export function child<K extends keyof SVGElementTagNameMap>(
  g: SVGGElement,
  tag: K,
  role: string,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  let el = g.querySelector<SVGElementTagNameMap[K]>(`[data-live="${role}"]`);
  if (!el) {
    el = document.createElementNS(SVG, tag) as SVGElementTagNameMap[K];
    el.setAttribute('data-live', role);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    g.appendChild(el);
  }
  return el;
}

export function show(el: SVGElement, visible: boolean): void {
  if (visible) el.removeAttribute('display');
  else el.setAttribute('display', 'none');
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export interface MarkerLook {
  color: string;
  ring: string;
  /** A dashed vertical guide from the dot to the x axis. */
  guide?: boolean;
  /** Boxes the dot's label must not cover (e.g. a reference line's label), in the chart's pixels. */
  keepClear?: (frame: LiveFrame) => readonly Rect[];
  /** Lines the dot's label should not cross (e.g. the curve the dot sits on), in the chart's pixels. */
  keepClearLines?: (frame: LiveFrame) => readonly (readonly Point[])[];
}

/**
 * A dot at (x, y) with an optional label beside it and a vertical guide; with x = null, a dashed
 * horizontal line at y (a parameter whose value is "auto" has no place on the x axis). A y outside the
 * plot is drawn at its edge.
 */
export function drawMarker(
  g: SVGGElement,
  point: { x: number | null; y: number; label?: string } | null,
  frame: LiveFrame,
  look: MarkerLook,
): void {
  const { area } = frame;
  const dot = child(g, 'circle', 'dot', { r: 7, fill: look.color, stroke: look.ring, 'stroke-width': 2.5 });
  const guide = child(g, 'line', 'guide', { stroke: look.color, 'stroke-opacity': 0.5, 'stroke-dasharray': '3 3' });
  const flat = child(g, 'line', 'flat', { stroke: look.color, 'stroke-width': 2, 'stroke-dasharray': '8 4' });
  // A halo in the card's colour keeps the label readable where it crosses a line.
  const text = child(g, 'text', 'label', {
    fill: look.color,
    'font-size': 13,
    'font-weight': 600,
    stroke: look.ring,
    'stroke-width': 4,
    'stroke-linejoin': 'round',
    'paint-order': 'stroke',
  });
  const py = point && Number.isFinite(point.y) ? frame.y(point.y) : undefined;
  if (!point || py === undefined || !Number.isFinite(py)) {
    for (const el of [dot, guide, flat, text]) show(el, false);
    return;
  }
  const y = clamp(py, area.y, area.y + area.height);
  if (point.x === null) {
    flat.setAttribute('x1', String(area.x));
    flat.setAttribute('x2', String(area.x + area.width));
    flat.setAttribute('y1', String(y));
    flat.setAttribute('y2', String(y));
    show(flat, true);
    for (const el of [dot, guide]) show(el, false);
  } else {
    const px = frame.x(point.x);
    if (px === undefined || !Number.isFinite(px)) {
      for (const el of [dot, guide, flat, text]) show(el, false);
      return;
    }
    const x = clamp(px, area.x, area.x + area.width);
    dot.setAttribute('cx', String(x));
    dot.setAttribute('cy', String(y));
    show(dot, true);
    guide.setAttribute('x1', String(x));
    guide.setAttribute('x2', String(x));
    guide.setAttribute('y1', String(y));
    guide.setAttribute('y2', String(area.y + area.height));
    show(guide, look.guide === true);
    show(flat, false);
    if (point.label) {
      const plot = { x: area.x, y: area.y, w: area.width, h: area.height };
      const spot = markerLabelSpot(point.label, { x, y }, plot, look.keepClear?.(frame), look.keepClearLines?.(frame));
      text.setAttribute('x', String(spot.x));
      text.setAttribute('y', String(spot.y));
      text.setAttribute('text-anchor', spot.anchor);
    }
  }
  if (point.label && point.x !== null) {
    text.textContent = point.label;
    show(text, true);
  } else show(text, false);
}

export interface CurveLook {
  color: string;
  width: number;
  dash?: string;
}

let clipIds = 0;

/** A polyline through (xs[i], ys[i]); non-finite ys break it; clipped to the plot area, as recharts clips its lines. */
export function drawCurve(
  g: SVGGElement,
  curve: { xs: ArrayLike<number>; ys: ArrayLike<number> } | null,
  frame: LiveFrame,
  look: CurveLook,
): void {
  const { area } = frame;
  const clip = child(g, 'clipPath', 'clip', { id: `live-clip-${++clipIds}` });
  const rect = clip.querySelector('rect') ?? clip.appendChild(document.createElementNS(SVG, 'rect'));
  for (const [k, v] of Object.entries(area)) rect.setAttribute(k, String(v));
  const path = child(g, 'path', 'curve', {
    fill: 'none',
    stroke: look.color,
    'stroke-width': look.width,
    'clip-path': `url(#${clip.id})`,
    ...(look.dash ? { 'stroke-dasharray': look.dash } : {}),
  });
  if (!curve) {
    show(path, false);
    return;
  }
  let d = '';
  let open = false;
  const n = Math.min(curve.xs.length, curve.ys.length);
  for (let i = 0; i < n; i++) {
    const px = frame.x(curve.xs[i]!);
    const py = Number.isFinite(curve.ys[i]!) ? frame.y(curve.ys[i]!) : undefined;
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      open = false;
      continue;
    }
    // Far outside the plot only the direction matters: keep the numbers small for the SVG.
    d += `${open ? 'L' : 'M'}${px.toFixed(1)},${clamp(py, area.y - area.height, area.y + 2 * area.height).toFixed(1)}`;
    open = true;
  }
  path.setAttribute('d', d);
  show(path, d.length > 0);
}
