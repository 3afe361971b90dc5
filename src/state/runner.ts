/**
 * The runner: the only place that evaluates losses for the screen. It subscribes to the store and asks
 * the engine (in its worker) for at most one evaluation per animation frame, never two at a time; inputs
 * that arrive meanwhile are coalesced, so the next evaluation is of the latest scene (latest wins).
 * Numbers, heatmaps, metrics and the hover readout all come from the same evaluation, stored as `results`.
 */
import type { EngineApi } from '../worker/protocol.ts';
import type { AppStore } from './store.ts';
import type { AppState } from './types.ts';
import { latestInput, recordCommit } from '../platform/latency.ts';
import { defaultFrame } from './frame.ts';
import type { Frame } from './frame.ts';

/** Holds the engine of the active backend; swapped when the backend or the worker changes. */
export interface EngineHost {
  engine: EngineApi | null;
}

function inputsChanged(a: AppState, b: AppState): boolean {
  return a.sceneRev !== b.sceneRev || a.params !== b.params || a.gradientSpace !== b.gradientSpace
    || a.status !== b.status || a.selected !== b.selected;
}

export interface Runner {
  /** Asks for an evaluation on the next frame (e.g. after the engine changed). */
  kick(): void;
  stop(): void;
  /** Resolves once no evaluation is pending or running (or none can run: no engine yet). */
  idle(): Promise<void>;
}

export function startRunner(store: AppStore, host: EngineHost, frame: Frame = defaultFrame): Runner {
  let scheduled = false;
  let busy = false;
  let dirty = true;
  let stopped = false;
  let serial = 0;
  let waiters: (() => void)[] = [];

  const canRun = () => !stopped && host.engine !== null && store.getState().status === 'ready';
  const settle = () => {
    if (!scheduled && !busy && (!dirty || !canRun())) {
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }
  };

  const request = () => {
    dirty = true;
    if (scheduled || busy || stopped) return;
    scheduled = true;
    frame(() => void tick());
  };

  async function tick(): Promise<void> {
    scheduled = false;
    const engine = host.engine;
    const s = store.getState();
    if (stopped || !dirty || !engine || s.status !== 'ready') {
      settle();
      return;
    }
    dirty = false;
    busy = true;
    const { scene, sceneRev, params, gradientSpace, selected } = s;
    const coveredInputs = latestInput();
    // Copies: painting goes on in place while the engine works on these.
    const target = Float32Array.from(scene.target);
    const pred = Float32Array.from(scene.pred);
    try {
      const ev = await engine.evaluate({ target, pred, size: scene.size, params, gradient: gradientSpace, contributionsOf: selected });
      if (host.engine !== engine || stopped) return; // the engine changed meanwhile: this result is void
      serial += 1;
      store.getState().setResults({
        values: ev.values, gradients: ev.gradients, contributions: ev.contributions, stats: ev.stats, metrics: ev.metrics,
        target, pred, size: scene.size, space: gradientSpace, params, sceneRev, elapsedMs: ev.elapsedMs, serial,
      });
      recordCommit(coveredInputs, ev.elapsedMs);
    } catch (err) {
      if (host.engine === engine) store.getState().setError(err instanceof Error ? err.message : String(err));
    } finally {
      busy = false;
      if (dirty) request();
      settle();
    }
  }

  const unsubscribe = store.subscribe((state, prev) => {
    if (inputsChanged(state, prev)) request();
  });
  request();

  return {
    kick: request,
    stop() {
      stopped = true;
      unsubscribe();
    },
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      });
    },
  };
}
