/** A grid change during a stroke ends the stroke (no error, the paint kept); a resample says so, and going back restores it. */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/state/store.ts';
import { RESAMPLE_NOTE } from '../../src/state/sceneSlice.ts';

function painted() {
  const store = createAppStore();
  const s = store.getState();
  s.setGridSize(128);
  s.beginStroke('pred', { x: 20, y: 20 });
  s.continueStroke({ x: 60, y: 50 });
  s.endStroke();
  return store;
}

const copy = (a: Float32Array) => Float32Array.from(a);

describe('grid changes', () => {
  it('mid-stroke: the stroke ends first, later moves do nothing, nothing throws', () => {
    const store = createAppStore();
    const s = store.getState();
    s.setGridSize(128);
    s.beginStroke('target', { x: 10, y: 10 });
    s.continueStroke({ x: 40, y: 40 });
    expect(() => store.getState().setGridSize(64)).not.toThrow();
    expect(store.getState().stroking).toBe(false);
    expect(() => {
      for (let i = 0; i < 10; i++) store.getState().continueStroke({ x: 40 + i, y: 40 });
      store.getState().endStroke();
    }).not.toThrow();
    // The part painted before the change is in the resampled ground truth (around (20, 20) at 128 → (10, 10) at 64).
    const { target } = store.getState().scene;
    expect(target.length).toBe(64 * 64);
    expect(target[10 * 64 + 10]).toBe(1);
  });

  it('a painted scene resampled and back again is the exact scene, and the page said so', () => {
    const store = painted();
    const before = { target: copy(store.getState().scene.target), pred: copy(store.getState().scene.pred) };
    store.getState().setGridSize(64);
    expect(store.getState().sceneNote).toBe(RESAMPLE_NOTE);
    store.getState().setGridSize(128);
    expect(store.getState().scene.target).toEqual(before.target);
    expect(store.getState().scene.pred).toEqual(before.pred);
    expect(store.getState().sceneNote).toBeNull();
  });

  it('an edit in between: going back resamples again (and says so); a preset is redrawn without a note', () => {
    const store = painted();
    store.getState().setGridSize(64);
    store.getState().beginStroke('pred', { x: 5, y: 5 });
    store.getState().endStroke();
    store.getState().setGridSize(128);
    expect(store.getState().sceneNote).toBe(RESAMPLE_NOTE);
    store.getState().loadPreset('shifted');
    store.getState().setGridSize(64);
    expect(store.getState().sceneNote).toBeNull();
  });
});
