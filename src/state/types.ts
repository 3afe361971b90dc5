/** The store's shape: small slices composed into one zustand store (see store.ts). */
import type { DerivativeSpace, LossId, ParamValue, RegionStats, ThresholdMetrics } from '../core/types.ts';
import type { ScaleKind, ScaleMode, Theme, ViewLayout } from '../share/format.ts';
import type { Lesson, SharedLesson } from '../share/lesson.ts';
import type { BackendName } from '../core/backend.ts';
import type { Grid, Layer, Scene } from '../scene/types.ts';
import type { Point, ShapeKind } from '../scene/index.ts';
import type { AllParams, ConventionId } from '../core/conventions.ts';
import type { EvaluatedPath } from '../core/engine.ts';
import type { ResponseQuantity } from '../core/curveMath.ts';

// ── scene ───────────────────────────────────────────────────────────────────────────────────────
export type LayerOp = 'fill' | 'clear' | 'invert';
export type PredOp =
  | { kind: 'temperature'; t: number }
  | { kind: 'noise'; amount: number }
  | { kind: 'shift'; dx: number; dy: number }
  | { kind: 'copyTarget' }
  | { kind: 'blur'; radius: number };

/** A layer read from a file (src/io), before it joins the scene. */
export interface ImportedLayer extends Grid {
  data: Float32Array;
}

export interface SceneSlice {
  scene: Scene;
  /** Bumps on every change of either layer, including in-place painting during a stroke. */
  sceneRev: number;
  /** Bumps when the ground truth changes. */
  targetRev: number;
  presetId: string | null;
  canUndo: boolean;
  canRedo: boolean;
  /** What the last scene edit was, for the status line ("Undo: stroke on Prediction"). */
  lastEdit: string | null;
  /** A stroke is under way (pointer down on a canvas): the share link waits for its end. */
  stroking: boolean;
  /** The preset the scene was last loaded from, kept after edits: the share link's preset hint. */
  basePresetId: string | null;
  beginStroke(layer: Layer, at: Point): void;
  continueStroke(to: Point): void;
  endStroke(): void;
  drawShape(layer: Layer, kind: ShapeKind, a: Point, b: Point): void;
  applyLayerOp(layer: Layer, op: LayerOp): void;
  applyPredOp(op: PredOp): void;
  loadPreset(id: string): void;
  /** Scales the scene so that its long side is `size` (a preset is redrawn, square). */
  setGridSize(size: number): void;
  /** What the last grid change did to a painted scene (resampled, lossy), or null. */
  sceneNote: string | null;
  dismissSceneNote(): void;
  /** Replaces the whole scene (a shared link opened in this page): undoable, quantised like every edit. */
  loadScene(scene: Scene, presetId: string | null, label: string): void;
  /**
   * One imported layer, one undo entry. When its grid differs from the scene's, `fit` says what to do:
   * 'resample' it to the scene's grid, or 'replace-other': the scene takes its grid and the other layer
   * starts empty.
   */
  importLayer(layer: Layer, data: ImportedLayer, fit: 'resample' | 'replace-other', label: string): void;
  undo(): void;
  redo(): void;
}

// ── tools ───────────────────────────────────────────────────────────────────────────────────────
export type Tool = 'brush' | 'eraser' | 'rect' | 'ellipse';

export interface ToolsSlice {
  tool: Tool;
  /** Brush radius in grid pixels. */
  radius: number;
  /** Probability the prediction brush paints. */
  predValue: number;
  hardness: number;
  opacity: number;
  noiseAmount: number;
  noiseSeed: number;
  shiftStep: number;
  setTool(tool: Tool): void;
  setRadius(r: number): void;
  setPredValue(v: number): void;
  setHardness(v: number): void;
  setOpacity(v: number): void;
  setNoiseAmount(v: number): void;
  setShiftStep(v: number): void;
}

// ── params ──────────────────────────────────────────────────────────────────────────────────────
export interface ConventionReport {
  id: ConventionId;
  /** "Dice · smooth: 1 → 0", one per change. */
  changes: string[];
  /** What the source does that the sliders cannot express, or losses it does not have. */
  notes: string[];
}

export interface ParamsSlice {
  params: AllParams;
  /** The convention last applied. */
  convention: ConventionId;
  /** True once a parameter was moved away from that convention's values. */
  conventionEdited: boolean;
  conventionReport: ConventionReport | null;
  setParam(id: LossId, key: string, value: ParamValue): void;
  resetLoss(id: LossId): void;
  applyConvention(id: ConventionId): void;
  dismissConventionReport(): void;
  /** Every parameter at once (a shared link): the convention it matches, or the default one marked edited. */
  loadParams(params: AllParams): void;
}

// ── view ────────────────────────────────────────────────────────────────────────────────────────
/** 'auto': presentation on short wide screens, else full. */
export type PageLayout = 'auto' | ViewLayout;
/** The chart beside the parameter chart (its id travels in share links as view.chartTab, wire key `ch`). */
export type ChartTab = 'pixel' | 'focal-tversky' | 'tversky-map' | 'response';
export const CHART_TABS: readonly ChartTab[] = ['pixel', 'focal-tversky', 'tversky-map', 'response'];

export interface ViewSlice {
  selected: LossId;
  gradientSpace: DerivativeSpace;
  scaleKind: ScaleKind;
  scaleMode: ScaleMode;
  /** Page layout: 'presentation' (compact, fits a projector), 'full', or 'auto' (presentation on short wide screens). */
  layout: PageLayout;
  /** Losses left out of the shared colour scale (each keeps its own), in registry order. */
  scaleExcluded: readonly LossId[];
  theme: Theme;
  /** Ground-truth contour drawn over the prediction and the heatmaps. */
  showOutline: boolean;
  /** The pixel under the pointer, on any picture. */
  hover: { x: number; y: number } | null;
  chartTab: ChartTab;
  /** What changes the prediction in the "every loss" chart. */
  responseQuantity: ResponseQuantity;
  /** Per loss, the parameter its chart sweeps: the one last moved, or the one picked on the chart. */
  chartParam: Partial<Record<LossId, string>>;
  /** The charts section is on screen (or near it): charts are computed only then. */
  chartsVisible: boolean;
  select(id: LossId): void;
  setGradientSpace(s: DerivativeSpace): void;
  setScaleKind(k: ScaleKind): void;
  setScaleMode(m: ScaleMode): void;
  setLayout(layout: PageLayout): void;
  /** Leaves a loss out of the shared colour scale, or puts it back. */
  setScaleExcluded(id: LossId, excluded: boolean): void;
  setTheme(t: Theme): void;
  setShowOutline(v: boolean): void;
  setHover(h: { x: number; y: number } | null): void;
  setChartTab(t: ChartTab): void;
  setResponseQuantity(q: ResponseQuantity): void;
  setChartParam(id: LossId, key: string): void;
  setChartsVisible(v: boolean): void;
}

// ── share ───────────────────────────────────────────────────────────────────────────────────────
export interface ShareSlice {
  /** Classroom flags from the link (HIDE_FLAGS ids and param:<loss>.<key>): these controls are hidden. */
  hidden: readonly string[];
  /** What was wrong with the link this page was opened with (plain text), until dismissed. */
  shareMessage: string | null;
  setHidden(flags: readonly string[]): void;
  setShareMessage(message: string | null): void;
  dismissShareMessage(): void;
  /** The lesson on screen (from a link, or the built-in tour) and its step; null when none. */
  lesson: SharedLesson | null;
  /** The step's answer is shown ("Reveal answer" was pressed). */
  answerShown: boolean;
  /** Starts a lesson at `step`; `apply` false when the scene on screen already is that step's (a link at boot). */
  startLesson(lesson: Lesson, step?: number, apply?: boolean): void;
  /** Opens a step: its preset (if any), its hidden controls over the ones before the lesson, its loss. */
  goToStep(step: number): void;
  showAnswer(): void;
  /** Ends an unlocked lesson and restores the controls hidden before it. */
  endLesson(): void;
}

// ── results and backend ─────────────────────────────────────────────────────────────────────────
export interface Results {
  values: Partial<Record<LossId, number>>;
  gradients: Partial<Record<LossId, Float32Array>>;
  /** Per-pixel contribution to the loss (pixel-wise losses), when the engine offers it. */
  contributions: Partial<Record<LossId, Float32Array>>;
  stats: RegionStats;
  metrics: ThresholdMetrics;
  /** The inputs of this evaluation (copies): the hover readout reads g and p from here. */
  target: Float32Array;
  pred: Float32Array;
  height: number;
  width: number;
  space: DerivativeSpace;
  params: AllParams;
  sceneRev: number;
  elapsedMs: number;
  /** How the engine computed it (the backend popover says). */
  path: EvaluatedPath;
  /** Counter: one per evaluation. */
  serial: number;
}

export type RunStatus = 'booting' | 'warming' | 'ready' | 'switching' | 'error';

export interface BackendState {
  name: BackendName;
  /** Why this backend runs (planBackends / activateBackend). */
  reason: string;
  /** The planned first choice did not start, or the context was lost: a note is shown. */
  fellBack: boolean;
  failures: { name: BackendName; error: string }[];
  /** Where the engine runs: a Web Worker, or the main thread when no worker could start. */
  thread: 'worker' | 'main thread';
}

export interface RuntimeSlice {
  status: RunStatus;
  /** The progress note while booting / warming up. */
  progress: { step: string; done: number; total: number } | null;
  backend: BackendState | null;
  /** Shown on screen (e.g. "WebGL context lost: switched to wasm"). */
  backendMessage: string | null;
  results: Results | null;
  /** Values before the last scene edit: the "change since the last stroke". */
  baseline: Partial<Record<LossId, number>> | null;
  error: string | null;
  setStatus(status: RunStatus, progress?: RuntimeSlice['progress']): void;
  setBackend(b: BackendState, message?: string | null): void;
  setResults(r: Results): void;
  setError(e: string | null): void;
  dismissBackendMessage(): void;
}

export type AppState = SceneSlice & ToolsSlice & ParamsSlice & ViewSlice & RuntimeSlice & ShareSlice;

export type { AllParams, ConventionId, Point };
