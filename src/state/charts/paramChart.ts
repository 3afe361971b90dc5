/**
 * The parameter chart: the selected loss against one of its parameters. The curve is memoised on
 * parameterCurveKey(id, key, params) and the scene revision, so dragging the swept parameter only moves
 * the dot (withCurrent); a curve that must be recomputed is marked pending and recomputed after a pause
 * (debounced), never during a stroke. Host-only sweeps (float64 on one set of sums) run at once.
 */
import { parameterCurveKey, withCurrent } from '../../core/curveMath.ts';
import type { ParameterCurve } from '../../core/curveMath.ts';
import { chartParamKey, chooseReference } from './choices.ts';
import type { ActiveState, ChartContext, ChartController } from './context.ts';
import { sceneOf } from './context.ts';

export interface ParamChart extends ChartController {
  update(s: ActiveState): void;
}

export function paramChart(ctx: ChartContext): ParamChart {
  const { store, charts } = ctx;
  /** What the curve in the store was computed for, what is being computed, what the timer will compute. */
  let memo: string | null = null;
  let running: string | null = null;
  let due: string | null = null;
  let base: ParameterCurve | null = null;

  function target(s: ActiveState) {
    const id = s.selected;
    const key = chartParamKey(id, s.chartParam[id]);
    const r = s.results;
    const memo = key === null ? null : `${parameterCurveKey(id, key, r.params[id])}|${r.sceneRev}|${ctx.gen()}`;
    return { id, key, r, memo };
  }

  function show(s: ActiveState) {
    const { id, key, r } = target(s);
    if (!base || key === null) return;
    const x = r.params[id]?.[key];
    const y = r.values[id] ?? NaN;
    const prev = charts.getState().param.curve;
    const moved =
      !prev ||
      prev.id !== base.id ||
      prev.key !== base.key ||
      prev.xs !== base.xs ||
      prev.current.x !== (typeof x === 'number' ? x : null) ||
      !Object.is(prev.current.y, y);
    const { reference, note } = chooseReference(id, base.ys, y, r.values.bce);
    const prevRef = charts.getState().param.reference;
    ctx.patch('param', {
      id,
      key,
      pending: false,
      error: null,
      note,
      curve: moved ? withCurrent(base, typeof x === 'number' ? x : null, y) : prev,
      reference: prevRef && reference && prevRef.value === reference.value ? prevRef : reference,
    });
  }

  function compute(): void {
    const s = store.getState();
    const api = ctx.checkEngine();
    if (!ctx.active(s) || !api) return;
    const { id, key, r, memo: wanted } = target(s);
    if (key === null || wanted === null || wanted === running) return;
    ctx.abortResponse(); // the worker answers in order: a response run would hold this back
    running = wanted;
    ctx.ask(
      api.parameterCurve(sceneOf(r), id, key, r.params[id]),
      (curve) => {
        if (running === wanted) running = null;
        base = curve;
        memo = wanted;
        const now = store.getState();
        if (ctx.active(now) && target(now).memo === wanted) show(now);
      },
      (error) => {
        if (running === wanted) running = null;
        memo = wanted;
        base = null;
        ctx.patch('param', { id, key, curve: null, pending: false, error });
      },
    );
  }

  return {
    update(s) {
      const { id, key, memo: wanted } = target(s);
      if (key === null) {
        ctx.cancel('param');
        memo = null;
        base = null;
        ctx.patch('param', { id, key: null, curve: null, pending: false, error: null });
        return;
      }
      if (wanted === memo) {
        show(s);
        return;
      }
      if (wanted === running) return;
      const device = ctx.isDeviceSweep(id, key);
      if (!device && !s.stroking) {
        ctx.cancel('param');
        compute();
        return;
      }
      ctx.patch('param', { pending: true });
      if (s.stroking) {
        ctx.cancel('param');
        due = null;
      } else if (!(ctx.hasTimer('param') && due === wanted)) {
        // A new target restarts the wait; the same one (e.g. while its own slider is dragged) keeps it.
        due = wanted;
        ctx.later('param', device ? ctx.delays.deviceParam : ctx.delays.param, compute);
      }
    },
    reset() {
      memo = running = null;
      base = null;
    },
  };
}
