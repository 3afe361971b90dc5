/**
 * The charts section: the selected loss against the parameter being moved (always), and beside it one
 * of four charts in tabs (per-pixel curves, the focal Tversky figure, the FP × FN map, every loss against
 * one change). Data comes from the charts runner (src/state/chartsRunner.ts); nothing is computed here.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { lossInfo } from '../core/registry.ts';
import type { LossId } from '../core/types.ts';
import { chartParamChoices, chartParamKey } from '../state/charts/choices.ts';
import { chartsStore, useCharts } from '../state/chartsStore.ts';
import { appStore, useApp } from '../state/store.ts';
import { CHART_TABS } from '../state/types.ts';
import type { ChartTab } from '../state/types.ts';
import {
  ChartEmpty,
  ChartFrame,
  FocalFigure,
  FocalTverskyFigure,
  ParameterChart,
  ResponseChart,
  TverskyMap,
} from './charts/index.ts';
import {
  FOCAL_FIGURE_TITLE,
  FOCAL_TVERSKY_FIGURE_TITLE,
  focalFigureLabel,
  focalTverskyFigureLabel,
  tverskyMapLabel,
  tverskyMapTitle,
} from './charts/labels.ts';
import { useInView } from './useInView.ts';
import { useDrawnLater } from './charts/drawnLater.ts';
import type { LiveSource } from './charts/LiveLayer.tsx';
import type { FigureLive } from './charts/FigureLegend.tsx';
import type { ParamPoint } from './charts/ParameterChart.tsx';
import { countRender } from './renderCount.ts';
import './ChartsPanel.css';

const TAB_LABEL: Record<ChartTab, string> = {
  pixel: 'Per-pixel curves',
  'focal-tversky': 'Focal Tversky',
  'tversky-map': 'FP × FN map',
  response: 'Every loss',
};

/** The old drawing stays, dimmed (unless the chart dims itself), while its replacement is computed. */
function Pending({ pending, dims = true, children }: { pending: boolean; dims?: boolean; children: ReactNode }) {
  return (
    <div className={`chart-pending-wrap${pending && dims ? ' pending' : ''}`} aria-busy={pending || undefined}>
      {children}
      {pending && (
        <span className="pending-badge" aria-hidden="true">
          <span className="spinner" /> updating
        </span>
      )}
    </div>
  );
}

function ParamPicker() {
  const selected = useApp((s) => s.selected);
  const chosen = useApp((s) => s.chartParam[s.selected]);
  const setChartParam = useApp((s) => s.setChartParam);
  const choices = chartParamChoices(selected);
  const key = chartParamKey(selected, chosen);
  if (choices.length < 2 || key === null) return null;
  return (
    <label className="param-picker">
      <span>x axis</span>
      <select
        value={key}
        aria-label="Parameter on the x axis"
        onChange={(e) => setChartParam(selected, e.target.value)}
      >
        {choices.map((c) => (
          <option key={c.key} value={c.key}>
            {c.label}
            {c.advanced ? ' · advanced' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The evaluated value of a loss at its parameter, straight from each evaluation (the chart's moving dot). */
function useParamPoint(id: LossId | undefined, key: string | undefined): LiveSource<ParamPoint | null> {
  return useMemo(
    () => ({
      get: () => {
        const r = appStore.getState().results;
        if (!r || !id || !key) return null;
        const x = r.params[id]?.[key];
        return { x: typeof x === 'number' ? x : null, y: r.values[id] ?? Number.NaN };
      },
      subscribe: (listener: () => void) =>
        appStore.subscribe((s, prev) => {
          if (s.results !== prev.results) listener();
        }),
    }),
    [id, key],
  );
}

function ParameterSlot() {
  const param = useCharts((s) => s.param);
  const curve = useDrawnLater(param.curve);
  const reference = useDrawnLater(param.reference);
  const live = useParamPoint(param.curve?.id, param.curve?.key);
  const selected = useApp((s) => s.selected);
  const several = chartParamChoices(selected).length > 1;
  return (
    <div className="chart-slot">
      <div className="slot-head">
        <p className="slot-note">
          {several ? 'Follows the slider you move, or pick one:' : 'The selected loss against its parameter.'}
        </p>
        <ParamPicker />
      </div>
      {param.error ? (
        <ChartFrame
          title={`${lossInfo(selected).short} vs a parameter`}
          label={`${lossInfo(selected).name} against a parameter: not available`}
        >
          <ChartEmpty>{param.error}</ChartEmpty>
        </ChartFrame>
      ) : curve && curve.id === selected ? (
        <>
          <Pending pending={param.pending}>
            <ParameterChart curve={curve} reference={reference} live={live} height={340} />
          </Pending>
          {param.note && <p className="chart-note">{param.note}</p>}
        </>
      ) : (
        <Waiting
          title={`${lossInfo(selected).short} vs a parameter`}
          label={`${lossInfo(selected).name} against a parameter: being computed`}
          error={null}
        />
      )}
    </div>
  );
}

function Waiting({ title, label, error }: { title: string; label: string; error: string | null }) {
  return (
    <ChartFrame title={title} label={label}>
      <ChartEmpty>{error ?? 'Computing…'}</ChartEmpty>
    </ChartFrame>
  );
}

/** A paper figure's highlight and marker as they change, for its live layers and legend (the figure itself does not re-render). */
function useFigureLive(slot: 'pixel' | 'focalTversky'): LiveSource<FigureLive> {
  return useMemo(
    () => ({
      get: () => chartsStore.getState()[slot],
      subscribe: (listener: () => void) =>
        chartsStore.subscribe((s, prev) => {
          if (s[slot].highlight !== prev[slot].highlight || s[slot].marker !== prev[slot].marker) listener();
        }),
    }),
    [slot],
  );
}

function PixelTab() {
  const data = useDrawnLater(useCharts((s) => s.pixel.data));
  const note = useCharts((s) => s.pixel.note);
  const error = useCharts((s) => s.pixel.error);
  const live = useFigureLive('pixel');
  if (!data)
    return <Waiting title={FOCAL_FIGURE_TITLE} label={focalFigureLabel(['γ = 0, 0.5, 1, 2, 5'])} error={error} />;
  return (
    <>
      <FocalFigure data={data} live={live} height={340} />
      <p className="chart-note">
        {note ?? 'Dashed: the selected loss for one pixel at its current settings.'} Hover a picture to place its pixel
        on the curve.
        {error ? ` ${error}` : ''}
      </p>
    </>
  );
}

function FocalTverskyTab() {
  const data = useDrawnLater(useCharts((s) => s.focalTversky.data));
  const error = useCharts((s) => s.focalTversky.error);
  const live = useFigureLive('focalTversky');
  if (!data)
    return (
      <Waiting title={FOCAL_TVERSKY_FIGURE_TITLE} label={focalTverskyFigureLabel(['γ = 1, 4/3, 2, 3'])} error={error} />
    );
  return <FocalTverskyFigure data={data} live={live} height={340} />;
}

function MapTab() {
  const map = useCharts((s) => s.map);
  const data = useDrawnLater(map.data);
  const selected = useApp((s) => s.selected);
  const setParam = useApp((s) => s.setParam);
  const onPick = useCallback(
    (fp: number, fn: number) => {
      setParam(map.id, 'fp_weight', fp);
      setParam(map.id, 'fn_weight', fn);
    },
    [setParam, map.id],
  );
  const note =
    map.id !== selected
      ? `${lossInfo(selected).short} has no FP and FN weights: the map shows the Tversky loss (select Focal-Tversky for its own map). Clicking sets Tversky’s weights.`
      : null;
  return (
    <>
      {data ? (
        <Pending pending={map.pending}>
          <TverskyMap data={data} onPick={onPick} />
        </Pending>
      ) : (
        <Waiting title={tverskyMapTitle(map.id)} label={tverskyMapLabel(map.id)} error={map.error} />
      )}
      {note && <p className="chart-note">{note}</p>}
    </>
  );
}

function ResponseTab() {
  const response = useCharts((s) => s.response);
  const data = useDrawnLater(response.data);
  const quantity = useApp((s) => s.responseQuantity);
  const setQuantity = useApp((s) => s.setResponseQuantity);
  const selected = useApp((s) => s.selected);
  return (
    <>
      <Pending pending={response.pending && data !== null} dims={false}>
        <ResponseChart
          data={data}
          quantity={quantity}
          onQuantityChange={setQuantity}
          selected={selected}
          pending={response.pending}
          height={380}
        />
      </Pending>
      {response.error && <p className="chart-note">{response.error}</p>}
    </>
  );
}

function Tabs() {
  const tab = useApp((s) => s.chartTab);
  const setTab = useApp((s) => s.setChartTab);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = CHART_TABS.indexOf(tab);
    let next: number | null = null;
    if (e.key === 'ArrowRight') next = (i + 1) % CHART_TABS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + CHART_TABS.length) % CHART_TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = CHART_TABS.length - 1;
    if (next === null) return;
    e.preventDefault();
    const t = CHART_TABS[next]!;
    setTab(t);
    e.currentTarget.querySelector<HTMLButtonElement>(`#chart-tab-${t}`)?.focus();
  };
  return (
    <div className="chart-slot">
      <div className="chart-tabs" role="tablist" aria-label="Chart beside the parameter chart" onKeyDown={onKeyDown}>
        {CHART_TABS.map((t) => (
          <button
            key={t}
            id={`chart-tab-${t}`}
            type="button"
            role="tab"
            aria-selected={t === tab}
            aria-controls="chart-tabpanel"
            tabIndex={t === tab ? 0 : -1}
            className={t === tab ? 'on' : ''}
            onClick={() => setTab(t)}
          >
            {TAB_LABEL[t]}
          </button>
        ))}
      </div>
      <div id="chart-tabpanel" role="tabpanel" aria-labelledby={`chart-tab-${tab}`} className="chart-tabpanel">
        {tab === 'pixel' && <PixelTab />}
        {tab === 'focal-tversky' && <FocalTverskyTab />}
        {tab === 'tversky-map' && <MapTab />}
        {tab === 'response' && <ResponseTab />}
      </div>
    </div>
  );
}

export function ChartsPanel() {
  countRender('ChartsPanel');
  const ref = useRef<HTMLElement>(null);
  const visible = useInView(ref, '400px');
  const setVisible = useApp((s) => s.setChartsVisible);
  useEffect(() => {
    setVisible(visible);
  }, [visible, setVisible]);
  useEffect(() => () => setVisible(false), [setVisible]);
  return (
    <section className="card charts" aria-label="Charts" ref={ref}>
      <div className="card-head">
        <h2>Charts</h2>
        <p className="muted">They follow the sliders and the masks. Each one saves as PNG or SVG.</p>
      </div>
      <div className="charts-grid">
        <ParameterSlot />
        <Tabs />
      </div>
    </section>
  );
}
