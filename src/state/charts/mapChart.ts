/**
 * The FP × FN map of a Tversky-family loss: the grid is memoised on every parameter but the two weights
 * (mapMemoKey), so moving a weight only moves the marker; a new grid waits for a pause, never a stroke.
 */
import { mapLossFor, mapMemoKey, mapWithCurrent } from './choices.ts';
import type { TverskyMapData } from '../../core/curveMath.ts';
import type { ActiveState, ChartContext, ChartController } from './context.ts';
import { sceneOf } from './context.ts';

export interface MapChart extends ChartController {
  update(s: ActiveState): void;
}

export function mapChart(ctx: ChartContext): MapChart {
  const { store, charts } = ctx;
  let memo: string | null = null;
  let running: string | null = null;
  let due: string | null = null;
  let base: TverskyMapData | null = null;

  function compute() {
    const s = store.getState();
    const api = ctx.checkEngine();
    if (!ctx.active(s) || !api) return;
    const id = mapLossFor(s.selected);
    const r = s.results;
    const wanted = mapMemoKey(id, r.params[id], r.sceneRev, ctx.gen());
    if (wanted === running) return;
    ctx.abortResponse();
    running = wanted;
    ctx.ask(
      api.tverskyMap(sceneOf(r), id, r.params[id], 64),
      (data) => {
        if (running === wanted) running = null;
        base = data;
        memo = wanted;
        const cur = store.getState();
        if (
          ctx.active(cur) &&
          mapMemoKey(mapLossFor(cur.selected), cur.results.params[id], cur.results.sceneRev, ctx.gen()) === wanted
        ) {
          ctx.patch('map', {
            id,
            data: mapWithCurrent(data, cur.results.params[id], cur.results.values[id]),
            pending: false,
            error: null,
          });
        }
      },
      (error) => {
        if (running === wanted) running = null;
        memo = wanted;
        base = null;
        ctx.patch('map', { id, data: null, pending: false, error });
      },
    );
  }

  return {
    update(s) {
      const id = mapLossFor(s.selected);
      const r = s.results;
      const wanted = mapMemoKey(id, r.params[id], r.sceneRev, ctx.gen());
      if (wanted === memo && base) {
        const cur = charts.getState().map.data;
        const next = mapWithCurrent(cur && cur.rows === base.rows ? cur : base, r.params[id], r.values[id]);
        ctx.patch('map', { id, data: next, pending: false });
        return;
      }
      ctx.patch('map', { id, pending: true });
      if (wanted === running) return;
      if (s.stroking) {
        ctx.cancel('map');
        due = null;
      } else if (!(ctx.hasTimer('map') && due === wanted)) {
        due = wanted;
        ctx.later('map', ctx.delays.map, compute);
      }
    },
    reset() {
      memo = running = null;
      base = null;
    },
  };
}
