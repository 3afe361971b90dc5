/** Under the scene: one-click slide pictures (the whole scene as a figure, or one panel). */
import { appStore, useApp } from '../../state/store.ts';
import { FIGURE_PANELS, downloadPng, drawSlide } from './slideFigure.ts';
import type { PanelKind } from './slideFigure.ts';
import './slideExports.css';
import { LAYER_LABEL } from '../../scene/types.ts';

const SINGLE: readonly { kind: PanelKind; label: string }[] = [
  { kind: 'target', label: LAYER_LABEL.target },
  { kind: 'pred', label: LAYER_LABEL.pred },
  { kind: 'overlay', label: 'TP/FP/FN' },
  { kind: 'gradient', label: 'Heatmap + legend' },
];

function save(kinds: readonly PanelKind[], name: string): void {
  const s = appStore.getState();
  if (!s.results) return;
  const canvas = drawSlide(kinds, {
    results: s.results,
    selected: s.selected,
    scaleKind: s.scaleKind,
    scaleMode: s.scaleMode,
    scaleExcluded: s.scaleExcluded,
  });
  downloadPng(canvas, `loss-explorer-${name}-${s.selected}.png`);
}

export function SlideExports() {
  const ready = useApp((s) => s.results !== null);
  return (
    <div className="slide-exports" role="group" aria-label="Pictures for slides">
      <span className="muted">For slides (PNG):</span>
      <button
        type="button"
        disabled={!ready}
        onClick={() => save(FIGURE_PANELS, 'figure')}
        title="Ground truth, prediction, TP/FP/FN and the selected heatmap with its legend and caption, side by side"
      >
        Figure of the scene
      </button>
      {SINGLE.map(({ kind, label }) => (
        <button key={kind} type="button" className="link" disabled={!ready} onClick={() => save([kind], kind)}>
          {label}
        </button>
      ))}
    </div>
  );
}
