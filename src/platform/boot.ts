/**
 * Browser-only start-up: the engine in a Web Worker (the screen's) and a second one for the charts, each
 * choosing and starting its backend (?backend=webgl|wasm|cpu forces one: a query parameter, never part of
 * a share link's fragment; ?engine=main keeps the engine on the main thread), a warm-up behind a progress
 * note, and recovery that keeps the scene and the parameters: a lost WebGL context switches to wasm, a
 * dead worker is restarted (after repeated deaths the engine moves to the main thread), each said on
 * screen. A shared scene (grid size included) is already in the store when start() runs, so the warm-up
 * compiles for the grid the link asked for.
 */
import type { BackendName } from '../core/backend.ts';
import { parseBackendName } from '../core/backend.ts';
import type { AppStore } from '../state/store.ts';
import type { EngineHost, Runner } from '../state/runner.ts';
import type { ChartsHost } from '../state/chartsRunner.ts';
import type { EngineConnection, EngineThread } from '../worker/connect.ts';
import { connectMainThread, connectWorker } from '../worker/connect.ts';
import type { EngineApi, EngineEvent, EngineMemory, Started, StartOptions } from '../worker/protocol.ts';

const nextFrame = () =>
  new Promise<void>((r) =>
    typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => r()) : setTimeout(r, 0),
  );

/** Worker deaths after which the engine stays on the main thread. */
const MAX_RESTARTS = 2;
/** A worker that has not started its backend by then counts as not starting. */
const START_TIMEOUT_MS = 60_000;

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export interface Boot {
  /** The screen's engine (runner) and the charts' (charts runner): null while none is ready. */
  host: EngineHost & ChartsHost;
  /** `others` (e.g. the charts runner) are kicked whenever new engines are installed. */
  start(runner: Runner, ...others: { kick(): void }[]): Promise<void>;
  /** Where the screen's engine runs now. */
  thread(): EngineThread | null;
  /** tf.js memory of every engine (both workers, or the main thread's one). */
  memory(): Promise<EngineMemory>;
  /** For tests and demos. */
  loseWebglContext(): Promise<boolean>;
  /** For tests and demos: ends the screen's worker as a crash would. */
  killWorker(): boolean;
  baseline(size: number): Promise<number>;
  /** For tests: resolves once the charts' engine has started (or failed to) after the screen's latest start. */
  chartsSettled(): Promise<void>;
}

export function createBoot(store: AppStore, search: string = globalThis.location?.search ?? ''): Boot {
  const host: EngineHost & ChartsHost = { engine: null, charts: null, deviceKeys: null };
  const query = new URLSearchParams(search);
  const forced = parseBackendName(query.get('backend'));
  let onMain = query.get('engine') === 'main';
  let screen: EngineConnection | null = null;
  let charts: EngineConnection | null = null;
  let restarts = 0;
  let runnerRef: Runner | null = null;
  let kicks: { kick(): void }[] = [];
  let chartsBooting: Promise<void> | null = null;

  const kickCharts = () => {
    for (const k of kicks) k.kick();
  };
  const kickAll = () => {
    runnerRef?.kick();
    kickCharts();
  };

  async function connect(
    name: string,
    onLost: (reason: string) => void,
  ): Promise<{ conn: EngineConnection; note: string | null }> {
    if (onMain) return { conn: await connectMainThread(), note: null };
    try {
      return { conn: connectWorker(name, onLost), note: null };
    } catch (err) {
      onMain = true;
      return {
        conn: await connectMainThread(),
        note: `The engine's worker could not start (${describeError(err)}): the engine runs on the main thread, so the page may respond more slowly.`,
      };
    }
  }

  /** Starts a backend in `conn`; a worker that fails to start is replaced by the main thread once. */
  async function startIn(
    conn: EngineConnection,
    options: StartOptions,
    onEvent: (e: EngineEvent) => void,
  ): Promise<{ conn: EngineConnection; active: Started; note: string | null }> {
    try {
      return {
        conn,
        active: await withTimeout(conn.api.start(options, onEvent), START_TIMEOUT_MS, "the engine's worker"),
        note: null,
      };
    } catch (err) {
      if (conn.thread === 'main thread') throw err;
      conn.close();
      onMain = true;
      const main = await connectMainThread();
      return {
        conn: main,
        active: await main.api.start(options, onEvent),
        note: `The engine's worker did not start (${describeError(err)}): the engine runs on the main thread, so the page may respond more slowly.`,
      };
    }
  }

  /** One full evaluation per gradient space, so that every kernel and shader is compiled before the first input. */
  async function warmUp(api: EngineApi, name: BackendName): Promise<void> {
    const steps = ['prob', 'logit'] as const;
    for (let i = 0; i < steps.length; i++) {
      store.getState().setStatus(store.getState().status === 'switching' ? 'switching' : 'warming', {
        step: `Warming up ${name}: ${steps[i] === 'prob' ? '∂L/∂p' : '∂L/∂logit'} (${i + 1} of ${steps.length})`,
        done: 2 + i,
        total: 4,
      });
      await nextFrame();
      const { scene, params, selected } = store.getState();
      await api.evaluate({
        target: scene.target,
        pred: scene.pred,
        height: scene.height,
        width: scene.width,
        params,
        gradient: steps[i]!,
        contributionsOf: selected,
      });
    }
  }

  function publish(active: Started, thread: EngineThread, message: string | null): void {
    const where = thread === 'worker' ? 'in a Web Worker' : 'on the main thread';
    store.getState().setBackend(
      {
        name: active.name,
        reason: `${active.reason}; engine ${where}`,
        fellBack: active.failures.length > 0 || message !== null,
        failures: active.failures,
        thread,
      },
      message ??
        (active.failures.length
          ? `${active.failures.map((f) => `${f.name} did not start (${f.error})`).join('; ')}. Running on ${active.name}.`
          : null),
    );
  }

  /** The screen's engine: connect, start, warm up, install; `options.reason` when this is a restart. */
  async function bootScreen(
    options: StartOptions,
    message: (active: Started, thread: EngineThread) => string | null,
  ): Promise<void> {
    host.engine = null;
    store.getState().setStatus(store.getState().status === 'switching' ? 'switching' : 'booting', {
      step: `Starting ${options.forced ?? 'the engine'}`,
      done: 1,
      total: 4,
    });
    const connected = await connect('engine', (reason) => void onScreenLost(reason));
    const started = await startIn(connected.conn, options, (e) => {
      if (e.kind === 'context-lost') void onContextLost();
    });
    screen = started.conn;
    const note = connected.note ?? started.note;
    publish(started.active, screen.thread, note ?? message(started.active, screen.thread));
    await warmUp(screen.api, started.active.name);
    host.engine = screen.api;
    host.deviceKeys = started.active.deviceKeys;
    store.getState().setStatus('ready');
    kickAll();
    chartsBooting = bootCharts(started.active);
  }

  /** The charts' engine: its own worker (never webgl: one GPU context is enough), or the screen's service on the main thread. */
  async function bootCharts(screenBackend: Started): Promise<void> {
    charts?.close();
    charts = null;
    host.charts = null;
    if (!screen) return;
    if (screen.thread === 'main thread') {
      host.charts = screen.api; // one tf.js per thread: the service's own chart engines
      kickCharts();
      return;
    }
    const mine = screen;
    try {
      const conn = connectWorker('charts', () => {
        if (charts === conn) chartsBooting = bootCharts(screenBackend);
      });
      const backend = screenBackend.name === 'webgl' ? null : screenBackend.name;
      await withTimeout(
        conn.api.start({ forced: backend, exclude: ['webgl'] }),
        START_TIMEOUT_MS,
        "the charts' worker",
      );
      if (screen !== mine) return conn.close();
      charts = conn;
      host.charts = conn.api;
      kickCharts(); // the screen's engine is unchanged: its runner has nothing new to do
    } catch (err) {
      store
        .getState()
        .setBackend(
          store.getState().backend!,
          `The charts could not start their engine (${describeError(err)}); the losses and heatmaps are not affected.`,
        );
    }
  }

  /** The charts' worker never runs webgl: it keeps going; only the screen's engine switches. */
  async function onContextLost(): Promise<void> {
    host.engine = null;
    store.getState().setStatus('switching', { step: 'WebGL context lost: switching backend', done: 1, total: 4 });
    const conn = screen;
    if (!conn) return;
    try {
      const active = await conn.api.start({ forced: null, exclude: ['webgl'], reason: 'the WebGL context was lost' });
      publish(
        active,
        conn.thread,
        `The WebGL context was lost (a GPU reset or too many contexts). Switched to ${active.name}; the scene and parameters are kept.`,
      );
      await warmUp(conn.api, active.name);
      host.engine = conn.api;
      host.deviceKeys = active.deviceKeys;
      store.getState().setStatus('ready');
      kickAll();
    } catch (err) {
      store.getState().setStatus('error');
      store.getState().setError(`The WebGL context was lost and no other backend started: ${describeError(err)}`);
    }
  }

  async function onScreenLost(reason: string): Promise<void> {
    screen = null;
    host.engine = null;
    charts?.close();
    charts = null;
    host.charts = null;
    restarts += 1;
    if (restarts > MAX_RESTARTS) onMain = true;
    store.getState().setStatus('switching', { step: 'Restarting the engine', done: 1, total: 4 });
    try {
      await bootScreen({ forced: store.getState().backend?.name ?? forced }, (_active, thread) =>
        thread === 'worker'
          ? `The engine's worker stopped (${reason}). It was restarted; the scene and parameters are kept.`
          : `The engine's worker stopped (${reason}) ${restarts} times. The engine now runs on the main thread, so the page may respond more slowly; the scene and parameters are kept.`,
      );
    } catch (err) {
      store.getState().setStatus('error');
      store
        .getState()
        .setError(`The engine's worker stopped and the engine could not start again: ${describeError(err)}`);
    }
  }

  return {
    host,
    async start(runner, ...others) {
      runnerRef = runner;
      kicks = others;
      try {
        store.getState().setStatus('booting', { step: 'Choosing a backend', done: 0, total: 4 });
        await nextFrame();
        await bootScreen({ forced }, () => null);
      } catch (err) {
        store.getState().setStatus('error');
        store.getState().setError(`The engine could not start: ${describeError(err)}`);
      }
    },
    thread: () => screen?.thread ?? null,
    async memory() {
      const parts = await Promise.all([screen, charts !== screen ? charts : null].map((c) => c?.api.memory() ?? null));
      const sum: EngineMemory = { numTensors: 0, numBytes: 0, numDataBuffers: 0 };
      for (const m of parts) {
        if (!m) continue;
        sum.numTensors += m.numTensors;
        sum.numBytes += m.numBytes;
        sum.numDataBuffers += m.numDataBuffers;
      }
      return sum;
    },
    loseWebglContext: () => screen?.api.loseContext() ?? Promise.resolve(false),
    killWorker() {
      if (!screen || screen.thread !== 'worker') return false;
      screen.kill();
      return true;
    },
    baseline: (size) => {
      if (!screen) throw new Error('the engine has not started');
      return screen.api.baseline(size);
    },
    async chartsSettled() {
      // A charts worker that dies while starting boots again: wait for the latest attempt.
      for (let p = chartsBooting; p; p = p === chartsBooting ? null : chartsBooting) await p.catch(() => undefined);
    },
  };
}
