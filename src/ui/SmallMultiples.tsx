/** All 15 gradient maps side by side, from the same evaluation as the table. */
import { useRef, useState } from 'react';
import { LOSSES } from '../core/registry.ts';
import { formatTick, formatValue } from '../state/format.ts';
import { useApp } from '../state/store.ts';
import { heatmapsFor } from './heatmaps.ts';
import { HoverMark, OutlineOverlay, pixelAt } from './overlays.tsx';
import { PixelCanvas } from './PixelCanvas.tsx';
import { useInView } from './useInView.ts';

export function SmallMultiples() {
  const ref = useRef<HTMLDivElement>(null);
  const visible = useInView(ref);
  const live = useApp((s) => s.results);
  // Off screen, the 15 pictures keep the last evaluation drawn while visible: painting stays fast,
  // and they catch up the moment they scroll into view.
  const [results, setResults] = useState(live);
  if ((visible || !results) && results !== live) setResults(live);
  const selected = useApp((s) => s.selected);
  const kind = useApp((s) => s.scaleKind);
  const mode = useApp((s) => s.scaleMode);
  const select = useApp((s) => s.select);
  const setHover = useApp((s) => s.setHover);
  if (!results) {
    return (
      <div className="multiples" ref={ref}>
        <p className="muted">Waiting for the first evaluation…</p>
      </div>
    );
  }
  const maps = heatmapsFor(results, kind, mode);
  // Stale pictures (drawn while off screen) are never shown: hidden until they catch up.
  const stale = results !== live;
  return (
    <div className={`multiples${stale ? ' stale' : ''}`} ref={ref} aria-busy={stale || undefined}>
      {LOSSES.map((l) => {
        const s = maps.scale(l.id);
        return (
          <figure key={l.id} className={`multiple${l.id === selected ? ' selected' : ''}`}>
            <button type="button" className="multiple-btn" onClick={() => select(l.id)} aria-label={`Select ${l.name}`} aria-pressed={l.id === selected}>
              <div className="frame">
                <PixelCanvas
                  size={results.size}
                  pixels={maps.pixels(l.id)}
                  aria-hidden="true"
                  onPointerMove={(e) => {
                    const h = pixelAt(e, e.currentTarget, results.size);
                    setHover({ x: h.x, y: h.y });
                  }}
                  onPointerLeave={() => setHover(null)}
                />
                <OutlineOverlay />
                <HoverMark />
              </div>
            </button>
            <figcaption>
              <span className="m-name">{l.short}</span>
              <span className="m-value">{formatValue(results.values[l.id], 4).text}</span>
              <span className="m-scale" title="Largest |gradient| in this map">max {s.absMax > 0 ? formatTick(s.absMax) : '0'}</span>
            </figcaption>
          </figure>
        );
      })}
    </div>
  );
}
