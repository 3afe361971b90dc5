/** Title, grid size, undo / redo, theme and the backend badge. */
import { useState } from 'react';
import { LOSS_IDS } from '../core/registry.ts';
import { UI_GRID_SIZES, fitGrid, gridLabel, isSquare, longSide } from '../scene/types.ts';
import { useApp } from '../state/store.ts';
import { Segmented } from './Segmented.tsx';
import { LayoutToggle } from './layout/LayoutToggle.tsx';
import { TourButton } from './lesson/TourButton.tsx';
import { ShareControls } from './share/ShareControls.tsx';
import { useHidden } from './useHidden.ts';
import { countRender } from './renderCount.ts';
import { useGrid } from './grid.ts';
import type { EvaluatedPath } from '../core/engine.ts';
import './Header.css';

/** What each engine path is, in a sentence (docs/ARCHITECTURE.md, "How one evaluation runs"). */
const PATH_TEXT: Record<EvaluatedPath, string> = {
  program: 'two custom WebGL programs compute every per-pixel sum and gradient map, parameters as uniforms',
  device: 'tf.js kernels on the GPU, one per operation',
  host: 'typed-array loops on the CPU, per-pixel terms kept across edits and updated where you paint',
};

function BackendBadge() {
  const backend = useApp((s) => s.backend);
  const status = useApp((s) => s.status);
  const elapsed = useApp((s) => s.results?.elapsedMs ?? null);
  const path = useApp((s) => s.results?.path ?? null);
  const [open, setOpen] = useState(false);
  const name = backend?.name ?? '…';
  const reason = backend ? `${backend.name}: ${backend.reason}` : 'choosing a backend';
  return (
    <div
      className="backend"
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        type="button"
        className={`badge${backend?.fellBack ? ' fallback' : ''}`}
        aria-label="Backend"
        title={reason}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-status={status}
      >
        {name}
      </button>
      {elapsed !== null && (
        <span className="timing" title={`Time of the last evaluation (all ${LOSS_IDS.length} losses with gradients)`}>
          {elapsed.toFixed(1)} ms
        </span>
      )}
      {open && backend && (
        <div className="popover" role="dialog" aria-label="Backend details" tabIndex={-1}>
          <p>
            <strong>{backend.name}</strong> runs the engine.
          </p>
          <p>Why: {backend.reason}.</p>
          {path && <p data-engine-path={path}>How: {PATH_TEXT[path]}.</p>}
          {backend.failures.length > 0 && (
            <ul>
              {backend.failures.map((f) => (
                <li key={f.name}>
                  {f.name} failed: {f.error}
                </li>
              ))}
            </ul>
          )}
          <p className="muted">
            Force one with <code>?backend=webgl</code>, <code>wasm</code> or <code>cpu</code>.
          </p>
        </div>
      )}
    </div>
  );
}

export function Header() {
  countRender('Header');
  const grid = useGrid();
  const size = longSide(grid);
  const setGridSize = useApp((s) => s.setGridSize);
  const canUndo = useApp((s) => s.canUndo);
  const canRedo = useApp((s) => s.canRedo);
  const undo = useApp((s) => s.undo);
  const redo = useApp((s) => s.redo);
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  const hideGrid = useHidden('grid');
  const hideTools = useHidden('tools');
  const hideShare = useHidden('share');
  return (
    <header className="app-header">
      <div className="brand">
        <h1>Loss Explorer</h1>
        <p className="tagline">
          The {LOSS_IDS.length} segmentation losses of Jadon’s survey, live, with their gradients
        </p>
      </div>
      <div className="header-controls">
        {!hideShare && <ShareControls />}
        {!hideGrid && (
          <>
            <Segmented
              label="Grid size"
              value={size}
              onChange={setGridSize}
              options={UI_GRID_SIZES.map((n) =>
                isSquare(grid)
                  ? { value: n, label: `${n}²`, title: `${n} × ${n} pixels` }
                  : { value: n, label: String(n), title: `${gridLabel(fitGrid(grid, n))} pixels (long side ${n})` },
              )}
            />
            {!isSquare(grid) && (
              <span className="grid-shape" title="Height × width of the scene">
                {gridLabel(grid)}
              </span>
            )}
          </>
        )}
        {!hideTools && (
          <div className="undo-redo">
            <button type="button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
              Undo
            </button>
            <button type="button" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
              Redo
            </button>
          </div>
        )}
        <button
          type="button"
          className="theme-toggle"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
        <TourButton />
        <LayoutToggle />
        <BackendBadge />
      </div>
    </header>
  );
}
