/**
 * Every loss against one shared change of the prediction: one run at a time, started after a pause and
 * never during a stroke, abandoned (abort) on every change so that it never holds back another chart.
 */
import type { EngineApi } from '../../worker/protocol.ts';
import type { ActiveState, ChartContext, ChartController } from './context.ts';
import { sceneOf } from './context.ts';

export interface ResponseChart extends ChartController {
  update(s: ActiveState): void;
  /** Abandons the run under way, if any (its answer is then dropped). */
  abort(engine: EngineApi | null): void;
  /** The tab is not shown: nothing waits or runs for it. */
  hide(engine: EngineApi | null): void;
}

export function responseChart(ctx: ChartContext): ResponseChart {
  const { store } = ctx;
  let memo: string | null = null;
  let serial = 0;
  /** The computation under way and not abandoned. */
  let run: { memo: string; run: number } | null = null;
  /** A WeakMap id per params object: the memo changes exactly when the parameters do. */
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

  const memoOf = (s: ActiveState) =>
    JSON.stringify([s.results.sceneRev, s.responseQuantity, paramsRev(s.results.params), ctx.gen()]);

  function start() {
    const s = store.getState();
    const api = ctx.checkEngine();
    if (!ctx.active(s) || !api || run) return;
    const wanted = memoOf(s);
    const mine = { memo: wanted, run: ++serial };
    run = mine;
    const r = s.results;
    ctx.ask(
      api.responseCurves(sceneOf(r), s.responseQuantity, r.params, mine.run),
      (data) => {
        if (run !== mine) return;
        run = null;
        memo = wanted;
        ctx.patch('response', { data, pending: false, error: null });
      },
      (error) => {
        if (run !== mine) return; // abandoned: its "aborted" is no error
        run = null;
        memo = wanted;
        ctx.patch('response', { pending: false, error });
      },
    );
  }

  const abort = (engine: EngineApi | null) => {
    if (run && engine) void engine.abortResponse(run.run).catch(() => {});
    run = null;
  };

  return {
    update(s) {
      const wanted = memoOf(s);
      if (wanted === memo && !run) {
        ctx.patch('response', { pending: false });
        return;
      }
      if (run?.memo === wanted) return; // already computing this
      ctx.abortResponse();
      ctx.patch('response', { pending: true });
      if (!s.stroking) ctx.later('response', ctx.delays.response, start);
      else ctx.cancel('response');
    },
    abort,
    hide(engine) {
      ctx.cancel('response');
      if (run) abort(engine);
      ctx.patch('response', { pending: false });
    },
    reset() {
      memo = null;
    },
  };
}
