/**
 * Hands the page an EngineApi: in a module Web Worker (the main thread then only draws), or, when no
 * worker can start, an EngineService on the main thread (slower, but the page works). A worker that
 * dies (an uncaught error, or kill() in tests) rejects every pending and later call and tells onLost,
 * so that boot.ts can start another and keep the scene.
 */
import { proxy, releaseProxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { EngineApi } from './protocol.ts';
import type { EngineService } from './service.ts';

export type EngineThread = 'worker' | 'main thread';

export interface EngineConnection {
  api: EngineApi;
  thread: EngineThread;
  /** Ends the worker for good (nothing is reported). */
  close(): void;
  /** Ends the worker as a crash would: pending calls reject and onLost is told. For tests and demos. */
  kill(): void;
}

export class EngineLostError extends Error {
  constructor(reason: string) {
    super(`the engine's worker stopped: ${reason}`);
    this.name = 'EngineLostError';
  }
}

/**
 * Pending calls of one worker, each rejected if the worker dies first. (Not Promise.race with a
 * promise of the death: every race leaves a reaction on that never-settled promise, which keeps the
 * race's result, a whole evaluation, alive for the worker's lifetime.)
 */
class Pending {
  private readonly rejects = new Set<(err: Error) => void>();
  private lostWith: Error | null = null;

  track<T>(call: Promise<T>): Promise<T> {
    if (this.lostWith) return Promise.reject(this.lostWith);
    return new Promise<T>((resolve, reject) => {
      this.rejects.add(reject);
      call.then(
        (v) => {
          this.rejects.delete(reject);
          resolve(v);
        },
        (e: unknown) => {
          this.rejects.delete(reject);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  lose(err: Error): void {
    this.lostWith = err;
    for (const reject of this.rejects) reject(err);
    this.rejects.clear();
  }
}

/** Every call of a worker's EngineService, rejected when the worker dies. */
function guarded(remote: Remote<EngineService>, pending: Pending): EngineApi {
  const race = <T>(call: Promise<T>): Promise<T> => pending.track(call);
  return {
    start: (options, onEvent) => race(remote.start(options, onEvent ? proxy(onEvent) : undefined)),
    evaluate: (request) => race(remote.evaluate(request)),
    parameterCurve: (scene, id, key, params) => race(remote.parameterCurve(scene, id, key, params)),
    tverskyMap: (scene, id, params, n) => race(remote.tverskyMap(scene, id, params, n)),
    focalPaperFigure: () => race(remote.focalPaperFigure()),
    focalTverskyFigure: (gammas) => race(remote.focalTverskyFigure(gammas)),
    pixelLossCurve: (id, params, ps, label) => race(remote.pixelLossCurve(id, params, ps, label)),
    responseCurves: (scene, quantity, params, run) => race(remote.responseCurves(scene, quantity, params, run)),
    abortResponse: (run) => race(remote.abortResponse(run)),
    learnReset: (setup, options) => race(remote.learnReset(setup, options)),
    learnStep: (k, options) => race(remote.learnStep(k, options)),
    memory: () => race(remote.memory()),
    loseContext: () => race(remote.loseContext()),
    baseline: (size) => race(remote.baseline(size)),
  };
}

/** A new module worker running EngineService. Throws when workers are not available here. */
export function connectWorker(name: string, onLost: (reason: string) => void): EngineConnection {
  if (typeof Worker === 'undefined') throw new Error('this browser has no Web Workers');
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name });
  const remote = wrap<EngineService>(worker);
  let over = false;
  const pending = new Pending();
  const end = (reason: string | null) => {
    if (over) return;
    over = true;
    remote[releaseProxy]();
    worker.terminate();
    if (reason === null) return;
    pending.lose(new EngineLostError(reason));
    onLost(reason);
  };
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault();
    end(e.message || 'the worker script failed to load or threw');
  });
  worker.addEventListener('messageerror', () => end('a message could not be read'));
  return {
    api: guarded(remote, pending),
    thread: 'worker',
    close: () => end(null),
    kill: () => end('it was ended (kill)'),
  };
}

/** EngineService on the main thread, loaded on demand (tf.js is not in the page's first bundle). */
export async function connectMainThread(): Promise<EngineConnection> {
  const [{ EngineService }, { configureWasm }] = await Promise.all([
    import('./service.ts'),
    import('../platform/wasm.ts'),
  ]);
  configureWasm();
  return { api: new EngineService(), thread: 'main thread', close: () => {}, kill: () => {} };
}
