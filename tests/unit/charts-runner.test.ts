/**
 * The charts runner in node (tf.js cpu backend, the engine services in-process): what each chart shows, what is kept while the swept
 * parameter is dragged (only the dot moves), what is recomputed when the masks or another parameter
 * change, and its pure helpers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import { EngineService } from '../../src/worker/service.ts';
import { LOSS_IDS } from '../../src/core/registry.ts';
import { tverskyIndexFromFocal } from '../../src/core/curves.ts';
import type { TverskyMapData } from '../../src/core/curves.ts';
import { createChartsStore } from '../../src/state/chartsStore.ts';
import type { ChartsStore } from '../../src/state/chartsStore.ts';
import {
  chartParamKey,
  chooseReference,
  focalTverskyMarker,
  formatParamValue,
  hoveredPixel,
  mapLossFor,
  mapMemoKey,
  mapWithCurrent,
  paramsText,
  pixelHighlightLabel,
  pixelHighlightLoss,
} from '../../src/state/charts/choices.ts';
import { startChartsRunner } from '../../src/state/chartsRunner.ts';
import type { ChartsHost, ChartsRunner } from '../../src/state/chartsRunner.ts';
import { startRunner } from '../../src/state/runner.ts';
import type { EngineHost, Runner } from '../../src/state/runner.ts';
import { createAppStore } from '../../src/state/store.ts';
import type { AppStore } from '../../src/state/store.ts';

tf.enableProdMode();

describe('chart helpers', () => {
  it('picks the parameter a chart sweeps', () => {
    expect(chartParamKey('focal', undefined)).toBe('gamma');
    expect(chartParamKey('focal', 'alpha')).toBe('alpha');
    expect(chartParamKey('focal', 'nope')).toBe('gamma');
    expect(chartParamKey('bce', undefined)).toBe('eps'); // only an advanced one
    expect(chartParamKey('dice', 'squared')).toBe('smooth'); // booleans are not swept
  });

  it('highlights the selected loss per pixel when it has such a curve, else focal with a reason', () => {
    expect(pixelHighlightLoss('weighted_bce', { beta: 2 })).toEqual({ loss: 'weighted_bce', note: null });
    expect(pixelHighlightLoss('focal', {})).toEqual({ loss: 'focal', note: null });
    const dice = pixelHighlightLoss('dice', {});
    expect(dice.loss).toBe('focal');
    expect(dice.note).toMatch(/Dice has no per-pixel curve/);
    expect(pixelHighlightLoss('balanced_bce', { beta: null }).note).toMatch(/auto β/);
    expect(pixelHighlightLoss('balanced_bce', { beta: 0.3 }).loss).toBe('balanced_bce');
  });

  it('labels values and settings the way a teacher reads them', () => {
    expect(formatParamValue(4 / 3)).toBe('4/3');
    expect(formatParamValue(1 / 3)).toBe('1/3');
    expect(formatParamValue(2)).toBe('2');
    expect(formatParamValue(0.25)).toBe('0.25');
    expect(formatParamValue(1e-7)).toBe('1.00e−7');
    expect(paramsText('focal', { gamma: 2, alpha: 0.25 })).toBe('γ = 2, α = 0.25');
    expect(paramsText('focal', { gamma: 2, alpha: null })).toMatch(/^γ = 2, α: no α weighting$/);
    expect(pixelHighlightLabel('focal', { gamma: 2, alpha: 0.25 }, 0)).toBe(
      'Focal (γ = 2, α = 0.25), background pixel',
    );
    expect(pixelHighlightLabel('bce', {}, 1)).toBe('BCE, foreground pixel');
  });

  it('draws the BCE reference only where it does not flatten the curve', () => {
    expect(chooseReference('bce', [1, 2], 1, 0.5)).toEqual({ reference: null, note: null });
    expect(chooseReference('dice', [0.3, 0.5], 0.4, 0.45).reference?.value).toBe(0.45);
    const far = chooseReference('focal', [0.01, 0.05], 0.02, 0.14);
    expect(far.reference).toBeNull();
    expect(far.note).toMatch(/above this range/);
    expect(chooseReference('dice', [0.3], 0.3, NaN)).toEqual({ reference: null, note: null });
  });

  it('reads the hovered pixel as the per-pixel figure sees it', () => {
    const r = { height: 2, width: 2, target: Float32Array.of(1, 0, 0.5, 1), pred: Float32Array.of(0.8, 0.3, 0.5, 0) };
    expect(hoveredPixel(r, { x: 0, y: 0 })).toEqual({ x: 0, y: 0, g: 1, p: r.pred[0], pt: r.pred[0] });
    expect(hoveredPixel(r, { x: 1, y: 0 })?.pt).toBeCloseTo(0.7, 6);
    expect(hoveredPixel(r, { x: 0, y: 1 })).toBeNull(); // soft g
    expect(hoveredPixel(r, { x: 5, y: 0 })).toBeNull();
    expect(hoveredPixel(r, null)).toBeNull();
  });

  it('places the masks on the focal Tversky figure', () => {
    const m = focalTverskyMarker(0.5, 4 / 3)!;
    expect(m.y).toBe(0.5);
    expect(m.x).toBeCloseTo(tverskyIndexFromFocal(0.5, 4 / 3), 12);
    expect(focalTverskyMarker(NaN, 2)).toBeNull();
    expect(focalTverskyMarker(undefined, 2)).toBeNull();
  });

  it('keeps the map while only the two weights move', () => {
    expect(mapLossFor('focal_tversky')).toBe('focal_tversky');
    expect(mapLossFor('dice')).toBe('tversky');
    const k = (fp: number, smooth: number, rev: number) =>
      mapMemoKey('tversky', { fp_weight: fp, fn_weight: 0.7, smooth }, rev, 1);
    expect(k(0.1, 1, 3)).toBe(k(0.9, 1, 3));
    expect(k(0.1, 1, 3)).not.toBe(k(0.1, 2, 3));
    expect(k(0.1, 1, 3)).not.toBe(k(0.1, 1, 4));
    const data = {
      id: 'tversky',
      fp: [0, 1],
      fn: [0, 1],
      rows: [],
      min: 0,
      max: 1,
      current: { fp: 0.3, fn: 0.7, value: 0.4 },
    } as unknown as TverskyMapData;
    expect(mapWithCurrent(data, { fp_weight: 0.3, fn_weight: 0.7 }, 0.4)).toBe(data);
    const moved = mapWithCurrent(data, { fp_weight: 0.6, fn_weight: 0.2 }, 0.5);
    expect(moved.current).toEqual({ fp: 0.6, fn: 0.2, value: 0.5 });
    expect(moved.rows).toBe(data.rows);
  });
});

describe('charts runner', () => {
  let store: AppStore;
  let host: EngineHost & ChartsHost;
  let runner: Runner;
  let chartsRunner: ChartsRunner;
  let charts: ChartsStore;
  const frame = (cb: () => void) => setTimeout(cb, 0);

  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await runner.idle();
      await chartsRunner.idle();
    }
  };

  beforeAll(async () => {
    await tf.setBackend('cpu');
    store = createAppStore();
    store.getState().setGridSize(64);
    // The screen's engine and the charts' one, each in its own service as in the page (there: two workers).
    const screen = new EngineService();
    const chartService = new EngineService();
    const started = await screen.start({ forced: 'cpu' });
    await chartService.start({ forced: 'cpu' });
    host = { engine: screen, charts: chartService, deviceKeys: started.deviceKeys };
    charts = createChartsStore();
    runner = startRunner(store, host, frame);
    chartsRunner = startChartsRunner(store, host, charts, {
      frame,
      delays: { param: 1, deviceParam: 1, map: 1, response: 1 },
    });
    store.getState().setStatus('ready');
    store.getState().setChartsVisible(true);
    await settle();
  });

  afterAll(() => {
    chartsRunner.stop();
    runner.stop();
  });

  it('draws the selected loss against its parameter and only moves the dot while it is dragged', async () => {
    store.getState().select('focal');
    await settle();
    const first = charts.getState().param;
    expect(first.id).toBe('focal');
    expect(first.key).toBe('gamma');
    expect(first.pending).toBe(false);
    expect(first.curve?.current.x).toBe(2);
    expect(first.curve?.current.y).toBe(store.getState().results!.values.focal);

    store.getState().setParam('focal', 'gamma', 3.5);
    await settle();
    const dragged = charts.getState().param.curve!;
    expect(dragged.ys).toBe(first.curve!.ys); // the curve is kept …
    expect(dragged.current.x).toBe(3.5); // … and the dot moved to the runner's value
    expect(dragged.current.y).toBe(store.getState().results!.values.focal);

    // Another parameter moved: the chart follows it; back on γ, the curve is new.
    store.getState().setParam('focal', 'alpha', 0.6);
    await settle();
    expect(charts.getState().param.key).toBe('alpha');
    store.getState().setChartParam('focal', 'gamma');
    await settle();
    const again = charts.getState().param.curve!;
    expect(again.key).toBe('gamma');
    expect(again.ys).not.toEqual(first.curve!.ys);

    // The masks changed: recomputed.
    store.getState().applyPredOp({ kind: 'shift', dx: 3, dy: 0 });
    await settle();
    expect(charts.getState().param.curve!.ys).not.toEqual(again.ys);
    // BCE as a reference: drawn, or (off the curve's scale) named in a note.
    const p = charts.getState().param;
    const bce = store.getState().results!.values.bce;
    if (p.reference) expect(p.reference.value).toBe(bce);
    else expect(p.note).toMatch(/^BCE on this scene is/);
  });

  it('highlights the current per-pixel curve and marks the hovered pixel', async () => {
    store.getState().setChartTab('pixel');
    await settle();
    const pixel = charts.getState().pixel;
    expect(pixel.data?.curves).toHaveLength(5);
    expect(pixel.loss).toBe('focal');
    expect(pixel.highlight?.label).toMatch(/^Focal \(γ = 3\.5, α = 0\.6\), foreground pixel$/);
    const ys = pixel.highlight!.ys;
    store.getState().setParam('focal', 'gamma', 1);
    await settle();
    expect(charts.getState().pixel.highlight!.ys).not.toEqual(ys);
    expect(charts.getState().pixel.data).toBe(pixel.data); // the paper's curves are computed once

    const { target } = store.getState().scene;
    const i = target.findIndex((v) => v === 1);
    store.getState().setHover({ x: i % 64, y: Math.floor(i / 64) });
    await settle();
    const marker = charts.getState().pixel.marker!;
    expect(marker.x).toBe(store.getState().results!.pred[i]);
    expect(Number.isFinite(marker.y)).toBe(true);
    store.getState().setHover(null);
    await settle();
    expect(charts.getState().pixel.marker).toBeNull();

    store.getState().select('dice');
    await settle();
    expect(charts.getState().pixel.note).toMatch(/no per-pixel curve/);
  });

  it('places the masks on the focal Tversky figure at the current γ', async () => {
    store.getState().select('focal_tversky');
    store.getState().setChartTab('focal-tversky');
    await settle();
    const ft = charts.getState().focalTversky;
    expect(ft.data?.curves).toHaveLength(4);
    expect(ft.highlight?.label).toBe('current γ = 4/3, trained loss');
    const value = store.getState().results!.values.focal_tversky!;
    expect(ft.marker?.y).toBe(value);
    expect(ft.marker?.x).toBeCloseTo(tverskyIndexFromFocal(value, 4 / 3), 12);
    store.getState().setParam('focal_tversky', 'gamma', 2);
    await settle();
    expect(charts.getState().focalTversky.highlight?.label).toBe('current γ = 2, trained loss');
  });

  it('keeps the FP × FN map while the weights move and recomputes it for other changes', async () => {
    store.getState().setChartTab('tversky-map');
    await settle();
    const map = charts.getState().map;
    expect(map.id).toBe('focal_tversky');
    expect(map.data?.rows).toHaveLength(64);
    store.getState().setParam('focal_tversky', 'fp_weight', 0.8);
    store.getState().setParam('focal_tversky', 'fn_weight', 0.2);
    await settle();
    const moved = charts.getState().map.data!;
    expect(moved.rows).toBe(map.data!.rows);
    expect(moved.current.fp).toBe(0.8);
    expect(moved.current.fn).toBe(0.2);
    expect(moved.current.value).toBe(store.getState().results!.values.focal_tversky);
    store.getState().setParam('focal_tversky', 'smooth', 5);
    await settle();
    expect(charts.getState().map.data!.rows).not.toBe(map.data!.rows);
  });

  it('computes every loss against a shared change, for the chosen quantity', async () => {
    store.getState().setChartTab('response');
    await settle();
    const response = charts.getState().response;
    expect(response.pending).toBe(false);
    expect(response.data?.quantity).toBe('shift');
    expect(response.data?.series.map((s) => s.id)).toEqual([...LOSS_IDS]);
    store.getState().setResponseQuantity('temperature');
    await settle();
    expect(charts.getState().response.data?.quantity).toBe('temperature');
  });

  it('does nothing while off screen or hidden, and starts over with new engines', async () => {
    store.getState().setChartTab('pixel');
    await settle();
    store.getState().setChartsVisible(false);
    const before = charts.getState();
    store.getState().setParam('focal', 'gamma', 4);
    await settle();
    expect(charts.getState()).toBe(before);
    store.getState().setChartsVisible(true);
    store.getState().setHidden(['charts']);
    await settle();
    expect(charts.getState()).toBe(before);
    store.getState().setHidden([]);
    await settle();
    expect(charts.getState().pixel.highlight).not.toBe(before.pixel.highlight);

    const oldData = charts.getState().pixel.data;
    const replacement = new EngineService();
    await replacement.start({ forced: 'cpu' });
    host.charts = replacement;
    chartsRunner.kick();
    await settle();
    expect(charts.getState().pixel.data).not.toBe(oldData);
    expect(charts.getState().pixel.data?.curves).toHaveLength(5);
  });

  it('arms no timer once its work is done (the two throttled charts do not wake each other)', async () => {
    let armed = 0;
    const quiet = startChartsRunner(store, host, createChartsStore(), {
      frame,
      setTimer: (cb, ms) => {
        armed += 1;
        return setTimeout(cb, ms);
      },
    });
    store.getState().setChartTab('tversky-map');
    store.getState().setParam('focal', 'gamma', 2.5);
    // The figure's first update inside the parameter chart's window: the two throttles out of step.
    await new Promise((r) => setTimeout(r, 100));
    store.getState().setChartTab('pixel');
    for (let i = 0; i < 4; i++) {
      await runner.idle();
      await quiet.idle();
    }
    expect(armed).toBeGreaterThan(0); // the throttles did wait for their turn
    const settledAt = armed;
    await new Promise((r) => setTimeout(r, 800)); // > 3 throttle windows of 250 ms
    expect(armed).toBe(settledAt);
    quiet.stop();
  });
});
