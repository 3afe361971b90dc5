import { useEffect } from 'react';
import { appStore, useApp } from './state/store.ts';
import { Header } from './ui/Header.tsx';
import { Notices } from './ui/Notices.tsx';
import { PresetBar } from './ui/PresetBar.tsx';
import { LearnArea } from './ui/learn/LearnPanel.tsx';
import { Toolbar } from './ui/Toolbar.tsx';
import { LayerView } from './ui/LayerView.tsx';
import { LayerOps, PredictionOps } from './ui/LayerOps.tsx';
import { GradientView, gradientSymbol } from './ui/GradientView.tsx';
import { OverlayView } from './ui/OverlayView.tsx';
import { HoverReadout } from './ui/HoverReadout.tsx';
import { DataPanel } from './ui/data/DataPanel.tsx';
import { LossTable } from './ui/LossTable.tsx';
import { MetricsRow } from './ui/MetricsRow.tsx';
import { ConventionBar, ConventionReport } from './ui/ConventionBar.tsx';
import { LossDetail } from './ui/LossDetail.tsx';
import { SmallMultiples } from './ui/SmallMultiples.tsx';
import { ChartsPanel } from './ui/ChartsPanel.tsx';
import { ClassroomNote } from './ui/share/ClassroomNote.tsx';
import { useHidden } from './ui/useHidden.ts';
import { SHORTCUT_HELP, shortcutFor } from './ui/shortcuts.ts';
import { lossInfo } from './core/registry.ts';
import { countRender } from './ui/renderCount.ts';
import { useLayout } from './ui/layout/layout.ts';
import { ValuesStrip } from './ui/layout/ValuesStrip.tsx';
import { LessonPanel } from './ui/lesson/LessonPanel.tsx';
import { PinControl } from './ui/compare/PinControl.tsx';
import { SlideExports } from './ui/export/SlideExports.tsx';

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['range', 'checkbox', 'radio', 'button'].includes(el.type);
  return (el as HTMLElement).isContentEditable === true;
}

function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e, isTyping(document.activeElement));
      if (!action) return;
      const s = appStore.getState();
      // A classroom link that hides the tool bar also turns its shortcuts off.
      if (s.hidden.includes('tools')) return;
      e.preventDefault();
      if (action.kind === 'undo') s.undo();
      else if (action.kind === 'redo') s.redo();
      else if (action.kind === 'tool') s.setTool(action.tool);
      else s.setRadius(Math.round(s.radius * action.factor * 2) / 2);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function useTheme() {
  const theme = useApp((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
}

function GradientTitle() {
  const selected = useApp((s) => s.selected);
  const space = useApp((s) => s.gradientSpace);
  return (
    <h3 className="view-title" title={`${gradientSymbol(space)} of ${lossInfo(selected).name}`}>
      {gradientSymbol(space)} <span className="hint">{lossInfo(selected).short}</span>
    </h3>
  );
}

export function App() {
  countRender('App');
  useShortcuts();
  useTheme();
  const status = useApp((s) => s.status);
  const layout = useLayout();
  const hideTools = useHidden('tools');
  const paintTarget = !useHidden('paint-target');
  const paintPred = !useHidden('paint-pred');
  const hideHeatmap = useHidden('heatmap');
  const hideConventions = useHidden('conventions');
  const hideTable = useHidden('table');
  const hideMetrics = useHidden('metrics');
  const hideCharts = useHidden('charts');
  const hideLosses = hideConventions && hideTable && hideMetrics;
  return (
    <div className="app" data-status={status} data-layout={layout}>
      <Header />
      <ClassroomNote />
      <Notices />
      <LessonPanel />
      <PresetBar />
      <LearnArea />
      <main className={`layout${hideLosses ? ' no-losses' : ''}`}>
        <section className="card scene" aria-label="Scene">
          {!hideTools && <Toolbar />}
          <div className={`views${hideHeatmap ? ' no-grad' : ''}`}>
            <div className="view v-gt">
              <h3 className="view-title">
                Ground truth <span className="hint">g, binary brush</span>
              </h3>
              <LayerView layer="target" paintable={paintTarget} />
              {paintTarget && <LayerOps layer="target" />}
            </div>
            <div className="view v-pred">
              <h3 className="view-title">
                Prediction <span className="hint">p ∈ [0, 1]</span>
              </h3>
              <LayerView layer="pred" paintable={paintPred} />
              {paintPred && <LayerOps layer="pred" />}
            </div>
            {!hideHeatmap && (
              <div className="view v-grad">
                <GradientTitle />
                <GradientView />
              </div>
            )}
            {paintPred && <PredictionOps />}
          </div>
          <HoverReadout />
          {!hideTools && <DataPanel />}
          <SlideExports />
        </section>
        {!hideLosses && (
          <section className="card losses" aria-label="Losses">
            <div className="card-head">
              {/* With the table hidden the card holds only metrics (and conventions): it is named for them. */}
              <h2>{hideTable ? (hideMetrics ? 'Conventions' : 'Thresholded metrics') : 'Losses'}</h2>
              {!hideConventions && <ConventionBar />}
            </div>
            {!hideConventions && <ConventionReport />}
            {!hideTable && <PinControl />}
            {!hideTable && <LossTable />}
            {!hideMetrics && (
              <>
                <h3 className="metrics-title">Thresholded at p &gt; 0.5</h3>
                <div className="threshold-block">
                  <div className="overlay-view">
                    <OverlayView />
                  </div>
                  <MetricsRow />
                </div>
              </>
            )}
          </section>
        )}
        <section className="card selected-loss" aria-label="Selected loss">
          <LossDetail />
        </section>
        {!hideCharts && <ChartsPanel />}
        {!hideHeatmap && (
          <section className="card all-gradients" aria-label="All gradients">
            <div className="card-head">
              <h2>All gradients</h2>
              <p className="muted">Click one to select it. Same colours and scale settings as the large view.</p>
            </div>
            <SmallMultiples />
          </section>
        )}
      </main>
      <ValuesStrip />
      <footer className="app-footer">
        <ul className="shortcuts">
          {SHORTCUT_HELP.map(([k, what]) => (
            <li key={k}>
              <kbd>{k}</kbd> {what}
            </li>
          ))}
        </ul>
        <p className="muted">Definitions: docs/losses.md. Gradients are straight-through at the log clip ε.</p>
      </footer>
    </div>
  );
}
