/** The selected loss's gradient, large, with its controls and legend. */
import { lossInfo } from '../core/registry.ts';
import { useApp } from '../state/store.ts';
import { heatmapsFor } from './heatmaps.ts';
import { Legend } from './Legend.tsx';
import { HoverMark, OutlineOverlay, pixelAt } from './overlays.tsx';
import { PixelCanvas } from './PixelCanvas.tsx';
import { Segmented } from './Segmented.tsx';

export function gradientSymbol(space: 'prob' | 'logit'): string {
  return space === 'prob' ? '∂L/∂p' : '∂L/∂z';
}

export function GradientSpaceToggle() {
  const space = useApp((s) => s.gradientSpace);
  const setSpace = useApp((s) => s.setGradientSpace);
  return (
    <Segmented label="Gradient with respect to" value={space} onChange={setSpace} options={[
      { value: 'prob', label: '∂L/∂p', title: 'Gradient with respect to the probability p' },
      { value: 'logit', label: '∂L/∂z', title: 'Gradient with respect to the logit z, p = σ(z): what a network’s last layer receives' },
    ]} />
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
      <Segmented label="Colour scale" value={kind} onChange={setKind} options={[
        { value: 'symlog', label: 'Sym-log', title: 'Symmetric log: every order of magnitude visible' },
        { value: 'robust', label: 'Robust', title: 'Linear, clipped at the 99th percentile of |gradient|' },
      ]} />
      <Segmented label="Scale shared between losses" value={mode} onChange={setMode} options={[
        { value: 'per-loss', label: 'Per loss', title: 'Each loss uses its own range' },
        { value: 'shared', label: 'Shared', title: 'One range for all 15 losses: compare magnitudes' },
      ]} />
    </div>
  );
}

export function GradientView() {
  const results = useApp((s) => s.results);
  const selected = useApp((s) => s.selected);
  const kind = useApp((s) => s.scaleKind);
  const mode = useApp((s) => s.scaleMode);
  const setHover = useApp((s) => s.setHover);
  const size = results?.size ?? 0;
  const maps = results ? heatmapsFor(results, kind, mode) : null;
  const info = lossInfo(selected);
  const symbol = gradientSymbol(results?.space ?? 'prob');
  return (
    <>
      <div className="frame">
        {maps && results ? (
          <PixelCanvas
            size={size}
            pixels={maps.pixels(selected)}
            role="img"
            aria-label={`Gradient ${symbol} of ${info.name}`}
            onPointerMove={(e) => {
              const h = pixelAt(e, e.currentTarget, size);
              setHover({ x: h.x, y: h.y });
            }}
            onPointerLeave={() => setHover(null)}
          />
        ) : (
          <div className="placeholder" />
        )}
        <OutlineOverlay />
        <HoverMark />
      </div>
      {maps && <Legend scale={maps.scale(selected)} mode={mode} symbol={symbol} clipped={maps.clipped(selected)} />}
      <GradientControls />
    </>
  );
}
