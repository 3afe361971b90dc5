/** TP / FP / FN / TN of the thresholded prediction, from the same evaluation as the numbers. */
import { useMemo } from 'react';
import { useApp } from '../state/store.ts';
import { OVERLAY_COLORS, renderOverlay, rgbToHex } from './colormap.ts';
import type { OverlayCounts } from './colormap.ts';
import { HoverMark, pixelAt } from './overlays.tsx';
import { PixelCanvas } from './PixelCanvas.tsx';

const KEYS: { key: keyof OverlayCounts; label: string; title: string }[] = [
  { key: 'tp', label: 'TP', title: 'true positive: g = 1, p > 0.5' },
  { key: 'fp', label: 'FP', title: 'false positive: g = 0, p > 0.5' },
  { key: 'fn', label: 'FN', title: 'false negative: g = 1, p ≤ 0.5' },
  { key: 'tn', label: 'TN', title: 'true negative: g = 0, p ≤ 0.5' },
];

export function OverlayView() {
  const results = useApp((s) => s.results);
  const setHover = useApp((s) => s.setHover);
  const drawn = useMemo(() => {
    if (!results || typeof ImageData === 'undefined') return null;
    const img = new ImageData(results.size, results.size);
    const counts = renderOverlay(results.target, results.pred, img.data);
    return { img, counts };
  }, [results]);
  const size = results?.size ?? 0;
  return (
    <>
      <div className="frame">
        {drawn ? (
          <PixelCanvas
            size={size}
            pixels={drawn.img}
            role="img"
            aria-label="Overlay of true and false positives and negatives"
            onPointerMove={(e) => {
              const h = pixelAt(e, e.currentTarget, size);
              setHover({ x: h.x, y: h.y });
            }}
            onPointerLeave={() => setHover(null)}
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
            <span className="key-count">{drawn ? drawn.counts[k.key] : '–'}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
