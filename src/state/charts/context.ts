/**
 * What every chart controller shares with the charts runner (../chartsRunner.ts): the stores, the
 * engine of the current generation, timers by name, and `ask`, the one way to call the engine.
 */
import type { LossId } from '../../core/types.ts';
import type { EngineApi } from '../../worker/protocol.ts';
import type { ChartsState, ChartsStore } from '../chartsStore.ts';
import type { AppStore } from '../store.ts';
import type { AppState, Results } from '../types.ts';

export type TimerName = 'param' | 'map' | 'response' | 'figure' | 'marker';
export const TIMERS: readonly TimerName[] = ['param', 'map', 'response', 'figure', 'marker'];

export const DEFAULT_DELAYS = { param: 120, deviceParam: 220, map: 120, response: 350, figure: 250, marker: 250 };
export type Delays = typeof DEFAULT_DELAYS;

/** The app state while the charts have work: ready, with results, on screen and not hidden. */
export type ActiveState = AppState & { results: Results };

export interface ChartContext {
  store: AppStore;
  charts: ChartsStore;
  delays: Delays;
  /** The engine generation: bumped when the engine changes, part of every memo key. */
  gen(): number;
  /** The engine, after dropping everything computed with an engine that has since changed; null when none. */
  checkEngine(): EngineApi | null;
  active(s: AppState): s is ActiveState;
  /**
   * One call to the engine: its answer is applied only if the engine is still the one asked (same
   * generation) and the runner runs; either way the next frame looks again at what is wanted now.
   */
  ask<T>(call: Promise<T>, done: (value: T) => void, failed: (message: string) => void): void;
  later(name: TimerName, ms: number, run: () => void): void;
  cancel(name: TimerName): void;
  hasTimer(name: TimerName): boolean;
  /** Sets the fields of one chart's section that changed (none changed: no store update). */
  patch<K extends keyof ChartsState>(section: K, value: Partial<ChartsState[K]>): void;
  /** The engine serves its calls in order: a running response computation is abandoned before another call. */
  abortResponse(): void;
  /** Whether sweeping `key` is device work (the charts wait longer for those). */
  isDeviceSweep(id: LossId, key: string): boolean;
}

/** A chart's part of the runner: what it does on a frame with new inputs, and forgetting an old engine's work. */
export interface ChartController {
  reset(): void;
}

export const sceneOf = (r: Results) => ({ target: r.target, pred: r.pred, height: r.height, width: r.width });
