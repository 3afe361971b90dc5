/** The Δ column counts from the values shown before the last edit: of the scene, a parameter or the convention. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../src/state/store.ts';
import { PARAM_GESTURE_MS } from '../../src/state/paramsSlice.ts';

function withValues(store: ReturnType<typeof createAppStore>, bce: number) {
  const values = { bce };
  store.setState({ results: { ...store.getState().results, values } as never });
  return values;
}

afterEach(() => vi.useRealTimers());

describe('Δ baseline', () => {
  it('a parameter change sets it; a drag of the same parameter keeps the one from before the drag', () => {
    vi.useFakeTimers();
    const store = createAppStore();
    const before = withValues(store, 0.5);
    store.getState().setParam('focal', 'gamma', 1);
    expect(store.getState().baseline).toBe(before);
    withValues(store, 0.4);
    vi.advanceTimersByTime(PARAM_GESTURE_MS / 3);
    store.getState().setParam('focal', 'gamma', 1.5); // the same drag
    expect(store.getState().baseline).toBe(before);
    const mid = withValues(store, 0.3);
    store.getState().setParam('focal', 'alpha', 0.5); // another parameter: a new edit
    expect(store.getState().baseline).toBe(mid);
    const later = withValues(store, 0.2);
    vi.advanceTimersByTime(PARAM_GESTURE_MS + 1);
    store.getState().setParam('focal', 'alpha', 0.6); // the same parameter after a pause: a new edit
    expect(store.getState().baseline).toBe(later);
  });

  it('a convention and a reset set it', () => {
    const store = createAppStore();
    const a = withValues(store, 0.5);
    store.getState().applyConvention('monai');
    expect(store.getState().baseline).toBe(a);
    const b = withValues(store, 0.25);
    store.getState().resetLoss('focal');
    expect(store.getState().baseline).toBe(b);
  });
});
