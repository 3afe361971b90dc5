/** Store actions and the runner, in node (tf.js on the cpu backend): no DOM involved. */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import { EngineService } from '../../src/worker/service.ts';
import { LOSS_IDS } from '../../src/core/registry.ts';
import { buildPreset } from '../../src/scene/index.ts';
import { createAppStore } from '../../src/state/store.ts';
import { startRunner } from '../../src/state/runner.ts';
import { conventionParams } from '../../src/core/conventions.ts';
import type { AppStore } from '../../src/state/store.ts';

tf.enableProdMode();

function fresh(size = 64): AppStore {
  const store = createAppStore();
  store.getState().setGridSize(size);
  return store;
}

const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);

describe('scene slice', () => {
  it('starts on the default preset at 128 with the survey convention', () => {
    const s = createAppStore().getState();
    expect(s.scene).toMatchObject({ height: 128, width: 128 });
    expect(s.presetId).toBe('one_missed');
    expect(s.params).toEqual(conventionParams('survey'));
    expect(s.canUndo).toBe(false);
  });

  it('paints an interpolated binary stroke on the ground truth, undoable exactly', () => {
    const store = fresh();
    const before = Float32Array.from(store.getState().scene.target);
    const rev0 = store.getState().sceneRev;
    store.getState().setRadius(1.5);
    store.getState().beginStroke('target', { x: 2, y: 60 });
    store.getState().continueStroke({ x: 30, y: 60 }); // one far jump: no gaps
    store.getState().endStroke();
    const s = store.getState();
    expect(s.sceneRev).toBeGreaterThan(rev0);
    expect(s.canUndo).toBe(true);
    expect(s.presetId).toBeNull();
    for (let x = 2; x <= 30; x++) expect(s.scene.target[60 * 64 + x]).toBe(1);
    expect(s.scene.target.every((v) => v === 0 || v === 1)).toBe(true);
    s.undo();
    expect(store.getState().scene.target).toEqual(before);
    expect(store.getState().canRedo).toBe(true);
    store.getState().redo();
    expect(store.getState().scene.target[60 * 64 + 15]).toBe(1);
  });

  it('paints probabilities with the prediction brush and erases to 0', () => {
    const store = fresh();
    store.getState().applyLayerOp('pred', 'clear');
    store.getState().setPredValue(0.7);
    store.getState().setHardness(1);
    store.getState().beginStroke('pred', { x: 10.5, y: 10.5 });
    store.getState().endStroke();
    // Quantised to 8 bits at the stroke's end (as share links carry it): 0.7 → 178/255.
    expect(store.getState().scene.pred[10 * 64 + 10]).toBe(Math.fround(178 / 255));
    store.getState().setTool('eraser');
    store.getState().beginStroke('pred', { x: 10.5, y: 10.5 });
    store.getState().endStroke();
    expect(store.getState().scene.pred[10 * 64 + 10]).toBe(0);
  });

  it('draws shapes and applies layer and prediction operations', () => {
    const store = fresh();
    store.getState().applyLayerOp('target', 'clear');
    store.getState().drawShape('target', 'rect', { x: 10, y: 10 }, { x: 20, y: 30 });
    expect(sum(store.getState().scene.target)).toBe(200);
    store.getState().applyLayerOp('target', 'invert');
    expect(sum(store.getState().scene.target)).toBe(64 * 64 - 200);
    store.getState().applyPredOp({ kind: 'copyTarget' });
    expect(store.getState().scene.pred).toEqual(store.getState().scene.target);
    store.getState().applyPredOp({ kind: 'shift', dx: 1, dy: 0 });
    expect(store.getState().scene.pred[0]).toBe(0);
    store.getState().applyLayerOp('pred', 'fill');
    expect(store.getState().scene.pred.every((v) => Math.abs(v - store.getState().predValue) <= 1 / 510)).toBe(true);
    store.getState().applyPredOp({ kind: 'temperature', t: 0.5 });
    expect(store.getState().scene.pred[0]).toBeGreaterThan(store.getState().predValue);
    const n0 = store.getState().noiseSeed;
    store.getState().applyPredOp({ kind: 'noise', amount: 0.1 });
    expect(store.getState().noiseSeed).toBe(n0 + 1);
    // Eight edits here and the grid change of fresh(): nine undos back to the start.
    let undos = 0;
    while (store.getState().canUndo) {
      store.getState().undo();
      undos++;
    }
    expect(undos).toBe(9);
    expect(store.getState().scene).toMatchObject({ height: 128, width: 128 });
  });

  it('loads presets and changes the grid, scaling the brush', () => {
    const store = createAppStore();
    store.getState().loadPreset('small_object');
    expect(store.getState().presetId).toBe('small_object');
    expect(store.getState().scene.target).toEqual(buildPreset('small_object', 128).target);
    const r = store.getState().radius;
    store.getState().setGridSize(256);
    expect(store.getState().scene).toMatchObject({ height: 256, width: 256 });
    expect(store.getState().scene.target).toEqual(buildPreset('small_object', 256).target);
    expect(store.getState().radius).toBe(r * 2);
    store.getState().undo();
    expect(store.getState().scene).toMatchObject({ height: 128, width: 128 });
    store.getState().loadPreset('no-such-preset');
    expect(store.getState().scene).toMatchObject({ height: 128, width: 128 });
  });

  it('remembers the values shown before an edit for the Δ column', () => {
    const store = fresh();
    const values = { bce: 0.5 };
    store.setState({ results: { values } as never });
    store.getState().applyLayerOp('pred', 'invert');
    expect(store.getState().baseline).toBe(values);
  });
});

describe('params slice', () => {
  it('clamps into range, snaps choices and keeps null where allowed', () => {
    const store = createAppStore();
    const s = store.getState();
    s.setParam('focal', 'gamma', 12);
    expect(store.getState().params.focal.gamma).toBe(5);
    s.setParam('structural', 'window', 6.2);
    expect(store.getState().params.structural.window).toBe(7);
    s.setParam('focal', 'alpha', null);
    expect(store.getState().params.focal.alpha).toBeNull();
    s.setParam('focal', 'gamma', null); // not nullable: refused
    expect(store.getState().params.focal.gamma).toBe(5);
    s.setParam('focal', 'nope', 1);
    expect(store.getState().params.focal).not.toHaveProperty('nope');
    expect(store.getState().conventionEdited).toBe(true);
    s.resetLoss('focal');
    expect(store.getState().params.focal).toEqual(conventionParams('survey').focal);
    expect(store.getState().conventionEdited).toBe(true); // structural still moved
  });

  it('applies a convention and reports the changes', () => {
    const store = createAppStore();
    store.getState().applyConvention('monai');
    const s = store.getState();
    expect(s.convention).toBe('monai');
    expect(s.params.dice.smooth_nr).toBe(1e-5);
    expect(s.conventionReport?.changes).toContain('Dice · smooth_dr: same as smooth → 1e−5');
    expect(s.conventionReport?.notes.some((n) => n.startsWith('Log-cosh') || n.startsWith('LogCosh'))).toBe(true);
    s.dismissConventionReport();
    expect(store.getState().conventionReport).toBeNull();
  });
});

describe('runner', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('evaluates after changes, at most one at a time, and undo restores the values exactly', async () => {
    const store = fresh();
    const service = new EngineService();
    await service.start({ forced: 'cpu' });
    const host = { engine: service };
    // The maps each evaluation asked for (undefined: all).
    const asked: (readonly string[] | undefined)[] = [];
    const evaluate = service.evaluate.bind(service);
    service.evaluate = (req) => {
      asked.push(req.mapsOf);
      return evaluate(req);
    };
    let frames = 0;
    const runner = startRunner(store, host, (cb) => {
      frames++;
      setTimeout(cb, 0);
    });
    store.getState().setStatus('ready');
    await runner.idle();
    const r0 = store.getState().results!;
    expect(Object.keys(r0.values).sort()).toEqual([...LOSS_IDS].sort());
    for (const id of LOSS_IDS) expect(r0.gradients[id]?.length).toBe(64 * 64);
    expect(r0.sceneRev).toBe(store.getState().sceneRev);

    // Many changes in one frame: one evaluation, of the newest scene.
    const before = frames;
    store.getState().beginStroke('pred', { x: 5, y: 5 });
    for (let x = 6; x < 40; x++) store.getState().continueStroke({ x, y: 5 + x / 4 });
    store.getState().endStroke();
    await runner.idle();
    const r1 = store.getState().results!;
    expect(frames - before).toBeLessThanOrEqual(2);
    expect(r1.sceneRev).toBe(store.getState().sceneRev);
    expect(r1.values.bce).not.toBe(r0.values.bce);
    expect(store.getState().baseline).toEqual(r0.values);

    store.getState().undo();
    await runner.idle();
    const r2 = store.getState().results!;
    for (const id of LOSS_IDS) expect(Object.is(r2.values[id], r0.values[id]), id).toBe(true);
    expect(r2.gradients.dice).toEqual(r0.gradients.dice);

    // A parameter: only that loss's value moves.
    store.getState().setParam('focal', 'gamma', 1);
    await runner.idle();
    const r3 = store.getState().results!;
    expect(r3.values.focal).not.toBe(r2.values.focal);
    expect(r3.values.bce).toBe(r2.values.bce);
    // Only focal's map was computed and sent: the others are the arrays held, exact for the same inputs.
    expect(asked.at(-1)).toEqual(['focal']);
    for (const id of LOSS_IDS) if (id !== 'focal') expect(r3.gradients[id], id).toBe(r2.gradients[id]);
    expect(r3.gradients.focal).not.toBe(r2.gradients.focal);
    const check = new EngineService();
    await check.start({ forced: 'cpu' });
    const s3 = store.getState();
    const whole = await check.evaluate({
      ...s3.scene,
      target: Float32Array.from(s3.scene.target),
      pred: Float32Array.from(s3.scene.pred),
      params: s3.params,
      gradient: s3.gradientSpace,
      contributionsOf: 'bce',
    });
    for (const id of LOSS_IDS)
      expect(Array.from(r3.gradients[id] ?? []), id).toEqual(Array.from(whole.gradients[id] ?? []));

    // The logit space: ∂L/∂z = ∂L/∂p · q(1 − q).
    store.getState().setGradientSpace('logit');
    await runner.idle();
    const r4 = store.getState().results!;
    expect(r4.space).toBe('logit');
    const i = 20 * 64 + 20;
    const p = Math.min(Math.max(r4.pred[i]!, 1e-7), 1 - 1e-7);
    expect(r4.gradients.bce![i]).toBeCloseTo(r3.gradients.bce![i]! * p * (1 - p), 10);

    runner.stop();
  });

  it('gives up an evaluation that never answers once the engine is restarted, and evaluates on the new one', async () => {
    const store = fresh();
    const service = new EngineService();
    await service.start({ forced: 'cpu' });
    // The engine before: its evaluation is left hanging, as a read from a lost WebGL context or a call to a dead worker is.
    let asked = 0;
    const lost = {
      ...service,
      evaluate: () => {
        asked += 1;
        return new Promise<never>(() => {});
      },
    } as unknown as EngineService;
    const host: { engine: EngineService | null } = { engine: lost };
    const runner = startRunner(store, host, (cb) => setTimeout(cb, 0));
    store.getState().setStatus('ready');
    await new Promise((r) => setTimeout(r, 20));
    expect(asked).toBe(1);
    const waited = runner.idle();
    let settled = false;
    void waited.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false); // still out on the lost engine

    // The boot's switch: no engine while switching, then the new one and a kick.
    host.engine = null;
    store.getState().setStatus('switching');
    host.engine = service;
    store.getState().setStatus('ready');
    runner.kick();
    await waited;
    await runner.idle();
    expect(asked).toBe(1);
    const r = store.getState().results!;
    expect(r.sceneRev).toBe(store.getState().sceneRev);
    for (const id of LOSS_IDS) expect(r.gradients[id]?.length, id).toBe(64 * 64);
    runner.stop();
  });

  it('waits while the engine is not ready', async () => {
    const store = fresh();
    const runner = startRunner(store, { engine: null }, (cb) => setTimeout(cb, 0));
    await runner.idle();
    expect(store.getState().results).toBeNull();
    runner.stop();
  });
});
