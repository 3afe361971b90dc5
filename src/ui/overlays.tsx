/** Things drawn over the pictures: the ground-truth contour and the hovered pixel / brush. */
import { useMemo } from 'react';
import { appStore, useApp } from '../state/store.ts';
import { outlinePath } from './outline.ts';

let memo: { rev: number; size: number; path: string } | null = null;

/** A cache shared by every view that draws the contour: one computation per target revision. */
function outlineFor(rev: number, size: number): string {
  if (memo && memo.rev === rev && memo.size === size) return memo.path;
  const { scene } = appStore.getState();
  const path = scene.size === size ? outlinePath(scene.target, size) : '';
  memo = { rev, size, path };
  return path;
}

/** The contour path of the current ground truth. */
function useOutlinePath(): string {
  const rev = useApp((s) => s.targetRev);
  const size = useApp((s) => s.scene.size);
  return useMemo(() => outlineFor(rev, size), [rev, size]);
}

export function OutlineOverlay() {
  const show = useApp((s) => s.showOutline);
  const size = useApp((s) => s.scene.size);
  const path = useOutlinePath();
  if (!show || !path) return null;
  return (
    <svg className="overlay outline" viewBox={`0 0 ${size} ${size}`} preserveAspectRatio="none" aria-hidden="true">
      <path d={path} />
    </svg>
  );
}

/** Marks the hovered pixel; on paint views (`brush`) also the brush's reach. */
export function HoverMark({ brush = false }: { brush?: boolean }) {
  const hover = useApp((s) => s.hover);
  const size = useApp((s) => s.scene.size);
  const radius = useApp((s) => s.radius);
  const tool = useApp((s) => s.tool);
  if (!hover) return null;
  const showBrush = brush && (tool === 'brush' || tool === 'eraser');
  return (
    <svg className="overlay hover" viewBox={`0 0 ${size} ${size}`} preserveAspectRatio="none" aria-hidden="true">
      {showBrush ? (
        <circle cx={hover.x + 0.5} cy={hover.y + 0.5} r={Math.max(0.5, radius)} className="brush-ring" />
      ) : (
        <>
          <circle cx={hover.x + 0.5} cy={hover.y + 0.5} r={Math.max(3, size / 32)} className="pixel-ring" />
          <rect x={hover.x} y={hover.y} width={1} height={1} className="pixel-box" />
        </>
      )}
    </svg>
  );
}

/** Grid pixel under a pointer event on an element showing the whole grid. */
export function pixelAt(e: { clientX: number; clientY: number }, el: Element, size: number): { x: number; y: number; fx: number; fy: number } {
  const r = el.getBoundingClientRect();
  const fx = ((e.clientX - r.left) / r.width) * size;
  const fy = ((e.clientY - r.top) / r.height) * size;
  return { x: Math.min(size - 1, Math.max(0, Math.floor(fx))), y: Math.min(size - 1, Math.max(0, Math.floor(fy))), fx, fy };
}
