/**
 * What the page and the engine say to each other: plain data only (typed arrays, numbers, strings), so
 * that the same calls work across a Web Worker boundary and, in the fallback, on the main thread.
 * EngineService (service.ts) implements EngineApi; connect.ts hands the page one, in a worker or not.
 */
import type { BackendName } from '../core/backend.ts';
import type { GradientSpace } from '../core/types.ts';
import type {
  FocalFigureData,
  FocalTverskyFigureData,
  ParameterCurve,
  ResponseCurvesData,
  ResponseQuantity,
  TverskyMapData,
} from '../core/curveMath.ts';
import type { LossId, ParamSet, ParamsByLoss, RegionStats, ThresholdMetrics } from '../core/types.ts';
import type { LearnReport, LearnSetup, StepOptions } from './learn.ts';
import type { EvaluatedPath } from '../core/engine.ts';

/** A height × width scene as the engine takes it (copies: the page keeps painting its own). */
export interface SceneData {
  target: Float32Array;
  pred: Float32Array;
  height: number;
  width: number;
}

export interface StartOptions {
  /** ?backend=…: tried first, the others stay as fallbacks. */
  forced: BackendName | null;
  /** Never try these (the charts' engine skips webgl: one GPU context is enough). */
  exclude?: readonly BackendName[];
  /** Why this start happens, when it is not the first (e.g. "the WebGL context was lost"). */
  reason?: string;
}

export interface Started {
  name: BackendName;
  reason: string;
  failures: { name: BackendName; error: string }[];
  /** Per loss, the parameter keys whose sweep is device work (the charts debounce those longer). */
  deviceKeys: Record<LossId, readonly string[]>;
}

export interface EvaluateRequest extends SceneData {
  params: ParamsByLoss;
  gradient: Exclude<GradientSpace, 'none'>;
  /**
   * The losses whose gradient maps to send (default: all). The page leaves out the maps it holds for the
   * same scene, parameters and space, so a slider drag moves one map instead of fifteen.
   */
  mapsOf?: readonly LossId[];
  /** The loss whose per-pixel shares the hover readout shows (pixel-wise losses only). */
  contributionsOf: LossId;
}

export interface EvaluateReply {
  values: Partial<Record<LossId, number>>;
  /** The maps of `mapsOf` only. */
  gradients: Partial<Record<LossId, Float32Array>>;
  contributions: Partial<Record<LossId, Float32Array>>;
  stats: RegionStats;
  metrics: ThresholdMetrics;
  /** The engine's own time for the evaluation, ms. */
  elapsedMs: number;
  /** How the engine computed it: WebGL programs, tf.js kernels or typed-array loops. */
  path: EvaluatedPath;
}

export interface EngineMemory {
  numTensors: number;
  numBytes: number;
  numDataBuffers: number;
}

/** Told to the page without being asked. */
export type EngineEvent = { kind: 'context-lost' };

export interface EngineApi {
  /** Chooses and starts a backend (again, after a lost context: engines and caches are rebuilt). */
  start(options: StartOptions, onEvent?: (event: EngineEvent) => void): Promise<Started>;
  /** Every loss, its gradient map, the metrics and the per-pixel shares of one loss, for the screen. */
  evaluate(request: EvaluateRequest): Promise<EvaluateReply>;
  parameterCurve(scene: SceneData, id: LossId, key: string, params: ParamSet): Promise<ParameterCurve>;
  tverskyMap(scene: SceneData, id: LossId, params: ParamSet, n: number): Promise<TverskyMapData>;
  focalPaperFigure(): Promise<FocalFigureData>;
  focalTverskyFigure(gammas?: readonly number[]): Promise<FocalTverskyFigureData>;
  pixelLossCurve(id: LossId, params: ParamSet, ps: readonly number[], label: 0 | 1): Promise<Float64Array>;
  /** Every loss against one change of the prediction; `run` names it for abortResponse. */
  responseCurves(
    scene: SceneData,
    quantity: ResponseQuantity,
    params: ParamsByLoss,
    run: number,
  ): Promise<ResponseCurvesData>;
  abortResponse(run: number): Promise<void>;
  /** Learn mode (learn.ts): builds the lanes at their start and reports step 0. */
  learnReset(setup: LearnSetup, options?: StepOptions): Promise<LearnReport>;
  /** Learn mode: k more steps for every lane, none past `limit`. */
  learnStep(k: number, options?: StepOptions & { limit?: number }): Promise<LearnReport>;
  memory(): Promise<EngineMemory>;
  /** For tests and demos: loses the WebGL context on purpose; false when not on webgl. */
  loseContext(): Promise<boolean>;
  /** The benchmarks' yardstick: one elementwise pass on the active backend, ms. */
  baseline(size: number): Promise<number>;
}
