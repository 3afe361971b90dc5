/**
 * The runner: the only place that evaluates losses for the screen. It subscribes to the store and asks
 * the engine (in its worker) for at most one evaluation per animation frame, never two at a time; inputs
 * that arrive meanwhile are coalesced, so the next evaluation is of the latest scene (latest wins).
 * Numbers, heatmaps, metrics and the hover readout all come from the same evaluation, stored as `results`.
 */
import type { EngineApi } from '../worker/protocol.ts';
import type { AppStore } from './store.ts';
import type { AppState, Results } from './types.ts';
import { LOSS_IDS } from '../core/registry.ts';
import type { LossId, ParamsByLoss } from '../core/types.ts';
import { latestInput, recordCommit } from '../platform/latency.ts';
import { defaultFrame, idleWaiters } from './frame.ts';
import type { Frame } from './frame.ts';

/** Holds the engine of the active backend; swapped when the backend or the worker changes. */
export interface EngineHost {
  engine: EngineApi | null;
}

function inputsChanged(a: AppState, b: AppState): boolean {
  return (
    a.sceneRev !== b.sceneRev ||
    a.params !== b.params ||
    a.gradientSpace !== b.gradientSpace ||
    a.status !== b.status ||
    a.selected !== b.selected
  );
}

/**
 * The gradient maps of the last results that are still exact for these inputs: same scene, grid and
 * space, and the same parameter object for that loss (the store replaces only the changed loss's).
 */
export function heldMaps(
  prev: Results | null,
  sceneRev: number,
  params: ParamsByLoss,
  space: Results['space'],
  height: number,
  width: number,
): Partial<Record<LossId, Float32Array>> {
  const held: Partial<Record<LossId, Float32Array>> = {};
  if (!prev || prev.sceneRev !== sceneRev || prev.space !== space || prev.height !== height || prev.width !== width)
    return held;
  for (const id of LOSS_IDS) {
    const map = prev.gradients[id];
    if (map && prev.params[id] !== undefined && prev.params[id] === params[id]) held[id] = map;
  }
  return held;
}

export interface Runner {
  /**
   * The engine was (re)started: evaluate on the next frame. An evaluation still out on the engine
   * before is given up (a read from a lost WebGL context may never answer) and its result dropped.
   */
  kick(): void;
  stop(): void;
  /** Resolves once no evaluation is pending or running (or none can run: no engine yet). */
  idle(): Promise<void>;
}

export function startRunner(store: AppStore, host: EngineHost, frame: Frame = defaultFrame): Runner {
  let scheduled = false;
  /** The evaluation out now, if any; a kick replaces it with a fresh token, so a late reply is dropped. */
  let running: object | null = null;
  let dirty = true;
  let stopped = false;
  let serial = 0;

  const canRun = () => !stopped && host.engine !== null && store.getState().status === 'ready';
  const idleness = idleWaiters(() => !scheduled && !running && (!dirty || !canRun()));
  const settle = idleness.check;

  const request = () => {
    dirty = true;
    if (scheduled || running || stopped) return;
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
    const mine = {};
    running = mine;
    const { scene, sceneRev, params, gradientSpace, selected } = s;
    const coveredInputs = latestInput();
    const held = heldMaps(s.results, sceneRev, params, gradientSpace, scene.height, scene.width);
    // Copies: painting goes on in place while the engine works on these.
    const target = Float32Array.from(scene.target);
    const pred = Float32Array.from(scene.pred);
    try {
      const ev = await engine.evaluate({
        target,
        pred,
        height: scene.height,
        width: scene.width,
        params,
        gradient: gradientSpace,
        contributionsOf: selected,
        mapsOf: LOSS_IDS.filter((id) => !held[id]),
      });
      if (running !== mine || host.engine !== engine || stopped) return; // the engine changed meanwhile: this result is void
      serial += 1;
      store.getState().setResults({
        values: ev.values,
        gradients: { ...held, ...ev.gradients },
        contributions: ev.contributions,
        stats: ev.stats,
        metrics: ev.metrics,
        target,
        pred,
        height: scene.height,
        width: scene.width,
        space: gradientSpace,
        params,
        sceneRev,
        elapsedMs: ev.elapsedMs,
        path: ev.path,
        serial,
      });
      recordCommit(coveredInputs, ev.elapsedMs);
    } catch (err) {
      if (running === mine && host.engine === engine)
        store.getState().setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (running === mine) {
        running = null;
        if (dirty) request();
        settle();
      }
    }
  }

  const unsubscribe = store.subscribe((state, prev) => {
    if (inputsChanged(state, prev)) request();
  });
  request();

  return {
    kick() {
      running = null;
      request();
    },
    stop() {
      stopped = true;
      unsubscribe();
    },
    idle: idleness.wait,
  };
}
