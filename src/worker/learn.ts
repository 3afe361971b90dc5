/**
 * A learn session: 1–4 lanes, each training its own copy of one prediction by gradient descent on the
 * logits z (p = σ(z)) with the engine's own ∂L/∂z of the lane's loss. Runs where the engine runs (the
 * learn worker); what it returns is plain data (numbers and typed arrays), so it crosses the worker
 * boundary as is. Each lane has a LossEngine of its own (the screen's engine is never used), created at
 * reset and disposed at the next reset: the tensor count stays flat however long it trains.
 *
 * Invariant: after reset() and after every step, each lane holds the value and the gradient of its
 * current z, so a step is one update (with the gradient already known) and one evaluation of the new z.
 */
import { LossEngine } from '../core/engine.ts';
import type { ThresholdMetrics } from '../core/types.ts';
import { checkOptimizer, createOptimizerState, optimizerStep } from '../core/optimizers.ts';
import type { OptimizerSettings, OptimizerState } from '../core/optimizers.ts';
import { gaussianSource } from '../scene/ops.ts';
import { LEARN_STARTS, MAX_LANES, checkLane, isSeed } from './learnSettings.ts';
import type { LaneSpec, LearnStart } from './learnSettings.ts';

export type { LaneSpec, LearnStart };

/** A prediction of exactly 0 or 1 has no logit: it starts at logit(δ) or logit(1 − δ), |z| ≈ 6.9. */
export const START_CLIP = 1e-3;

/** Standard deviation of the seeded noise added to the start's logits. */
export const START_NOISE = 1;

export interface LearnSetup {
  target: Float32Array;
  /** The prediction the lanes start from (start 'current' and 'noise'). */
  pred: Float32Array;
  height: number;
  width: number;
  lanes: LaneSpec[];
  optimizer: OptimizerSettings;
  start: LearnStart;
  seed: number;
}

export interface LaneReport {
  step: number;
  /** The loss at the lane's current z. */
  value: number;
  /** Its value after each step of this call (empty after reset). */
  values: Float64Array;
  /** The current prediction as 8-bit levels (round(255·p)): what the lane shows and hands to the editor. */
  levels: Uint8Array;
  /** ∂L/∂z at the current z, when asked for. */
  gradient: Float32Array | null;
  /** Thresholded metrics of the current prediction (p > 0.5). */
  metrics: ThresholdMetrics;
}

export interface LearnReport {
  lanes: LaneReport[];
  /** The engine's time for the whole call, ms. */
  elapsedMs: number;
}

export interface StepOptions {
  /** Include each lane's gradient map. */
  gradients?: boolean;
}

/** A problem with a setup in words, or null. Checked before anything is built. */
export function checkSetup(s: LearnSetup): string | null {
  const n = s.height * s.width;
  if (!Number.isInteger(s.height) || !Number.isInteger(s.width) || s.height < 1 || s.width < 1)
    return 'the grid sides must be positive integers';
  if (s.target.length !== n || s.pred.length !== n) return `target and prediction must hold ${n} values`;
  if (s.lanes.length < 1 || s.lanes.length > MAX_LANES) return `between 1 and ${MAX_LANES} lanes`;
  for (const lane of s.lanes) {
    const problem = checkLane(lane);
    if (problem) return problem;
  }
  if (!LEARN_STARTS.includes(s.start)) return `unknown start “${String(s.start)}”`;
  if (!isSeed(s.seed)) return 'the seed must be an integer in [0, 2³²)';
  return checkOptimizer(s.optimizer);
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, START_CLIP), 1 - START_CLIP);
  return Math.log(q) - Math.log1p(-q);
}

/** The start's logits: logit(p), 0 (p = 0.5 everywhere), or logit(p) plus seeded Gaussian noise. */
export function startLogits(pred: Float32Array, start: LearnStart, seed: number): Float32Array {
  const z = new Float32Array(pred.length);
  if (start === 'uniform') return z;
  for (let i = 0; i < pred.length; i++) z[i] = logit(pred[i]!);
  if (start === 'noise') {
    const normal = gaussianSource(seed);
    for (let i = 0; i < z.length; i++) z[i] = z[i]! + START_NOISE * normal();
  }
  return z;
}

/** p = σ(z), stable for either sign, into `out`. */
export function sigmoidInto(z: Float32Array, out: Float32Array): void {
  for (let i = 0; i < z.length; i++) {
    const x = z[i]!;
    if (x >= 0) out[i] = 1 / (1 + Math.exp(-x));
    else {
      const e = Math.exp(x);
      out[i] = e / (1 + e);
    }
  }
}

export function toLevels(p: Float32Array): Uint8Array {
  const out = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = Math.round(Math.min(Math.max(p[i]!, 0), 1) * 255);
  return out;
}

class Lane {
  readonly engine = new LossEngine();
  readonly z: Float32Array;
  readonly p: Float32Array;
  readonly state: OptimizerState;
  step = 0;
  value = NaN;
  gradient: Float32Array;

  constructor(
    readonly spec: LaneSpec,
    setup: LearnSetup,
    z0: Float32Array,
  ) {
    this.z = Float32Array.from(z0);
    this.p = new Float32Array(z0.length);
    this.state = createOptimizerState(setup.optimizer.kind, z0.length);
    this.gradient = new Float32Array(z0.length);
    this.engine.setTarget(setup.target, setup.height, setup.width);
    this.evaluate();
  }

  /** Value and ∂L/∂z of the current z. */
  evaluate(): void {
    sigmoidInto(this.z, this.p);
    const ev = this.engine.evaluate(
      this.p,
      { [this.spec.loss]: this.spec.params },
      { losses: [this.spec.loss], gradient: 'logit' },
    );
    this.value = ev.values[this.spec.loss] ?? NaN;
    const g = ev.gradients[this.spec.loss];
    if (!g) throw new Error(`the engine returned no gradient for ${this.spec.loss}`);
    this.gradient = g;
  }

  advance(optimizer: OptimizerSettings): void {
    optimizerStep(optimizer, this.state, this.z, this.gradient, this.z.length);
    this.step += 1;
    this.evaluate();
  }

  report(values: Float64Array, withGradient: boolean): LaneReport {
    return {
      step: this.step,
      value: this.value,
      values,
      levels: toLevels(this.p),
      gradient: withGradient ? Float32Array.from(this.gradient) : null,
      metrics: this.engine.metrics(this.p),
    };
  }
}

export class LearnSession {
  private lanes: Lane[] = [];
  private optimizer: OptimizerSettings | null = null;

  /** Builds the lanes at their start (step 0). Throws on a setup checkSetup rejects. */
  reset(setup: LearnSetup, options: StepOptions = {}): LearnReport {
    const problem = checkSetup(setup);
    if (problem) throw new Error(`learn: ${problem}`);
    const started = performance.now();
    this.dispose();
    const z0 = startLogits(setup.pred, setup.start, setup.seed);
    this.optimizer = { ...setup.optimizer };
    this.lanes = setup.lanes.map((spec) => new Lane({ loss: spec.loss, params: { ...spec.params } }, setup, z0));
    return this.reportAll(
      this.lanes.map(() => new Float64Array(0)),
      options,
      started,
    );
  }

  /** k steps for every lane (lanes at `limit` steps stop there); k = 0 only reports. */
  step(k: number, options: StepOptions & { limit?: number } = {}): LearnReport {
    const optimizer = this.optimizer;
    if (!optimizer) throw new Error('learn: no session (reset first)');
    const started = performance.now();
    const count = Math.max(0, Math.min(Math.floor(k), 10_000));
    const limit = options.limit ?? Infinity;
    const series = this.lanes.map((lane) => {
      const todo = Math.max(0, Math.min(count, limit - lane.step));
      const values = new Float64Array(todo);
      for (let i = 0; i < todo; i++) {
        lane.advance(optimizer);
        values[i] = lane.value;
      }
      return values;
    });
    return this.reportAll(series, options, started);
  }

  get steps(): number[] {
    return this.lanes.map((l) => l.step);
  }

  dispose(): void {
    for (const lane of this.lanes) lane.engine.dispose();
    this.lanes = [];
    this.optimizer = null;
  }

  private reportAll(series: Float64Array[], options: StepOptions, started: number): LearnReport {
    const lanes = this.lanes.map((lane, i) => lane.report(series[i]!, options.gradients === true));
    return { lanes, elapsedMs: performance.now() - started };
  }
}

/** Every buffer of a report, to transfer instead of copy across the worker boundary. */
export function reportBuffers(report: LearnReport): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const lane of report.lanes) {
    out.push(lane.values.buffer as ArrayBuffer, lane.levels.buffer as ArrayBuffer);
    if (lane.gradient) out.push(lane.gradient.buffer as ArrayBuffer);
  }
  return out;
}
