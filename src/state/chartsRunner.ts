/**
 * The charts runner: the only code that asks for chart data (src/core/curves.ts, computed by the charts'
 * engine in its own worker: see src/worker/service.ts), written to chartsStore. Components draw what it
 * writes and never compute a loss. Every call is asynchronous; an answer is applied only when it is
 * still wanted (same engine, same memo), and the next frame looks again at what is wanted now.
 *
 * Live vs debounced. Once per frame, after the screen's runner has published a result, the cheap parts
 * follow: the parameter chart's dot (the curve is memoised on parameterCurveKey(id, key, params) and
 * the scene revision, so dragging the swept parameter only moves the dot: withCurrent), the map's
 * marker, the per-pixel and focal Tversky highlights and markers. A curve that must be recomputed
 * because the masks or another parameter changed is marked pending (drawn dimmed) and recomputed off the
 * drag path: after a pause (debounced), never during a stroke. Host-only parameter sweeps (float64 on one
 * set of sums) are cheap enough to run at once when nothing is being painted. The response curves are
 * one run at a time, abandoned (abortResponse) on every change. Nothing runs while the charts are
 * off screen or hidden by a classroom flag.
 */
import { parameterCurveKey, withCurrent } from '../core/curveMath.ts';
import type { ParameterCurve, TverskyMapData } from '../core/curveMath.ts';
import type { EngineApi } from '../worker/protocol.ts';
import {
  chartParamKey,
  chooseReference,
  focalTverskyMarker,
  formatParamValue,
  hoveredPixel,
  mapLossFor,
  mapMemoKey,
  mapWithCurrent,
  pixelHighlightLabel,
  pixelHighlightLoss,
} from './chartChoices.ts';
import { defaultFrame, idleWaiters } from './frame.ts';
import type { Frame } from './frame.ts';
import { resolveParams } from '../core/registry.ts';
import type { LossId } from '../core/types.ts';
import { formatValue } from '../ui/format.ts';
import type { ChartsState, ChartsStore } from './chartsStore.ts';
import type { AppStore } from './store.ts';
import type { AppState, Results } from './types.ts';

/** The charts' engine (its own worker, or the screen's service on the main thread), set by boot.ts. */
export interface ChartsHost {
  charts: EngineApi | null;
  /** Per loss, the parameter keys whose sweep is device work (from the engine's start). */
  deviceKeys: Record<LossId, readonly string[]> | null;
}

// ── the runner ─────────────────────────────────────────────────────────────────────────────────────

export interface ChartsRunnerOptions {
  frame?: Frame;
  setTimer?: (cb: () => void, ms: number) => unknown;
  clearTimer?: (id: unknown) => void;
  /**
   * Debounce delays (ms); `figure`: the shortest interval between two redraws of a paper figure, `marker`:
   * of the parameter chart (its dot follows a drag at that rate: a recharts redraw costs tens of ms).
   */
  delays?: Partial<{
    param: number;
    deviceParam: number;
    map: number;
    response: number;
    figure: number;
    marker: number;
  }>;
}

export interface ChartsRunner {
  /** Asks for an update on the next frame (e.g. after the engines changed). */
  kick(): void;
  stop(): void;
  /** Resolves once no chart work is scheduled or running. */
  idle(): Promise<void>;
}

const DEFAULT_DELAYS = { param: 120, deviceParam: 220, map: 120, response: 350, figure: 250, marker: 250 };

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Which store changes concern the charts. */
function chartInputsChanged(a: AppState, b: AppState): boolean {
  return (
    a.results !== b.results ||
    a.selected !== b.selected ||
    a.params !== b.params ||
    a.chartParam !== b.chartParam ||
    a.chartTab !== b.chartTab ||
    a.responseQuantity !== b.responseQuantity ||
    a.hover !== b.hover ||
    a.chartsVisible !== b.chartsVisible ||
    a.hidden !== b.hidden ||
    a.status !== b.status ||
    a.stroking !== b.stroking
  );
}

export function startChartsRunner(
  store: AppStore,
  host: ChartsHost,
  charts: ChartsStore,
  options: ChartsRunnerOptions = {},
): ChartsRunner {
  const frame = options.frame ?? defaultFrame;
  const setTimer = options.setTimer ?? ((cb, ms) => setTimeout(cb, ms));
  const clearTimer = options.clearTimer ?? ((id) => clearTimeout(id as ReturnType<typeof setTimeout>));
  const delays = { ...DEFAULT_DELAYS, ...options.delays };

  let stopped = false;
  let frameScheduled = false;
  type TimerName = 'param' | 'map' | 'response' | 'figure' | 'marker';
  const TIMERS: readonly TimerName[] = ['param', 'map', 'response', 'figure', 'marker'];
  const timers = new Map<TimerName, unknown>();
  /** When a paper figure was last redrawn: redrawing a recharts figure costs more than a frame on slow machines. */
  let figureAt = -Infinity;
  /** When the parameter chart was last updated (same reason, its own rate). */
  let paramAt = -Infinity;
  /** Calls to the engine not yet answered. */
  let inFlight = 0;
  let responseSerial = 0;
  /** The response computation under way and not abandoned. */
  let responseRun: { memo: string; run: number } | null = null;
  /** Whether the store or an engine answer changed since the throttled charts were last updated. */
  const dirty = { param: true, figure: true };
  const markDirty = () => {
    dirty.param = true;
    dirty.figure = true;
  };

  // The engine seen last; a change (backend switch, new worker) drops everything computed with the old one.
  let seen: EngineApi | null = null;
  let gen = 0;

  // Memos: what the data in the store was computed for, what is being computed, what a timer will compute.
  let paramMemo: string | null = null;
  let paramRunning: string | null = null;
  let paramDue: string | null = null;
  let mapDue: string | null = null;
  let mapRunning: string | null = null;
  let paramBase: ParameterCurve | null = null;
  let pixelKey: string | null = null;
  let pixelRunning: string | null = null;
  let markerKey: string | null = null;
  let markerRunning: string | null = null;
  let markerSeq = 0;
  let markerShown = 0;
  let ftKey: string | null = null;
  let ftRunning: string | null = null;
  let figureRunning = { pixel: false, focalTversky: false };
  let mapMemo: string | null = null;
  let mapBase: TverskyMapData | null = null;
  let responseMemo: string | null = null;
  const paramsIds = new WeakMap<object, number>();
  let paramsCounter = 0;
  const paramsRev = (p: object) => {
    let id = paramsIds.get(p);
    if (id === undefined) {
      id = ++paramsCounter;
      paramsIds.set(p, id);
    }
    return id;
  };

  const patch = <K extends keyof ChartsState>(section: K, value: Partial<ChartsState[K]>) => {
    const cur = charts.getState()[section];
    const changed = (Object.keys(value) as (keyof ChartsState[K])[]).some((k) => !Object.is(cur[k], value[k]));
    if (changed) charts.setState({ [section]: { ...cur, ...value } } as Partial<ChartsState>);
  };

  const idleness = idleWaiters(() => !frameScheduled && timers.size === 0 && inFlight === 0);
  const settle = idleness.check;

  const request = () => {
    if (frameScheduled || stopped) return;
    frameScheduled = true;
    frame(() => {
      frameScheduled = false;
      try {
        tick();
      } finally {
        settle();
      }
    });
  };

  const cancel = (name: TimerName) => {
    const t = timers.get(name);
    if (t !== undefined) clearTimer(t);
    timers.delete(name);
  };

  const later = (name: TimerName, ms: number, run: () => void) => {
    cancel(name);
    timers.set(
      name,
      setTimer(() => {
        timers.delete(name);
        if (!stopped) {
          try {
            run();
          } finally {
            settle();
          }
        }
      }, ms),
    );
  };

  /**
   * One call to the engine: its answer is applied only if the engine is still the one asked (same
   * generation) and the runner runs; either way the next frame looks again at what is wanted now.
   */
  function ask<T>(call: Promise<T>, done: (value: T) => void, failed: (message: string) => void): void {
    const asked = gen;
    inFlight += 1;
    call
      .then(
        (value) => {
          if (!stopped && gen === asked) done(value);
        },
        (err: unknown) => {
          if (!stopped && gen === asked) failed(`This chart could not be computed: ${describe(err)}`);
        },
      )
      .finally(() => {
        inFlight -= 1;
        markDirty();
        request();
        settle();
      });
  }

  const abortResponse = () => {
    if (responseRun && seen) void seen.abortResponse(responseRun.run).catch(() => {});
    responseRun = null;
  };

  function checkEngine(): EngineApi | null {
    if (host.charts !== seen) {
      abortResponse();
      seen = host.charts;
      gen += 1;
      markDirty();
      paramMemo = paramRunning = null;
      paramBase = null;
      pixelKey = pixelRunning = markerKey = markerRunning = ftKey = ftRunning = null;
      figureRunning = { pixel: false, focalTversky: false };
      mapMemo = mapRunning = null;
      mapBase = null;
      responseMemo = null;
      for (const name of TIMERS) cancel(name);
      figureAt = -Infinity;
      paramAt = -Infinity;
      const fresh = charts.getState();
      charts.setState({
        pixel: { ...fresh.pixel, data: null, highlight: null, marker: null },
        focalTversky: { ...fresh.focalTversky, data: null, highlight: null, marker: null },
      });
    }
    return seen;
  }

  const isDeviceSweep = (id: LossId, key: string) => host.deviceKeys?.[id]?.includes(key) ?? true;

  function active(s: AppState): s is AppState & { results: Results } {
    return !stopped && s.status === 'ready' && s.results !== null && s.chartsVisible && !s.hidden.includes('charts');
  }

  const sceneOf = (r: Results) => ({ target: r.target, pred: r.pred, height: r.height, width: r.width });

  // ── the parameter chart ──

  function paramTarget(s: AppState & { results: Results }) {
    const id = s.selected;
    const key = chartParamKey(id, s.chartParam[id]);
    const r = s.results;
    const memo = key === null ? null : `${parameterCurveKey(id, key, r.params[id])}|${r.sceneRev}|${gen}`;
    return { id, key, r, memo };
  }

  function showParam(s: AppState & { results: Results }) {
    const { id, key, r } = paramTarget(s);
    if (!paramBase || key === null) return;
    const x = r.params[id]?.[key];
    const y = r.values[id] ?? NaN;
    const prev = charts.getState().param.curve;
    const moved =
      !prev ||
      prev.id !== paramBase.id ||
      prev.key !== paramBase.key ||
      prev.xs !== paramBase.xs ||
      prev.current.x !== (typeof x === 'number' ? x : null) ||
      !Object.is(prev.current.y, y);
    const { reference, note } = chooseReference(id, paramBase.ys, y, r.values.bce);
    const prevRef = charts.getState().param.reference;
    patch('param', {
      id,
      key,
      pending: false,
      error: null,
      note,
      curve: moved ? withCurrent(paramBase, typeof x === 'number' ? x : null, y) : prev,
      reference: prevRef && reference && prevRef.value === reference.value ? prevRef : reference,
    });
  }

  function computeParam(): void {
    const s = store.getState();
    const api = checkEngine();
    if (!active(s) || !api) return;
    const { id, key, r, memo } = paramTarget(s);
    if (key === null || memo === null || memo === paramRunning) return;
    abortResponse(); // the worker answers in order: a response run would hold this back
    paramRunning = memo;
    ask(
      api.parameterCurve(sceneOf(r), id, key, r.params[id]),
      (curve) => {
        if (paramRunning === memo) paramRunning = null;
        paramBase = curve;
        paramMemo = memo;
        const now = store.getState();
        if (active(now) && paramTarget(now).memo === memo) showParam(now);
      },
      (error) => {
        if (paramRunning === memo) paramRunning = null;
        paramMemo = memo;
        paramBase = null;
        patch('param', { id, key, curve: null, pending: false, error });
      },
    );
  }

  function updateParam(s: AppState & { results: Results }) {
    const { id, key, memo } = paramTarget(s);
    if (key === null) {
      cancel('param');
      paramMemo = null;
      paramBase = null;
      patch('param', { id, key: null, curve: null, pending: false, error: null });
      return;
    }
    if (memo === paramMemo) {
      showParam(s);
      return;
    }
    if (memo === paramRunning) return;
    const device = isDeviceSweep(id, key);
    if (!device && !s.stroking) {
      cancel('param');
      computeParam();
      return;
    }
    patch('param', { pending: true });
    if (s.stroking) {
      cancel('param');
      paramDue = null;
    } else if (!(timers.has('param') && paramDue === memo)) {
      // A new target restarts the wait; the same one (e.g. while its own slider is dragged) keeps it.
      paramDue = memo;
      later('param', device ? delays.deviceParam : delays.param, computeParam);
    }
  }

  // ── per-pixel figure (Lin et al., Fig. 1) ──

  function updatePixel(s: AppState & { results: Results }, api: EngineApi) {
    const data = charts.getState().pixel.data;
    if (!data) {
      if (!figureRunning.pixel) {
        figureRunning.pixel = true;
        ask(
          api.focalPaperFigure(),
          (fig) => patch('pixel', { data: fig, error: null }),
          (error) => {
            figureRunning.pixel = false;
            patch('pixel', { error });
          },
        );
      }
      return;
    }
    const { loss, note } = pixelHighlightLoss(s.selected, s.params[s.selected]);
    const params = s.params[loss];
    const hovered = hoveredPixel(s.results, s.hover);
    const label: 0 | 1 = hovered ? hovered.g : 1;
    const key = JSON.stringify([loss, resolveParams(loss, params), label, gen]);
    patch('pixel', { loss, note });
    if (key !== pixelKey && key !== pixelRunning) {
      pixelRunning = key;
      ask(
        api.pixelLossCurve(loss, params, data.pt, label),
        (ys) => {
          if (pixelRunning === key) pixelRunning = null;
          pixelKey = key;
          patch('pixel', { highlight: { label: pixelHighlightLabel(loss, params, label), ys }, error: null });
        },
        (error) => {
          if (pixelRunning === key) pixelRunning = null;
          pixelKey = key;
          patch('pixel', { error });
        },
      );
    }
    if (!hovered) {
      markerKey = null;
      markerRunning = null;
      patch('pixel', { marker: null });
      return;
    }
    const mkey = JSON.stringify([key, hovered.x, hovered.y, hovered.p]);
    if (mkey === markerKey || mkey === markerRunning) return;
    markerRunning = mkey;
    const seq = ++markerSeq;
    ask(
      api.pixelLossCurve(loss, params, [hovered.pt], hovered.g),
      (ys) => {
        // Older than the marker shown, or the pointer has left the picture meanwhile: dropped.
        if (seq < markerShown || store.getState().hover === null) return;
        markerShown = seq;
        if (markerRunning === mkey) markerRunning = null;
        markerKey = mkey;
        const y = ys[0];
        const marker =
          y !== undefined && Number.isFinite(y)
            ? {
                x: hovered.pt,
                y,
                label: `pixel (${hovered.x}, ${hovered.y}): p_t = ${formatValue(hovered.pt, 3).text}, loss = ${formatValue(y, 3).text}`,
              }
            : null;
        patch('pixel', { marker });
      },
      (error) => {
        if (markerRunning === mkey) markerRunning = null;
        markerKey = mkey;
        patch('pixel', { error });
      },
    );
  }

  // ── focal Tversky figure (Abraham & Khan, Fig. 1) ──

  function updateFocalTversky(s: AppState & { results: Results }, api: EngineApi) {
    const data = charts.getState().focalTversky.data;
    if (!data) {
      if (!figureRunning.focalTversky) {
        figureRunning.focalTversky = true;
        ask(
          api.focalTverskyFigure(),
          (fig) => patch('focalTversky', { data: fig, error: null }),
          (error) => {
            figureRunning.focalTversky = false;
            patch('focalTversky', { error });
          },
        );
      }
      return;
    }
    const gamma = resolveParams('focal_tversky', s.params.focal_tversky)['gamma'];
    if (typeof gamma === 'number') {
      const key = JSON.stringify([gamma, gen]);
      if (key !== ftKey && key !== ftRunning) {
        ftRunning = key;
        ask(
          api.focalTverskyFigure([gamma]),
          (fig) => {
            if (ftRunning === key) ftRunning = null;
            ftKey = key;
            const trained = fig.curves[0]?.trained ?? null;
            patch('focalTversky', {
              highlight: trained
                ? { label: `current γ = ${formatParamValue(gamma)}, trained loss`, ys: trained }
                : null,
              error: null,
            });
          },
          (error) => {
            if (ftRunning === key) ftRunning = null;
            ftKey = key;
            patch('focalTversky', { error });
          },
        );
      }
    }
    const rGamma = resolveParams('focal_tversky', s.results.params.focal_tversky)['gamma'];
    const marker = focalTverskyMarker(s.results.values.focal_tversky, typeof rGamma === 'number' ? rGamma : NaN);
    const prev = charts.getState().focalTversky.marker;
    if (!(prev && marker && prev.x === marker.x && prev.y === marker.y) && !(prev === null && marker === null))
      patch('focalTversky', { marker });
  }

  // ── FP × FN map ──

  function computeMap() {
    const s = store.getState();
    const api = checkEngine();
    if (!active(s) || !api) return;
    const id = mapLossFor(s.selected);
    const r = s.results;
    const memo = mapMemoKey(id, r.params[id], r.sceneRev, gen);
    if (memo === mapRunning) return;
    abortResponse();
    mapRunning = memo;
    ask(
      api.tverskyMap(sceneOf(r), id, r.params[id], 64),
      (data) => {
        if (mapRunning === memo) mapRunning = null;
        mapBase = data;
        mapMemo = memo;
        const cur = store.getState();
        if (
          active(cur) &&
          mapMemoKey(mapLossFor(cur.selected), cur.results.params[id], cur.results.sceneRev, gen) === memo
        ) {
          patch('map', {
            id,
            data: mapWithCurrent(data, cur.results.params[id], cur.results.values[id]),
            pending: false,
            error: null,
          });
        }
      },
      (error) => {
        if (mapRunning === memo) mapRunning = null;
        mapMemo = memo;
        mapBase = null;
        patch('map', { id, data: null, pending: false, error });
      },
    );
  }

  function updateMap(s: AppState & { results: Results }) {
    const id = mapLossFor(s.selected);
    const r = s.results;
    const memo = mapMemoKey(id, r.params[id], r.sceneRev, gen);
    if (memo === mapMemo && mapBase) {
      const cur = charts.getState().map.data;
      const next = mapWithCurrent(cur && cur.rows === mapBase.rows ? cur : mapBase, r.params[id], r.values[id]);
      patch('map', { id, data: next, pending: false });
      return;
    }
    patch('map', { id, pending: true });
    if (memo === mapRunning) return;
    if (s.stroking) {
      cancel('map');
      mapDue = null;
    } else if (!(timers.has('map') && mapDue === memo)) {
      mapDue = memo;
      later('map', delays.map, computeMap);
    }
  }

  // ── every loss against one change ──

  function responseMemoOf(s: AppState & { results: Results }): string {
    return JSON.stringify([s.results.sceneRev, s.responseQuantity, paramsRev(s.results.params), gen]);
  }

  function startResponse() {
    const s = store.getState();
    const api = checkEngine();
    if (!active(s) || !api || responseRun) return;
    const memo = responseMemoOf(s);
    const run = { memo, run: ++responseSerial };
    responseRun = run;
    const r = s.results;
    ask(
      api.responseCurves(sceneOf(r), s.responseQuantity, r.params, run.run),
      (data) => {
        if (responseRun !== run) return;
        responseRun = null;
        responseMemo = memo;
        patch('response', { data, pending: false, error: null });
      },
      (error) => {
        if (responseRun !== run) return; // abandoned: its "aborted" is no error
        responseRun = null;
        responseMemo = memo;
        patch('response', { pending: false, error });
      },
    );
  }

  function updateResponse(s: AppState & { results: Results }) {
    const memo = responseMemoOf(s);
    if (memo === responseMemo && !responseRun) {
      patch('response', { pending: false });
      return;
    }
    if (responseRun?.memo === memo) return; // already computing this
    abortResponse();
    patch('response', { pending: true });
    if (!s.stroking) later('response', delays.response, startResponse);
    else cancel('response');
  }

  function tick() {
    const s = store.getState();
    if (!active(s)) {
      for (const name of TIMERS) cancel(name);
      abortResponse();
      return;
    }
    const api = checkEngine();
    if (!api) return;
    // The chart of the dragged parameter: at most every `marker` ms, the last change never dropped.
    // Only a change waits for its turn: a tick with nothing new for a throttled chart arms no timer
    // (else the two throttles would wake each other every few hundred ms for ever).
    if (dirty.param) {
      const paramWait = paramAt + delays.marker - now();
      if (paramWait > 0) {
        if (!timers.has('marker')) later('marker', paramWait, request);
      } else {
        paramAt = now();
        dirty.param = false;
        updateParam(s);
      }
    }
    if (s.chartTab === 'pixel' || s.chartTab === 'focal-tversky') {
      // A paper figure's highlight and marker follow too, at most every `figure` ms (the rest is
      // left to the screen's runner and the parameter chart); the last change is never dropped.
      if (dirty.figure) {
        const wait = figureAt + delays.figure - now();
        if (wait > 0) {
          if (!timers.has('figure')) later('figure', wait, request);
        } else {
          figureAt = now();
          dirty.figure = false;
          if (s.chartTab === 'pixel') updatePixel(s, api);
          else updateFocalTversky(s, api);
        }
      }
    } else if (s.chartTab === 'tversky-map') updateMap(s);
    else updateResponse(s);
    // Work for a tab that is not shown is dropped (it is redone when the tab opens).
    if (s.chartTab !== 'tversky-map') cancel('map');
    if (s.chartTab !== 'response') {
      cancel('response');
      if (responseRun) abortResponse();
      patch('response', { pending: false });
    }
  }

  const unsubscribe = store.subscribe((s, prev) => {
    if (chartInputsChanged(s, prev)) {
      markDirty();
      request();
    }
  });
  request();

  return {
    kick() {
      markDirty();
      request();
    },
    stop() {
      stopped = true;
      unsubscribe();
      for (const name of TIMERS) cancel(name);
      abortResponse();
      settle();
    },
    idle: idleness.wait,
  };
}
