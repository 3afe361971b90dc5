/**
 * The runner: the only place that evaluates losses for the screen. It subscribes to the store and
 * evaluates at most once per animation frame (and never two at a time); numbers, heatmaps, metrics
 * and the hover readout all come from the same evaluation, stored as `results`.
 */
import type { LossEngine } from '../core/engine.ts';
import type { LossId, ParamSet } from '../core/types.ts';
import type { AppStore } from './store.ts';
import type { AppState, Results } from './types.ts';
import { latestInput, recordCommit } from '../platform/latency.ts';

/** Holds the engine of the active backend; swapped when the backend changes (e.g. WebGL context lost). */
export interface EngineHost {
  engine: LossEngine | null;
}

/**
 * CONTRIBUTIONS CALL SITE. The lead is adding `contributions(id, pred, params)` to LossEngine: the
 * per-pixel contribution to the loss for pixel-wise losses, null for region losses. Until it exists
 * the hover readout shows g, p and the gradient only; once it does, this picks it up unchanged.
 */
type ContributionsFn = (id: LossId, pred: ArrayLike<number>, params: ParamSet) => Float32Array | null;
function contributionsOf(engine: LossEngine): ContributionsFn | null {
  const fn = (engine as unknown as { contributions?: ContributionsFn }).contributions;
  return typeof fn === 'function' ? fn.bind(engine) : null;
}

type Frame = (cb: () => void) => unknown;

const defaultFrame: Frame = (cb) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => cb()) : setTimeout(cb, 0);

function inputsChanged(a: AppState, b: AppState, withSelected: boolean): boolean {
  return a.sceneRev !== b.sceneRev || a.params !== b.params || a.gradientSpace !== b.gradientSpace
    || a.status !== b.status || (withSelected && a.selected !== b.selected);
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
    if (stopped || !dirty || !engine || (s.status !== 'ready')) {
      settle();
      return;
    }
    dirty = false;
    busy = true;
    const { scene, sceneRev, params, gradientSpace, selected } = s;
    const coveredInputs = latestInput();
    // Copies: painting continues in place while a WebGL readback is pending.
    const target = Float32Array.from(scene.target);
    const pred = Float32Array.from(scene.pred);
    try {
      engine.setTarget(target, scene.size, scene.size);
      const ev = await engine.evaluateAsync(pred, params, { gradient: gradientSpace, output: 'array' });
      if (host.engine !== engine) return; // the backend changed meanwhile: this result is void
      const metrics = engine.metrics(pred);
      const contributions: Results['contributions'] = {};
      const contrib = contributionsOf(engine);
      if (contrib) {
        const c = contrib(selected, pred, params[selected]);
        if (c) contributions[selected] = c;
      }
      serial += 1;
      store.getState().setResults({
        values: ev.values, gradients: ev.gradients, contributions, stats: ev.stats, metrics,
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
    if (inputsChanged(state, prev, host.engine ? contributionsOf(host.engine) !== null : false)) request();
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
