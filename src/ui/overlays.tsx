/**
 * Things drawn over the pictures: the ground-truth contour and the hovered pixel / brush. Both follow the
 * store outside React's render (the hover mark moves with every pointer event, over up to 19 pictures).
 */
import { useRef } from 'react';
import { appStore } from '../state/store.ts';
import type { AppState } from '../state/types.ts';
import type { Grid } from '../scene/types.ts';
import { sameGrid } from '../scene/types.ts';
import { outlinePath } from './outline.ts';
import { useStoreDrawing } from './useStoreDrawing.ts';
import { countRender } from './renderCount.ts';
import './overlays.css';

let memo: { rev: number; grid: Grid; path: string } | null = null;

/** A cache shared by every view that draws the contour: one computation per target revision. */
function outlineFor(rev: number, grid: Grid): string {
  if (memo && memo.rev === rev && sameGrid(memo.grid, grid)) return memo.path;
  const { scene } = appStore.getState();
  const path = sameGrid(scene, grid) ? outlinePath(scene.target, grid) : '';
  memo = { rev, grid: { height: grid.height, width: grid.width }, path };
  return path;
}

const gridChanged = (s: AppState, p: AppState) => !sameGrid(s.scene, p.scene);
const outlineChanged = (s: AppState, p: AppState) =>
  s.targetRev !== p.targetRev || gridChanged(s, p) || s.showOutline !== p.showOutline;

export function OutlineOverlay() {
  countRender('OutlineOverlay');
  const svg = useRef<SVGSVGElement>(null);
  const path = useRef<SVGPathElement>(null);
  useStoreDrawing((s) => {
    if (!svg.current || !path.current) return;
    const d = s.showOutline ? outlineFor(s.targetRev, s.scene) : '';
    svg.current.style.display = d ? '' : 'none';
    svg.current.setAttribute('viewBox', `0 0 ${s.scene.width} ${s.scene.height}`);
    if (path.current.getAttribute('d') !== d) path.current.setAttribute('d', d);
  }, outlineChanged);
  return (
    <svg
      ref={svg}
      className="overlay outline"
      preserveAspectRatio="none"
      aria-hidden="true"
      style={{ display: 'none' }}
    >
      <path ref={path} />
    </svg>
  );
}

const hoverChanged = (s: AppState, p: AppState) =>
  s.hover !== p.hover || gridChanged(s, p) || s.radius !== p.radius || s.tool !== p.tool;

/** Marks the hovered pixel; on paint views (`brush`) also the brush's reach. */
export function HoverMark({ brush = false }: { brush?: boolean }) {
  countRender('HoverMark');
  const svg = useRef<SVGSVGElement>(null);
  const ring = useRef<SVGCircleElement>(null);
  const box = useRef<SVGRectElement>(null);
  useStoreDrawing(
    ({ hover, scene: { height, width }, radius, tool }) => {
      if (!svg.current || !ring.current || !box.current) return;
      svg.current.style.display = hover ? '' : 'none';
      if (!hover) return;
      const showBrush = brush && (tool === 'brush' || tool === 'eraser');
      svg.current.setAttribute('viewBox', `0 0 ${width} ${height}`);
      ring.current.setAttribute('class', showBrush ? 'brush-ring' : 'pixel-ring');
      ring.current.setAttribute('cx', String(hover.x + 0.5));
      ring.current.setAttribute('cy', String(hover.y + 0.5));
      ring.current.setAttribute(
        'r',
        String(showBrush ? Math.max(0.5, radius) : Math.max(3, Math.max(height, width) / 32)),
      );
      box.current.style.display = showBrush ? 'none' : '';
      box.current.setAttribute('x', String(hover.x));
      box.current.setAttribute('y', String(hover.y));
    },
    hoverChanged,
    brush,
  );
  return (
    <svg ref={svg} className="overlay hover" preserveAspectRatio="none" aria-hidden="true" style={{ display: 'none' }}>
      <circle ref={ring} />
      <rect ref={box} width={1} height={1} className="pixel-box" />
    </svg>
  );
}

/** Grid pixel under a pointer event on an element showing the whole grid. */
export function pixelAt(
  e: { clientX: number; clientY: number },
  el: Element,
  grid: Grid,
): { x: number; y: number; fx: number; fy: number } {
  const r = el.getBoundingClientRect();
  const fx = ((e.clientX - r.left) / r.width) * grid.width;
  const fy = ((e.clientY - r.top) / r.height) * grid.height;
  return {
    x: Math.min(grid.width - 1, Math.max(0, Math.floor(fx))),
    y: Math.min(grid.height - 1, Math.max(0, Math.floor(fy))),
    fx,
    fy,
  };
}
