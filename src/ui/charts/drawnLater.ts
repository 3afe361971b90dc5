/**
 * A chart's new data drawn as a transition: React renders the recharts tree in slices that yield to input
 * and frames, instead of one 80–150 ms task (measured at a slider drag's start, when the selected loss's
 * curve arrived), while the old drawing stays on screen. `chartsDrawn()` tells the tests and the bench when
 * every chart shows its latest data.
 */
import { useDeferredValue, useLayoutEffect } from 'react';

let behind = 0;
let waiters: (() => void)[] = [];

/** `value`, or the one before it until React has drawn the new one. */
export function useDrawnLater<T>(value: T): T {
  const shown = useDeferredValue(value);
  const late = !Object.is(shown, value);
  useLayoutEffect(() => {
    if (!late) return;
    behind++;
    return () => {
      behind--;
      if (behind === 0) {
        const done = waiters;
        waiters = [];
        for (const w of done) w();
      }
    };
  }, [late]);
  return shown;
}

/** Resolves after the next frame once no chart is behind its data. */
export function chartsDrawn(): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (behind === 0) resolve();
      else waiters.push(() => requestAnimationFrame(check));
    };
    requestAnimationFrame(check);
  });
}
