/**
 * Learn mode's own store (kept apart from the editor's slices, so training re-renders only the learn
 * area): the settings a link carries, the view switches, and what the last report said per lane.
 * learnRunner.ts is the only writer of reports; components read with atomic selectors.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ThresholdMetrics } from '../core/types.ts';
import type { OptimizerSettings } from '../core/optimizers.ts';
import { DEFAULT_LEARN, MAX_LANES, MAX_STEPS } from '../worker/learnSettings.ts';
import type { LaneSpec, LearnSettings, LearnStart, Yardstick } from '../worker/learnSettings.ts';
import type { Grid } from '../scene/types.ts';

export interface LaneState {
  step: number;
  value: number;
  /** The loss at step 0, for the normalised chart. */
  startValue: number;
  metrics: ThresholdMetrics | null;
  /** The current prediction as 8-bit levels and its ∂L/∂z (when shown): drawn outside React. */
  levels: Uint8Array | null;
  gradient: Float32Array | null;
}

/** One chart row: the step and, per lane i, `l<i>` (the loss), `r<i>` (loss / its start value) and `<yardstick><i>` for each yardstick. */
export type ChartPoint = { step: number } & Record<string, number | null>;

export type LearnStatus = 'closed' | 'starting' | 'ready' | 'error';

export interface LearnState {
  open: boolean;
  settings: LearnSettings;
  stepsPerFrame: number;
  showOverlay: boolean;
  showGradient: boolean;
  normalise: boolean;
  playing: boolean;
  status: LearnStatus;
  message: string | null;
  /** The learn preset the settings came from (its lesson is shown) until they are edited. */
  presetId: string | null;
  lanes: LaneState[];
  /** The run's ground truth and grid (the overlay and "Use as prediction" need them). */
  runTarget: Float32Array | null;
  runGrid: Grid;
  /** The editor's sceneRev the run started from. */
  runSceneRev: number;
  points: ChartPoint[];
  /** Bumps on every report: lane canvases redraw on it. */
  frame: number;
  /** Steps per second over the last second of play. */
  stepsPerSecond: number | null;
}

export interface LearnActions {
  setOpen(open: boolean): void;
  setSettings(patch: Partial<LearnSettings>, presetId?: string | null): void;
  setOptimizer(patch: Partial<OptimizerSettings>): void;
  setLane(index: number, lane: LaneSpec): void;
  addLane(lane: LaneSpec): void;
  removeLane(index: number): void;
  setStart(start: LearnStart): void;
  setYardstick(y: Yardstick): void;
  setStopAfter(n: number): void;
  setStepsPerFrame(n: number): void;
  setShowOverlay(v: boolean): void;
  setShowGradient(v: boolean): void;
  setNormalise(v: boolean): void;
  setPlaying(v: boolean): void;
}

export type LearnStoreState = LearnState & LearnActions;

export function createLearnStore() {
  return createStore<LearnStoreState>()((set, get) => ({
    open: false,
    settings: structuredClone(DEFAULT_LEARN) as LearnSettings,
    stepsPerFrame: 2,
    showOverlay: false,
    showGradient: false,
    normalise: true,
    playing: false,
    status: 'closed',
    message: null,
    presetId: null,
    lanes: [],
    runTarget: null,
    runGrid: { height: 0, width: 0 },
    runSceneRev: -1,
    points: [],
    frame: 0,
    stepsPerSecond: null,
    setOpen: (open) => set({ open, playing: open && get().playing }),
    setSettings: (patch, presetId = null) =>
      set({ settings: { ...get().settings, ...patch }, presetId, playing: false }),
    setOptimizer: (patch) => get().setSettings({ optimizer: { ...get().settings.optimizer, ...patch } }),
    setLane: (index, lane) =>
      get().setSettings({ lanes: get().settings.lanes.map((l, i) => (i === index ? lane : l)) }),
    addLane: (lane) => {
      if (get().settings.lanes.length < MAX_LANES) get().setSettings({ lanes: [...get().settings.lanes, lane] });
    },
    removeLane: (index) => {
      if (get().settings.lanes.length > 1)
        get().setSettings({ lanes: get().settings.lanes.filter((_, i) => i !== index) });
    },
    setStart: (start) => get().setSettings({ start }),
    // The yardstick changes what is charted, not the run.
    setYardstick: (yardstick) => set({ settings: { ...get().settings, yardstick } }),
    setStopAfter: (stopAfter) =>
      set({ settings: { ...get().settings, stopAfter: Math.max(1, Math.min(MAX_STEPS, Math.round(stopAfter) || 1)) } }),
    setStepsPerFrame: (n) => set({ stepsPerFrame: Math.max(1, Math.min(200, Math.round(n))) }),
    setShowOverlay: (showOverlay) => set({ showOverlay }),
    setShowGradient: (showGradient) => set({ showGradient }),
    setNormalise: (normalise) => set({ normalise }),
    setPlaying: (playing) => set({ playing }),
  }));
}

export type LearnStore = ReturnType<typeof createLearnStore>;

export const learnStore: LearnStore = createLearnStore();

export function useLearn<T>(selector: (s: LearnStoreState) => T): T {
  return useStore(learnStore, selector);
}
