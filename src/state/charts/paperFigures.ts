/**
 * The two paper figures. Their fixed curves are computed once per engine; the highlight (the selected
 * loss's curve at its settings) and the marker (the hovered pixel, or the current masks) follow the
 * inputs, each recomputed only when its key changes.
 */
import { resolveParams } from '../../core/registry.ts';
import type { EngineApi } from '../../worker/protocol.ts';
import { formatValue } from '../../ui/format.ts';
import {
  focalTverskyMarker,
  formatParamValue,
  hoveredPixel,
  pixelHighlightLabel,
  pixelHighlightLoss,
} from './choices.ts';
import type { ChartsState } from '../chartsStore.ts';
import type { ActiveState, ChartContext, ChartController } from './context.ts';

export interface PaperFigure extends ChartController {
  update(s: ActiveState, api: EngineApi): void;
}

type FigureSection = 'pixel' | 'focalTversky';

/** A figure's fixed curves: asked for once per engine (again after a failure); ready once in the store. */
function fixedCurves<K extends FigureSection>(
  ctx: ChartContext,
  section: K,
  fetch: (api: EngineApi) => Promise<NonNullable<ChartsState[K]['data']>>,
) {
  let requested = false;
  return {
    ready(api: EngineApi): boolean {
      if (ctx.charts.getState()[section].data) return true;
      if (!requested) {
        requested = true;
        ctx.ask(
          fetch(api),
          (fig) => ctx.patch(section, { data: fig, error: null } as Partial<ChartsState[K]>),
          (error) => {
            requested = false;
            ctx.patch(section, { error } as Partial<ChartsState[K]>);
          },
        );
      }
      return false;
    },
    reset() {
      requested = false;
    },
  };
}

/** Lin et al. 2017, Fig. 1: focal loss per pixel against p_t, with the selected loss highlighted. */
export function pixelFigure(ctx: ChartContext): PaperFigure {
  const { store, charts } = ctx;
  const fixed = fixedCurves(ctx, 'pixel', (api) => api.focalPaperFigure());
  let key: string | null = null;
  let running: string | null = null;
  let markerKey: string | null = null;
  let markerRunning: string | null = null;
  /** Marker answers arrive in order of asking; one older than the marker shown is dropped. */
  let markerSeq = 0;
  let markerShown = 0;

  return {
    update(s, api) {
      const data = charts.getState().pixel.data;
      if (!fixed.ready(api) || !data) return;
      const { loss, note } = pixelHighlightLoss(s.selected, s.params[s.selected]);
      const params = s.params[loss];
      const hovered = hoveredPixel(s.results, s.hover);
      const label: 0 | 1 = hovered ? hovered.g : 1;
      const wanted = JSON.stringify([loss, resolveParams(loss, params), label, ctx.gen()]);
      ctx.patch('pixel', { loss, note });
      if (wanted !== key && wanted !== running) {
        running = wanted;
        ctx.ask(
          api.pixelLossCurve(loss, params, data.pt, label),
          (ys) => {
            if (running === wanted) running = null;
            key = wanted;
            ctx.patch('pixel', { highlight: { label: pixelHighlightLabel(loss, params, label), ys }, error: null });
          },
          (error) => {
            if (running === wanted) running = null;
            key = wanted;
            ctx.patch('pixel', { error });
          },
        );
      }
      if (!hovered) {
        markerKey = null;
        markerRunning = null;
        ctx.patch('pixel', { marker: null });
        return;
      }
      const mkey = JSON.stringify([wanted, hovered.x, hovered.y, hovered.p]);
      if (mkey === markerKey || mkey === markerRunning) return;
      markerRunning = mkey;
      const seq = ++markerSeq;
      ctx.ask(
        api.pixelLossCurve(loss, params, [hovered.pt], hovered.g),
        (ys) => {
          // Older than the marker shown, or the pointer has left the picture meanwhile: dropped.
          if (seq < markerShown || store.getState().hover === null) return;
          markerShown = seq;
          if (markerRunning === mkey) markerRunning = null;
          markerKey = mkey;
          const y = ys[0];
          const marker =
            y !== undefined && Number.isFinite(y)
              ? {
                  x: hovered.pt,
                  y,
                  label: `pixel (${hovered.x}, ${hovered.y}): p_t = ${formatValue(hovered.pt, 3).text}, loss = ${formatValue(y, 3).text}`,
                }
              : null;
          ctx.patch('pixel', { marker });
        },
        (error) => {
          if (markerRunning === mkey) markerRunning = null;
          markerKey = mkey;
          ctx.patch('pixel', { error });
        },
      );
    },
    reset() {
      fixed.reset();
      key = running = markerKey = markerRunning = null;
    },
  };
}

/** Abraham & Khan 2019, Fig. 1: focal Tversky loss against TI, with the current γ and masks marked. */
export function focalTverskyFigure(ctx: ChartContext): PaperFigure {
  const { charts } = ctx;
  const fixed = fixedCurves(ctx, 'focalTversky', (api) => api.focalTverskyFigure());
  let key: string | null = null;
  let running: string | null = null;

  return {
    update(s, api) {
      if (!fixed.ready(api)) return;
      const gamma = resolveParams('focal_tversky', s.params.focal_tversky)['gamma'];
      if (typeof gamma === 'number') {
        const wanted = JSON.stringify([gamma, ctx.gen()]);
        if (wanted !== key && wanted !== running) {
          running = wanted;
          ctx.ask(
            api.focalTverskyFigure([gamma]),
            (fig) => {
              if (running === wanted) running = null;
              key = wanted;
              const trained = fig.curves[0]?.trained ?? null;
              ctx.patch('focalTversky', {
                highlight: trained
                  ? { label: `current γ = ${formatParamValue(gamma)}, trained loss`, ys: trained }
                  : null,
                error: null,
              });
            },
            (error) => {
              if (running === wanted) running = null;
              key = wanted;
              ctx.patch('focalTversky', { error });
            },
          );
        }
      }
      const rGamma = resolveParams('focal_tversky', s.results.params.focal_tversky)['gamma'];
      const marker = focalTverskyMarker(s.results.values.focal_tversky, typeof rGamma === 'number' ? rGamma : NaN);
      const prev = charts.getState().focalTversky.marker;
      if (!(prev && marker && prev.x === marker.x && prev.y === marker.y) && !(prev === null && marker === null))
        ctx.patch('focalTversky', { marker });
    },
    reset() {
      fixed.reset();
      key = running = null;
    },
  };
}
