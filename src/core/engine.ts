/**
 * The engine: every loss (or a chosen subset) for one scene, on one of three paths.
 *
 * Program and device paths (the webgl backend), one evaluate():
 *  1. host: region sums (TP, FP, …) in float64, thresholded masks and their distance transforms;
 *  2. GPU, in one tf.tidy: the per-pixel terms, the pixel-wise losses' sums and every gradient map, as a
 *     few custom WebGL programs (program path, webgl/evaluate.ts) or as tf.js kernels (device path);
 *  3. one readback of [all sums ‖ all gradient maps] (maps only when asked for as arrays);
 *  4. host: each value in float64 from its sums.
 * Host path (the cpu and wasm backends, Node): the same sums and maps from typed-array passes
 * (host/evaluate.ts), per-pixel terms kept across calls and updated where the prediction changed.
 * The ground-truth side (its tensor, distance fields, Φ, local structure) is cached until setTarget()
 * receives a different mask.
 */
import { sameElements } from './arrays.ts';
import { tf } from './tf.ts';
import type { Tensor, Tensor2D } from './tf.ts';
import type { GradientSpace, LossId, ParamSet, ParamsByLoss, RegionStats, ThresholdMetrics } from './types.ts';
import { LOSS_IDS, checkParam, paramSpec, resolveParams } from './registry.ts';
import { EvalContext, PredictionMemo, TargetCache } from './context.ts';
import { IMPLEMENTATIONS } from './losses/index.ts';
import type { LossImpl } from './losses/index.ts';
import { thresholdMetrics } from './metrics.ts';
import { evaluatePlanOnHost, sweepSumsOnHost } from './host/evaluate.ts';
import { evaluateWithPrograms } from './webgl/evaluate.ts';

/**
 * 'host': typed-array passes on the CPU; 'device': tf.js kernels; 'program': a few custom WebGL programs
 * (webgl backend only); 'auto' (default): program on the webgl backend, host otherwise (on cpu and wasm
 * the host passes are several times faster: docs/ARCHITECTURE.md). Sweeps and per-pixel shares run as
 * tf.js kernels on both GPU paths.
 */
export type EnginePath = 'auto' | 'host' | 'device' | 'program';

/** The path an evaluation took ('auto' resolved). */
export type EvaluatedPath = Exclude<EnginePath, 'auto'>;

export interface EngineOptions {
  path?: EnginePath;
}

export interface EvaluateOptions {
  /** Which losses; default all, in registry order. */
  losses?: readonly LossId[];
  /** ∂L/∂p ('prob'), ∂L/∂z for p = σ(z) ('logit'), or no gradient maps ('none', the default). */
  gradient?: GradientSpace;
  /**
   * Which of the planned losses get a gradient map (default: all); the others give their value only. The
   * page passes the losses whose maps it does not hold yet: dragging one loss's slider maps only that loss.
   */
  maps?: readonly LossId[];
  /** Gradient maps as Float32Arrays read back with the values ('array', default) or as tensors the caller owns. */
  output?: 'array' | 'tensor';
}

export interface Evaluation {
  values: Partial<Record<LossId, number>>;
  /** Row-major H × W maps, when gradient !== 'none' and output === 'array'. */
  gradients: Partial<Record<LossId, Float32Array>>;
  /** When output === 'tensor': the caller must dispose these. */
  gradientTensors: Partial<Record<LossId, Tensor2D>>;
  stats: RegionStats;
  /** Milliseconds spent, for the UI's status line. */
  elapsedMs: number;
  /** The path that computed it ('auto' resolved). */
  path: EvaluatedPath;
}

interface Planned {
  id: LossId;
  impl: LossImpl;
  params: ParamSet;
  /** Whether this loss's gradient map is computed (EvaluateOptions.maps). */
  map: boolean;
}

interface Prepared {
  ctx: EvalContext;
  plan: Planned[];
  sumCounts: number[];
  packed: Tensor | null;
  tensors: Tensor2D[];
  started: number;
  path: 'device' | 'program';
  /** The sums, in plan order, from the read-back data (default: its first values). */
  sumsOf?: (data: Float32Array) => ArrayLike<number>;
}

export class LossEngine {
  private target: TargetCache | null = null;
  /** Host results of the last prediction, kept while it is unchanged (see PredictionMemo). */
  private readonly memo = new PredictionMemo();
  private readonly path: EnginePath;

  constructor(options: EngineOptions = {}) {
    this.path = options.path ?? 'auto';
  }

  /** The path the next call takes: 'auto' decides by the active tf.js backend. */
  get activePath(): EvaluatedPath {
    if (this.path !== 'auto') return this.path;
    return tf.getBackend() === 'webgl' ? 'program' : 'host';
  }

  get height(): number {
    return this.requireTarget().h;
  }
  get width(): number {
    return this.requireTarget().w;
  }

  /** Sets the ground truth; a no-op when it equals the current one (the cache survives). */
  setTarget(g: ArrayLike<number>, h: number, w: number): void {
    checkGrid(h, w);
    if (g.length !== h * w) throw new Error(`target has ${g.length} values, expected ${h} × ${w} = ${h * w}`);
    checkUnitInterval(g, 'target');
    const t = this.target;
    if (t && t.h === h && t.w === w && sameElements(t.g, g, Math.fround)) return;
    t?.dispose();
    this.target = new TargetCache(Float32Array.from(g), h, w);
  }

  evaluate(pred: ArrayLike<number>, params: ParamsByLoss = {}, options: EvaluateOptions = {}): Evaluation {
    if (this.activePath === 'host') return this.evaluateOnHost(pred, params, options);
    const prep = this.prepare(pred, params, options);
    const data = prep.packed ? float32Data(prep.packed.dataSync()) : new Float32Array(0);
    return this.finish(prep, data, options);
  }

  /** As evaluate(), but reads back without blocking (WebGL: no pipeline stall on the main thread). */
  async evaluateAsync(
    pred: ArrayLike<number>,
    params: ParamsByLoss = {},
    options: EvaluateOptions = {},
  ): Promise<Evaluation> {
    if (this.activePath === 'host') return this.evaluateOnHost(pred, params, options);
    const prep = this.prepare(pred, params, options);
    let data: Float32Array;
    try {
      data = prep.packed ? float32Data(await prep.packed.data()) : new Float32Array(0);
    } catch (err) {
      prep.packed?.dispose();
      for (const t of prep.tensors) t.dispose();
      throw err;
    }
    return this.finish(prep, data, options);
  }

  /**
   * The value of one loss at K values of one parameter, for the current scene. Keys that do not change
   * the device sums are pure float64 arithmetic on one set of sums; others broadcast a [K, 1, 1]
   * parameter tensor where the loss supports it, or evaluate the K sums in one tidy. One readback.
   */
  sweep(
    id: LossId,
    key: string,
    values: readonly number[],
    pred: ArrayLike<number>,
    params: ParamSet = {},
  ): Float64Array {
    const base = resolveParams(id, params);
    checkSweepValues(id, key, values);
    const impl = IMPLEMENTATIONS[id];
    const p = this.checkedPrediction(pred);
    const rows = this.sweepSums(impl, base, key, values, p);
    const ctx = new EvalContext(this.requireTarget(), p, this.memo); // host side only: stats, masks, E
    return Float64Array.from(values, (v, k) => impl.value(rows[k] as number[], ctx, { ...base, [key]: v }));
  }

  /**
   * A 2-D sweep: result[j][i] is the loss at (keyX = xs[i], keyY = ys[j]). Free when neither key changes
   * device sums (e.g. Tversky FP × FN weight: 64 × 64 values from one set of sums).
   */
  sweep2d(
    id: LossId,
    keyX: string,
    xs: readonly number[],
    keyY: string,
    ys: readonly number[],
    pred: ArrayLike<number>,
    params: ParamSet = {},
  ): Float64Array[] {
    const base = resolveParams(id, params);
    checkSweepValues(id, keyX, xs);
    checkSweepValues(id, keyY, ys);
    const impl = IMPLEMENTATIONS[id];
    const p = this.checkedPrediction(pred);
    const ctx = new EvalContext(this.requireTarget(), p, this.memo); // host side only
    const xDevice = impl.deviceKeys.includes(keyX);
    const yDevice = impl.deviceKeys.includes(keyY);
    if (!xDevice) {
      // Sums depend on y at most: one set per row.
      const rowSums = yDevice
        ? this.sweepSums(impl, base, keyY, ys, p)
        : repeat(this.sweepSums(impl, base, keyY, [ys[0] ?? 0], p)[0] as number[], ys.length);
      return ys.map((y, j) =>
        Float64Array.from(xs, (x) => impl.value(rowSums[j] as number[], ctx, { ...base, [keyX]: x, [keyY]: y })),
      );
    }
    if (!yDevice) {
      const colSums = this.sweepSums(impl, base, keyX, xs, p);
      return ys.map((y) =>
        Float64Array.from(xs, (x, i) => impl.value(colSums[i] as number[], ctx, { ...base, [keyX]: x, [keyY]: y })),
      );
    }
    return ys.map((y) => {
      const withY = { ...base, [keyY]: y };
      const sums = this.sweepSums(impl, withY, keyX, xs, p);
      return Float64Array.from(xs, (x, i) => impl.value(sums[i] as number[], ctx, { ...withY, [keyX]: x }));
    });
  }

  /**
   * Each pixel's share of the loss (the terms sum to the value) for losses that are sums over pixels;
   * null for ratios of whole-image sums (Dice, Tversky, …), where no pixel owns a share.
   */
  contributions(id: LossId, pred: ArrayLike<number>, params: ParamSet = {}): Float32Array | null {
    const impl = IMPLEMENTATIONS[id];
    if (!impl.pixelTerms) return null;
    const resolved = resolveParams(id, params);
    const target = this.requireTarget();
    const p = this.checkedPrediction(pred);
    const ctx = new EvalContext(target, p, this.memo);
    if (this.activePath === 'host') return impl.host.pixelTerms?.(ctx, resolved) ?? null;
    return this.readSums(() => tf.reshape(impl.pixelTerms?.(ctx, resolved) as Tensor, [-1]));
  }

  /** Dice, IoU, precision, recall, HD and HD95 of [p > threshold] against [g > 0.5]. */
  metrics(pred: ArrayLike<number>, threshold = 0.5): ThresholdMetrics {
    const t = this.requireTarget();
    const p = this.checkedPrediction(pred);
    // Kept while neither mask changes: a slider drag re-uses it.
    return new EvalContext(t, p, this.memo).hostMemo(`metrics@${threshold}`, () =>
      thresholdMetrics(t.g, p, t.h, t.w, threshold, t.contourDistanceSq()),
    );
  }

  dispose(): void {
    this.target?.dispose();
    this.target = null;
    this.memo.clear();
  }

  // ---------------------------------------------------------------------------------------------

  private requireTarget(): TargetCache {
    if (!this.target) throw new Error('no ground truth: call setTarget() first');
    return this.target;
  }

  private checkedPrediction(pred: ArrayLike<number>): Float32Array {
    const t = this.requireTarget();
    if (pred.length !== t.n) throw new Error(`prediction has ${pred.length} values, expected ${t.h} × ${t.w} = ${t.n}`);
    checkUnitInterval(pred, 'prediction');
    return pred instanceof Float32Array ? pred : Float32Array.from(pred);
  }

  private plan(params: ParamsByLoss, options: EvaluateOptions): Planned[] {
    const maps = options.maps ? new Set(options.maps) : null;
    return (options.losses ?? LOSS_IDS).map((id) => ({
      id,
      impl: IMPLEMENTATIONS[id],
      params: resolveParams(id, params[id] ?? {}),
      map: maps === null || maps.has(id),
    }));
  }

  private evaluateOnHost(pred: ArrayLike<number>, params: ParamsByLoss, options: EvaluateOptions): Evaluation {
    const started = now();
    const target = this.requireTarget();
    const ctx = new EvalContext(target, this.checkedPrediction(pred), this.memo);
    const { values, maps } = evaluatePlanOnHost(ctx, this.plan(params, options), options.gradient ?? 'none');
    const asTensors = options.output === 'tensor';
    const gradientTensors: Partial<Record<LossId, Tensor2D>> = {};
    if (asTensors)
      for (const [id, map] of Object.entries(maps) as [LossId, Float32Array][])
        gradientTensors[id] = tf.tensor2d(map, [target.h, target.w]);
    return {
      values,
      gradients: asTensors ? {} : maps,
      gradientTensors,
      stats: ctx.stats,
      elapsedMs: now() - started,
      path: 'host',
    };
  }

  private prepare(pred: ArrayLike<number>, params: ParamsByLoss, options: EvaluateOptions): Prepared {
    const started = now();
    const target = this.requireTarget();
    const p = this.checkedPrediction(pred);
    const plan = this.plan(params, options);
    const space = options.gradient ?? 'none';
    const asArrays = (options.output ?? 'array') === 'array';
    // The context outlives the tidy (finish reads its stats); its tensors do not.
    const made: { ctx?: EvalContext; sumsOf?: Prepared['sumsOf'] } = {};
    const sumCounts: number[] = [];
    const onPrograms = this.activePath === 'program';
    if (onPrograms && tf.getBackend() !== 'webgl')
      throw new Error(`the program path needs the webgl backend, not ${tf.getBackend()}`);
    const out = tf.tidy(() => {
      const c = new EvalContext(target, p, this.memo);
      made.ctx = c;
      if (onPrograms) {
        const r = evaluateWithPrograms(c, plan, space, asArrays);
        sumCounts.push(...r.sumCounts);
        made.sumsOf = r.sumsOf;
        return { packed: r.packed, tensors: r.tensors };
      }
      const sums: Tensor[] = [];
      for (const step of plan) {
        const s = step.impl.sums(c, step.params);
        sumCounts.push(s.length);
        sums.push(...s);
      }
      const maps: Tensor2D[] = [];
      if (space !== 'none') {
        for (const step of plan) {
          if (!step.map) continue;
          let gmap = step.impl.gradient(c, step.params);
          if (space === 'logit') gmap = tf.mul(gmap, logitFactor(c, step.impl.clipEps(step.params)));
          maps.push(gmap as Tensor2D);
        }
      }
      const parts: Tensor[] = [];
      if (sums.length) parts.push(tf.stack(sums));
      if (asArrays) parts.push(...maps.map((m) => tf.reshape(m, [-1])));
      return { packed: parts.length ? tf.concat(parts) : tf.zeros([0]), tensors: asArrays ? [] : maps };
    });
    const packed = out.packed.size > 0 ? out.packed : (out.packed.dispose(), null);
    if (!made.ctx) throw new Error('engine: no evaluation context');
    return {
      ctx: made.ctx,
      plan,
      sumCounts,
      packed,
      tensors: out.tensors,
      started,
      path: onPrograms ? 'program' : 'device',
      sumsOf: made.sumsOf,
    };
  }

  private finish(prep: Prepared, data: Float32Array, options: EvaluateOptions): Evaluation {
    prep.packed?.dispose();
    const { ctx, plan, sumCounts } = prep;
    const values: Partial<Record<LossId, number>> = {};
    const gradients: Partial<Record<LossId, Float32Array>> = {};
    const gradientTensors: Partial<Record<LossId, Tensor2D>> = {};
    let offset = 0;
    const sums = prep.sumsOf?.(data) ?? data;
    plan.forEach((step, i) => {
      const count = sumCounts[i] as number;
      values[step.id] = step.impl.value(Array.prototype.slice.call(sums, offset, offset + count), ctx, step.params);
      offset += count;
    });
    const space = options.gradient ?? 'none';
    if (space !== 'none') {
      const n = ctx.n;
      plan
        .filter((step) => step.map)
        .forEach((step, i) => {
          if (prep.tensors.length) gradientTensors[step.id] = prep.tensors[i] as Tensor2D;
          else {
            gradients[step.id] = data.slice(offset, offset + n);
            offset += n;
          }
        });
    }
    return { values, gradients, gradientTensors, stats: ctx.stats, elapsedMs: now() - prep.started, path: prep.path };
  }

  /** Device sums for K values of `key`, read back once: rows[k] are the sums at values[k]. */
  private sweepSums(
    impl: LossImpl,
    base: ParamSet,
    key: string,
    values: readonly number[],
    p: Float32Array,
  ): number[][] {
    const target = this.requireTarget();
    if (this.activePath === 'host')
      return sweepSumsOnHost(new EvalContext(target, p, this.memo), impl, base, key, values);
    const k = values.length;
    if (k === 0) return [];
    if (!impl.deviceKeys.includes(key)) {
      const one = this.readSums(() => {
        const c = new EvalContext(target, p, this.memo);
        const s = impl.sums(c, base);
        return s.length ? tf.stack(s) : tf.zeros([0]);
      });
      return repeat(Array.from(one), k);
    }
    let width = 0;
    const flat = this.readSums(() => {
      const c = new EvalContext(target, p, this.memo);
      const broadcast = impl.broadcastSums?.(c, base, key, values) ?? null;
      if (broadcast) {
        width = broadcast.shape[1] as number;
        return tf.reshape(broadcast, [-1]);
      }
      const rows = values.map((v) => impl.sums(c, { ...base, [key]: v }));
      width = rows[0]?.length ?? 0;
      return width ? tf.stack(rows.flat()) : tf.zeros([0]);
    });
    return Array.from({ length: k }, (_, i) => Array.from(flat.subarray(i * width, (i + 1) * width)));
  }

  private readSums(build: () => Tensor): Float32Array {
    const t = tf.tidy(build);
    try {
      return float32Data(t.dataSync());
    } finally {
      t.dispose();
    }
  }
}

/** q(1 − q): ∂p/∂z at the clipped probability, memoised per ε. */
function logitFactor(ctx: EvalContext, eps: number): Tensor {
  return ctx.memo(`q(1-q):${eps}`, () => {
    const { q } = ctx.logs(eps);
    return tf.mul(q, tf.sub(1, q));
  });
}

function checkSweepValues(id: LossId, key: string, values: readonly number[]): void {
  const spec = paramSpec(id, key);
  if (!spec) throw new Error(`loss "${id}" has no parameter "${key}"`);
  if (spec.kind !== 'number') throw new Error(`loss "${id}": "${key}" is not a numeric parameter`);
  for (const v of values) {
    const problem = checkParam(spec, v);
    if (problem) throw new Error(`loss "${id}" sweep: ${problem}`);
  }
}

function checkGrid(h: number, w: number): void {
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 1 || w < 1)
    throw new Error(`grid must be positive integers, got ${h} × ${w}`);
  if (h * w > 4096 * 4096) throw new Error(`grid ${h} × ${w} is too large`);
}

function checkUnitInterval(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= 0 && v <= 1)) throw new Error(`${what} value at index ${i} is ${v}: must be in [0, 1]`);
  }
}

/** Everything packed is float32; anything else would be a bug upstream. */
function float32Data(d: unknown): Float32Array {
  if (!(d instanceof Float32Array)) throw new Error('internal: expected float32 data from the device');
  return d;
}

function repeat<T>(row: T, k: number): T[] {
  return Array.from({ length: k }, () => row);
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
