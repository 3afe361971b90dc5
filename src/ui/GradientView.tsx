/** The selected loss's gradient, large, with its controls and legend. */
import { LOSS_IDS, lossInfo } from '../core/registry.ts';
import type { DerivativeSpace } from '../core/types.ts';
import type { PointerEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { appStore, useApp } from '../state/store.ts';
import { mapClipped, mapScale } from './heatmaps.ts';
import { Legend } from './Legend.tsx';
import { SharedScaleNote } from './SharedScaleNote.tsx';
import { MapCanvas } from './MapCanvas.tsx';
import { HoverMark, OutlineOverlay, pixelAt } from './overlays.tsx';
import { Segmented } from './Segmented.tsx';
import { countRender } from './renderCount.ts';
import { frameStyle, useGrid } from './grid.ts';
import './GradientView.css';

export function gradientSymbol(space: DerivativeSpace): string {
  return space === 'prob' ? '∂L/∂p' : '∂L/∂z';
}

export function GradientSpaceToggle() {
  const space = useApp((s) => s.gradientSpace);
  const setSpace = useApp((s) => s.setGradientSpace);
  return (
    <Segmented
      label="Gradient with respect to"
      value={space}
      onChange={setSpace}
      options={[
        { value: 'prob', label: '∂L/∂p', title: 'Gradient with respect to the probability p' },
        {
          value: 'logit',
          label: '∂L/∂z',
          title: 'Gradient with respect to the logit z, p = σ(z): what a network’s last layer receives',
        },
      ]}
    />
  );
}

export function GradientControls() {
  const kind = useApp((s) => s.scaleKind);
  const mode = useApp((s) => s.scaleMode);
  const setKind = useApp((s) => s.setScaleKind);
  const setMode = useApp((s) => s.setScaleMode);
  return (
    <div className="gradient-controls">
      <GradientSpaceToggle />
      <Segmented
        label="Colour scale"
        value={kind}
        onChange={setKind}
        options={[
          { value: 'symlog', label: 'Sym-log', title: 'Symmetric log: every order of magnitude visible' },
          { value: 'robust', label: 'Robust', title: 'Linear, clipped at the 99th percentile of |gradient|' },
        ]}
      />
      <Segmented
        label="Scale shared between losses"
        value={mode}
        onChange={setMode}
        options={[
          { value: 'per-loss', label: 'Per loss', title: 'Each loss uses its own range' },
          {
            value: 'shared',
            label: 'Shared',
            title: `One range for all ${LOSS_IDS.length} losses: compare magnitudes`,
          },
        ]}
      />
    </div>
  );
}

/** The legend of the selected map: renders when its scale's numbers change, not on every evaluation. */
function SelectedLegend() {
  const legend = useApp(
    useShallow((s) => {
      if (!s.results) return null;
      const scale = mapScale(s.results, s.selected, s.scaleKind, s.scaleMode, s.scaleExcluded);
      return {
        kind: scale.kind,
        max: scale.max,
        linthresh: scale.linthresh,
        absMax: scale.absMax,
        mode: s.scaleMode,
        space: s.results.space,
        clipped: mapClipped(s.results, s.selected, s.scaleKind, s.scaleMode, s.scaleExcluded),
      };
    }),
  );
  if (!legend) return null;
  const { mode, space, clipped, ...scale } = legend;
  return (
    <>
      <Legend scale={scale} mode={mode} symbol={gradientSymbol(space)} clipped={clipped} />
      {mode === 'shared' && <SharedScaleNote />}
    </>
  );
}

const hover = (e: PointerEvent<HTMLCanvasElement>) => {
  const r = results();
  if (!r) return;
  const h = pixelAt(e, e.currentTarget, r);
  appStore.getState().setHover({ x: h.x, y: h.y });
};
const leave = () => appStore.getState().setHover(null);
const results = () => appStore.getState().results;

export function GradientView() {
  countRender('GradientView');
  const ready = useApp((s) => s.results !== null);
  const selected = useApp((s) => s.selected);
  const space = useApp((s) => s.results?.space ?? 'prob');
  const grid = useGrid();
  return (
    <>
      <div className="frame" style={frameStyle(grid)}>
        {ready ? (
          <MapCanvas
            loss="selected"
            which="pixels"
            role="img"
            aria-label={`Gradient ${gradientSymbol(space)} of ${lossInfo(selected).name}`}
            onPointerMove={hover}
            onPointerDown={hover}
            onPointerLeave={(e) => {
              if (e.pointerType === 'mouse') leave();
            }}
          />
        ) : (
          <div className="placeholder" />
        )}
        <OutlineOverlay />
        <HoverMark />
      </div>
      <SelectedLegend />
      <GradientControls />
    </>
  );
}
