/**
 * What the charts draw: written only by the charts runner (chartsRunner.ts), read by the chart panel.
 * A store of its own, so that chart updates (a dot moving every frame) do not touch the app store.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type {
  FocalFigureData,
  FocalTverskyFigureData,
  ParameterCurve,
  ResponseCurvesData,
  TverskyMapData,
} from '../core/curveMath.ts';
import type { LossId } from '../core/types.ts';

/** A curve drawn over a paper figure, on the figure's own x grid (the chart components' FigureCurve). */
export interface HighlightCurve {
  label: string;
  ys: ArrayLike<number>;
}

/** One point on a figure (the chart components' FigureMarker). */
export interface ChartMarker {
  x: number;
  y: number;
  label: string;
}

export interface ParamChartState {
  /** The loss and the parameter on the x axis (null: no numeric parameter). */
  id: LossId | null;
  key: string | null;
  curve: ParameterCurve | null;
  reference: { label: string; value: number } | null;
  /** Said under the chart, e.g. why the BCE reference is not drawn. */
  note: string | null;
  /** The curve is being recomputed (the scene or another parameter changed): drawn dimmed. */
  pending: boolean;
  error: string | null;
}

export interface PixelChartState {
  data: FocalFigureData | null;
  /** The loss whose per-pixel curve is highlighted (the selected one when it has such a curve, else focal). */
  loss: LossId;
  /** Why the selected loss has no per-pixel curve (then focal is highlighted), or null. */
  note: string | null;
  highlight: HighlightCurve | null;
  marker: ChartMarker | null;
  error: string | null;
}

export interface FocalTverskyChartState {
  data: FocalTverskyFigureData | null;
  highlight: HighlightCurve | null;
  marker: ChartMarker | null;
  error: string | null;
}

export interface MapChartState {
  data: TverskyMapData | null;
  /** The loss the map is drawn for (the selected one when it has both weights, else tversky). */
  id: LossId;
  pending: boolean;
  error: string | null;
}

export interface ResponseChartState {
  data: ResponseCurvesData | null;
  pending: boolean;
  error: string | null;
}

export interface ChartsState {
  param: ParamChartState;
  pixel: PixelChartState;
  focalTversky: FocalTverskyChartState;
  map: MapChartState;
  response: ResponseChartState;
}

export function initialChartsState(): ChartsState {
  return {
    param: { id: null, key: null, curve: null, reference: null, note: null, pending: false, error: null },
    pixel: { data: null, loss: 'focal', note: null, highlight: null, marker: null, error: null },
    focalTversky: { data: null, highlight: null, marker: null, error: null },
    map: { data: null, id: 'tversky', pending: false, error: null },
    response: { data: null, pending: false, error: null },
  };
}

export function createChartsStore() {
  return createStore<ChartsState>()(() => initialChartsState());
}

export type ChartsStore = ReturnType<typeof createChartsStore>;

export const chartsStore: ChartsStore = createChartsStore();

export function useCharts<T>(selector: (s: ChartsState) => T): T {
  return useStore(chartsStore, selector);
}
