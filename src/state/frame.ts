/** The runners' frame scheduler: one callback before the next paint (a timer where there is no rAF, e.g. Node). */
export type Frame = (cb: () => void) => unknown;

export const defaultFrame: Frame = (cb) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => cb()) : setTimeout(cb, 0);
