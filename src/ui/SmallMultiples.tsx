/** All 15 gradient maps side by side, from the same evaluation as the table. */
import { memo, useEffect, useRef } from 'react';
import type { PointerEvent } from 'react';
import { LOSSES } from '../core/registry.ts';
import type { LossInfo } from '../core/types.ts';
import { formatTick, formatValue } from './format.ts';
import { appStore, useApp } from '../state/store.ts';
import type { AppState } from '../state/types.ts';
import { mapScale } from './heatmaps.ts';
import { MapCanvas } from './MapCanvas.tsx';
import { HoverMark, OutlineOverlay, pixelAt } from './overlays.tsx';
import { useInView } from './useInView.ts';
import { useStoreDrawing } from './useStoreDrawing.ts';
import { countRender } from './renderCount.ts';
import { frameStyle, useGrid } from './grid.ts';
import './SmallMultiples.css';

const hover = (e: PointerEvent<HTMLCanvasElement>) => {
  const r = appStore.getState().results;
  if (!r) return;
  const h = pixelAt(e, e.currentTarget, r);
  appStore.getState().setHover({ x: h.x, y: h.y });
};
const leave = () => appStore.getState().setHover(null);

const captionChanged = (s: AppState, p: AppState) =>
  s.results !== p.results ||
  s.scaleKind !== p.scaleKind ||
  s.scaleMode !== p.scaleMode ||
  s.scaleExcluded !== p.scaleExcluded;

/** The value and the largest |gradient| under a map, written from the store like the map itself. */
function Caption({ info, paused }: { info: LossInfo; paused: boolean }) {
  const value = useRef<HTMLSpanElement>(null);
  const max = useRef<HTMLSpanElement>(null);
  useStoreDrawing(
    (s) => {
      if (paused || !s.results || !value.current || !max.current) return;
      const text = formatValue(s.results.values[info.id], 4).text;
      if (value.current.textContent !== text) value.current.textContent = text;
      const m = mapScale(s.results, info.id, s.scaleKind, s.scaleMode, s.scaleExcluded).absMax;
      const maxText = `max ${m > 0 ? formatTick(m) : '0'}`;
      if (max.current.textContent !== maxText) max.current.textContent = maxText;
    },
    captionChanged,
    paused,
  );
  return (
    <figcaption>
      <span className="m-name">{info.short}</span>
      <span className="m-value" ref={value} />
      <span className="m-scale" ref={max} title="Largest |gradient| in this map" />
    </figcaption>
  );
}

const Multiple = memo(function Multiple({ info, paused }: { info: LossInfo; paused: boolean }) {
  countRender(`Multiple:${info.id}`);
  const selected = useApp((s) => s.selected === info.id);
  const grid = useGrid();
  return (
    <figure className={`multiple${selected ? ' selected' : ''}`}>
      <button
        type="button"
        className="multiple-btn"
        onClick={() => appStore.getState().select(info.id)}
        aria-label={`Select ${info.name}`}
        aria-pressed={selected}
      >
        <div className="frame" style={frameStyle(grid)}>
          <MapCanvas
            loss={info.id}
            which="pixels"
            paused={paused}
            aria-hidden="true"
            onPointerMove={hover}
            onPointerLeave={leave}
          />
          <OutlineOverlay />
          <HoverMark />
        </div>
      </button>
      <Caption info={info} paused={paused} />
    </figure>
  );
});

export function SmallMultiples() {
  countRender('SmallMultiples');
  const ref = useRef<HTMLDivElement>(null);
  const visible = useInView(ref);
  const ready = useApp((s) => s.results !== null);
  // Off screen, the 15 pictures keep the last evaluation drawn while visible (painting stays fast) and
  // are hidden while stale; they catch up the moment they scroll into view.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const mark = (stale: boolean) => {
      el.classList.toggle('stale', stale);
      if (stale) el.setAttribute('aria-busy', 'true');
      else el.removeAttribute('aria-busy');
    };
    if (visible) {
      mark(false);
      return;
    }
    return appStore.subscribe((s, p) => {
      if (s.results !== p.results) mark(true);
    });
  }, [visible]);
  return (
    <div className="multiples" ref={ref}>
      {ready ? (
        LOSSES.map((l) => <Multiple key={l.id} info={l} paused={!visible} />)
      ) : (
        <p className="muted">Waiting for the first evaluation…</p>
      )}
    </div>
  );
}
