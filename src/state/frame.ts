/** The runners' frame scheduler (one callback before the next paint; a timer where there is no rAF, e.g. Node) and their idle waiters. */
export type Frame = (cb: () => void) => unknown;

export const defaultFrame: Frame = (cb) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => cb()) : setTimeout(cb, 0);

/**
 * The promises behind a runner's idle(): each resolves once `isIdle()` holds. Call `check()` whenever the
 * runner may have become idle; `wait()` is idle() itself.
 */
export function idleWaiters(isIdle: () => boolean): { wait(): Promise<void>; check(): void } {
  let waiters: (() => void)[] = [];
  const check = () => {
    if (!isIdle()) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  return {
    check,
    wait: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        check();
      }),
  };
}
