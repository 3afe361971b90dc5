/**
 * The charts runner: the only code that asks for chart data (src/core/curves.ts, computed by the charts'
 * engine in its own worker: see src/worker/service.ts), written to chartsStore. Components draw what it
 * writes and never compute a loss. Every call is asynchronous; an answer is applied only when it is
 * still wanted (same engine, same memo), and the next frame looks again at what is wanted now.
 *
 * This file holds what the charts share: the frame, named timers, the engine generation and `ask`
 * (./charts/context.ts). Each chart is a controller of its own in ./charts/: the parameter chart, the two
 * paper figures, the FP × FN map, the response curves. Once per frame, after the screen's runner has
 * published a result, the cheap parts follow (the dots and markers, throttled); curves that must be
 * recomputed wait for a pause and never run during a stroke. Nothing runs while the charts are off screen
 * or hidden by a classroom flag, and work for a tab that is not shown is dropped.
 */
import type { EngineApi } from '../worker/protocol.ts';
import { defaultFrame, idleWaiters } from './frame.ts';
import type { Frame } from './frame.ts';
import type { LossId } from '../core/types.ts';
import type { ChartsState, ChartsStore } from './chartsStore.ts';
import type { AppStore } from './store.ts';
import type { AppState } from './types.ts';
import { DEFAULT_DELAYS, TIMERS } from './charts/context.ts';
import type { ActiveState, ChartContext, Delays, TimerName } from './charts/context.ts';
import { mapChart } from './charts/mapChart.ts';
import { focalTverskyFigure, pixelFigure } from './charts/paperFigures.ts';
import { paramChart } from './charts/paramChart.ts';
import { responseChart } from './charts/responseChart.ts';

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
  delays?: Partial<Delays>;
}

export interface ChartsRunner {
  /** Asks for an update on the next frame (e.g. after the engines changed). */
  kick(): void;
  stop(): void;
  /** Resolves once no chart work is scheduled or running. */
  idle(): Promise<void>;
}

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
  const timers = new Map<TimerName, unknown>();
  /** When a paper figure was last redrawn: redrawing a recharts figure costs more than a frame on slow machines. */
  let figureAt = -Infinity;
  /** When the parameter chart was last updated (same reason, its own rate). */
  let paramAt = -Infinity;
  /** Calls to the engine not yet answered. */
  let inFlight = 0;
  /** Whether the store or an engine answer changed since the throttled charts were last updated. */
  const dirty = { param: true, figure: true };
  const markDirty = () => {
    dirty.param = true;
    dirty.figure = true;
  };

  // The engine seen last; a change (backend switch, new worker) drops everything computed with the old one.
  let seen: EngineApi | null = null;
  let gen = 0;

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

  const ctx: ChartContext = {
    store,
    charts,
    delays,
    gen: () => gen,
    checkEngine,
    active,
    ask(call, done, failed) {
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
    },
    later,
    cancel,
    hasTimer: (name) => timers.has(name),
    patch<K extends keyof ChartsState>(section: K, value: Partial<ChartsState[K]>) {
      const cur = charts.getState()[section];
      const changed = (Object.keys(value) as (keyof ChartsState[K])[]).some((k) => !Object.is(cur[k], value[k]));
      if (changed) charts.setState({ [section]: { ...cur, ...value } } as Partial<ChartsState>);
    },
    abortResponse: () => response.abort(seen),
    isDeviceSweep: (id, key) => host.deviceKeys?.[id]?.includes(key) ?? true,
  };

  const param = paramChart(ctx);
  const pixel = pixelFigure(ctx);
  const focalTversky = focalTverskyFigure(ctx);
  const map = mapChart(ctx);
  const response = responseChart(ctx);
  const controllers = [param, pixel, focalTversky, map, response];

  function checkEngine(): EngineApi | null {
    if (host.charts !== seen) {
      response.abort(seen);
      seen = host.charts;
      gen += 1;
      markDirty();
      for (const c of controllers) c.reset();
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

  function active(s: AppState): s is ActiveState {
    return !stopped && s.status === 'ready' && s.results !== null && s.chartsVisible && !s.hidden.includes('charts');
  }

  function tick() {
    const s = store.getState();
    if (!active(s)) {
      for (const name of TIMERS) cancel(name);
      response.abort(seen);
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
        param.update(s);
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
          (s.chartTab === 'pixel' ? pixel : focalTversky).update(s, api);
        }
      }
    } else if (s.chartTab === 'tversky-map') map.update(s);
    else response.update(s);
    // Work for a tab that is not shown is dropped (it is redone when the tab opens).
    if (s.chartTab !== 'tversky-map') cancel('map');
    if (s.chartTab !== 'response') response.hide(seen);
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
      response.abort(seen);
      settle();
    },
    idle: idleness.wait,
  };
}
