/** TP / FP / FN / TN of the thresholded prediction, from the same evaluation as the numbers. */
import { useRef } from 'react';
import type { PointerEvent } from 'react';
import { appStore, useApp } from '../state/store.ts';
import type { AppState } from '../state/types.ts';
import { OVERLAY_COLORS, renderOverlay, rgbToHex } from './colormap.ts';
import type { OverlayCounts } from './colormap.ts';
import { HoverMark, pixelAt } from './overlays.tsx';
import { paintPicture, useStoreDrawing } from './useStoreDrawing.ts';
import { countRender } from './renderCount.ts';
import { frameStyle, useGrid } from './grid.ts';
import './OverlayView.css';

const KEYS: { key: keyof OverlayCounts; label: string; title: string }[] = [
  { key: 'tp', label: 'TP', title: 'true positive: g = 1, p > 0.5' },
  { key: 'fp', label: 'FP', title: 'false positive: g = 0, p > 0.5' },
  { key: 'fn', label: 'FN', title: 'false negative: g = 1, p ≤ 0.5' },
  { key: 'tn', label: 'TN', title: 'true negative: g = 0, p ≤ 0.5' },
];

const hover = (e: PointerEvent<HTMLCanvasElement>) => {
  const r = appStore.getState().results;
  if (!r) return;
  const h = pixelAt(e, e.currentTarget, r);
  appStore.getState().setHover({ x: h.x, y: h.y });
};
const leave = () => appStore.getState().setHover(null);

/** The overlay depends on the masks only: a parameter change leaves it as drawn. */
const masksChanged = (s: AppState, p: AppState) =>
  s.results !== p.results &&
  (s.results?.sceneRev !== p.results?.sceneRev ||
    s.results?.height !== p.results?.height ||
    s.results?.width !== p.results?.width);

export function OverlayView() {
  countRender('OverlayView');
  const ready = useApp((s) => s.results !== null);
  const ref = useRef<HTMLCanvasElement>(null);
  const counts = useRef<Partial<Record<keyof OverlayCounts, HTMLSpanElement | null>>>({});
  const shown = useRef({ version: 0 });
  const drawn = useRef<{ rev: number; img: ImageData } | null>(null);
  const grid = useGrid();
  useStoreDrawing(
    ({ results }) => {
      const canvas = ref.current;
      if (!canvas || !results || typeof ImageData === 'undefined') return;
      const last = drawn.current;
      const sameShape = last !== null && last.img.width === results.width && last.img.height === results.height;
      if (sameShape && last.rev === results.sceneRev) return;
      const img = sameShape ? last.img : new ImageData(results.width, results.height);
      const n = renderOverlay(results.target, results.pred, img.data);
      drawn.current = { rev: results.sceneRev, img };
      paintPicture(canvas, img, shown.current.version + 1, shown.current);
      for (const k of KEYS) {
        const span = counts.current[k.key];
        if (span) span.textContent = String(n[k.key]);
      }
    },
    masksChanged,
    ready,
  );
  return (
    <>
      <div className="frame" style={frameStyle(grid)}>
        {ready ? (
          <canvas
            ref={ref}
            className="pixels"
            role="img"
            aria-label="Overlay of true and false positives and negatives"
            onPointerMove={hover}
            onPointerLeave={leave}
          />
        ) : (
          <div className="placeholder" />
        )}
        <HoverMark />
      </div>
      <ul className="overlay-key" aria-label="Overlay colours">
        {KEYS.map((k) => (
          <li key={k.key} title={k.title}>
            <span className="swatch" style={{ background: rgbToHex(OVERLAY_COLORS[k.key]) }} />
            <span className="key-label">{k.label}</span>
            <span
              className="key-count"
              ref={(el) => {
                counts.current[k.key] = el;
              }}
            >
              –
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
