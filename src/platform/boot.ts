/**
 * Browser-only start-up: choose and activate the backend (?backend=webgl|wasm|cpu forces one: a query
 * parameter, never part of a share link's fragment), warm the engine up behind a progress note, create
 * the charts' two engines, and switch backend when the WebGL context is lost, keeping the scene and the
 * parameters. A shared scene (grid size included) is already in the store when start() runs, so the
 * warm-up compiles for the grid the link asked for.
 */
import { LossEngine } from '../core/engine.ts';
import type { ActivatedBackend, BackendName, BackendPlan } from '../core/backend.ts';
import { activateBackend, parseBackendName, planBackends } from '../core/backend.ts';
import { probeWebgl } from './probe.ts';
import { configureWasm } from './wasm.ts';
import { watchWebglContext } from './contextLoss.ts';
import type { AppStore } from '../state/store.ts';
import type { EngineHost, Runner } from '../state/runner.ts';
import type { ChartEngines } from '../state/chartsRunner.ts';

const nextFrame = () => new Promise<void>((r) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => r()) : setTimeout(r, 0)));

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs one full evaluation per gradient space so that every shader / kernel is compiled now. */
async function warmUp(store: AppStore, engine: LossEngine, label: string): Promise<void> {
  const steps: ('prob' | 'logit')[] = ['prob', 'logit'];
  for (let i = 0; i < steps.length; i++) {
    store.getState().setStatus('warming', { step: `${label}: ${steps[i] === 'prob' ? '∂L/∂p' : '∂L/∂logit'} (${i + 1} of ${steps.length})`, done: 2 + i, total: 4 });
    await nextFrame();
    const { scene, params } = store.getState();
    engine.setTarget(scene.target, scene.size, scene.size);
    await engine.evaluateAsync(scene.pred, params, { gradient: steps[i], output: 'array' });
  }
}

export interface Boot {
  /** The screen's engine (runner) and the charts' two engines (figures: paper figures; charts: the current masks). */
  host: EngineHost & ChartEngines;
  /** `others` (e.g. the charts runner) are kicked whenever new engines are installed. */
  start(runner: Runner, ...others: { kick(): void }[]): Promise<void>;
}

export function createBoot(store: AppStore, search: string = globalThis.location?.search ?? ''): Boot {
  const host: EngineHost & ChartEngines = { engine: null, figures: null, charts: null };
  let unwatch: () => void = () => {};
  let runnerRef: Runner | null = null;
  let kicks: { kick(): void }[] = [];

  async function activate(plan: BackendPlan, label: string, message: string | null, planned: BackendName): Promise<ActivatedBackend> {
    store.getState().setStatus(store.getState().status === 'switching' ? 'switching' : 'booting', { step: label, done: 1, total: 4 });
    const active = await activateBackend(plan);
    const fellBack = active.name !== planned || message !== null;
    store.getState().setBackend({ name: active.name, reason: active.reason, fellBack, failures: active.failures }, message ?? (active.failures.length
      ? `${active.failures.map((f) => `${f.name} did not start (${f.error})`).join('; ')}. Running on ${active.name}.`
      : null));
    return active;
  }

  async function install(active: ActivatedBackend): Promise<void> {
    const engine = new LossEngine();
    await warmUp(store, engine, `Warming up ${active.name}`);
    host.engine = engine;
    // The charts' engines: they set ground truths of their own, so never the runner's engine.
    host.figures = new LossEngine();
    host.charts = new LossEngine();
    store.getState().setStatus('ready');
    unwatch();
    unwatch = active.name === 'webgl' ? watchWebglContext(() => void onContextLost()) : () => {};
    runnerRef?.kick();
    for (const k of kicks) k.kick();
  }

  async function onContextLost(): Promise<void> {
    const old = [host.engine, host.figures, host.charts];
    host.engine = null;
    host.figures = null;
    host.charts = null;
    unwatch();
    store.getState().setStatus('switching', { step: 'WebGL context lost: switching backend', done: 1, total: 4 });
    for (const e of old) {
      try {
        e?.dispose();
      } catch {
        /* its tensors lived on the lost context */
      }
    }
    const plan: BackendPlan = { order: ['wasm', 'cpu'], reason: 'the WebGL context was lost' };
    try {
      const active = await activate(plan, 'WebGL context lost: starting WebAssembly', null, 'wasm');
      store.getState().setBackend(
        { ...store.getState().backend!, fellBack: true, reason: `the WebGL context was lost; ${active.reason}` },
        `The WebGL context was lost (a GPU reset or too many contexts). Switched to ${active.name}; the scene and parameters are kept.`,
      );
      await install(active);
    } catch (err) {
      store.getState().setStatus('error');
      store.getState().setError(`The WebGL context was lost and no other backend started: ${describeError(err)}`);
    }
  }

  return {
    host,
    async start(runner, ...others) {
      runnerRef = runner;
      kicks = others;
      try {
        const forced = parseBackendName(new URLSearchParams(search).get('backend'));
        store.getState().setStatus('booting', { step: 'Choosing a backend', done: 0, total: 4 });
        await nextFrame();
        configureWasm();
        const plan = planBackends(forced ? null : probeWebgl(), forced);
        const active = await activate(plan, `Starting ${plan.order[0]}`, null, plan.order[0]!);
        await install(active);
      } catch (err) {
        store.getState().setStatus('error');
        store.getState().setError(`The engine could not start: ${describeError(err)}`);
      }
    },
  };
}
