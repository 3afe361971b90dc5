/**
 * What one evaluation sees: the cached ground-truth side (TargetCache, lives until the ground truth
 * changes) and the per-call prediction side (EvalContext, lives inside one tf.tidy). Both memoise, so
 * losses that share a term (−ln q, CE, a distance field) compute it once.
 */
import { sameElements } from './arrays.ts';
import { tf } from './tf.ts';
import type { Tensor } from './tf.ts';
import type { RegionStats } from './types.ts';
import { REGION_SUMS, accumulateRegionSums, regionStatsFrom } from './stats.ts';
import {
  binaryMask,
  contour,
  contourPenaltyMap,
  distanceFieldSquared,
  squaredDistanceToForeground,
} from './distance.ts';
import { PixelTermCache, changedBox } from './host/pixelCache.ts';
import { IncrementalDistanceField } from './distanceUpdate.ts';
import type { MaskChange } from './distanceUpdate.ts';
import type { Box } from './host/pixelCache.ts';

export const GT_THRESHOLD = 0.5;

/** d^α for a field given as squared distances (integers), with a lookup table: far fewer pow calls. */
export function powerOfField(fieldSq: Float64Array, alpha: number): Float32Array {
  // α = 2, the default: d^α is the squared field itself.
  if (alpha === 2) return Float32Array.from(fieldSq);
  const out = new Float32Array(fieldSq.length);
  const table = new Map<number, number>();
  for (let i = 0; i < fieldSq.length; i++) {
    const d2 = fieldSq[i] as number;
    if (d2 === 0) continue;
    let v = table.get(d2);
    if (v === undefined) {
      v = Math.pow(d2, alpha / 2);
      table.set(d2, v);
    }
    out[i] = v;
  }
  return out;
}

export class TargetCache {
  readonly n: number;
  readonly g: Float32Array;
  readonly gTensor: Tensor;
  readonly mask: Uint8Array;
  readonly sumG: number;
  /** Every value is exactly 0 or 1 (painted masks): the per-pixel terms then need half the logs. */
  readonly binary: boolean;
  private readonly kept = new Map<string, Tensor>();
  private readonly host = new Map<string, unknown>();
  private fieldSqMemo: Float64Array | null = null;

  constructor(
    g: Float32Array,
    readonly h: number,
    readonly w: number,
  ) {
    if (g.length !== h * w) throw new Error(`target has ${g.length} values for a ${h} × ${w} grid`);
    this.n = h * w;
    this.g = Float32Array.from(g);
    this.gTensor = tf.keep(tf.tensor2d(this.g, [h, w]));
    this.mask = binaryMask(this.g, GT_THRESHOLD);
    let s = 0;
    for (let i = 0; i < this.n; i++) s += this.g[i] as number;
    this.sumG = s;
    this.binary = this.g.every((v) => v === 0 || v === 1);
  }

  /** A tensor derived from the ground truth only, built once per key and kept until dispose(). */
  cached(key: string, build: () => Tensor): Tensor {
    let t = this.kept.get(key);
    if (!t) {
      t = tf.keep(tf.tidy(build));
      this.kept.set(key, t);
    }
    return t;
  }

  /** A host-side value derived from the ground truth only, built once per key. */
  hostCached<T>(key: string, build: () => T): T {
    if (!this.host.has(key)) this.host.set(key, build());
    return this.host.get(key) as T;
  }

  /** [start, end) index pairs of the runs of g = 1 in row-major order (fills for maps constant per class). */
  foregroundRuns(): Int32Array {
    return this.hostCached('foreground runs', () => {
      const runs: number[] = [];
      for (let i = 0; i < this.n; i++) {
        if (this.g[i] !== 1) continue;
        const start = i;
        while (i < this.n && this.g[i] === 1) i++;
        runs.push(start, i);
      }
      return Int32Array.from(runs);
    });
  }

  /** Squared distance field of [g > 0.5] (edt inside + edt outside, squared), zeros when empty/full. */
  fieldSq(): Float64Array {
    if (!this.fieldSqMemo) this.fieldSqMemo = distanceFieldSquared(this.mask, this.h, this.w);
    return this.fieldSqMemo;
  }

  /** Squared distance of every pixel to the contour of [g > 0.5] (E of shape_aware, HD of the metrics). */
  contourDistanceSq(): Float64Array {
    return this.hostCached('contour-d2', () =>
      squaredDistanceToForeground(contour(this.mask, this.h, this.w), this.h, this.w),
    );
  }

  /** Φ of the distance-penalised CE, float64 on the host. */
  phiOnHost(): Float64Array {
    return this.hostCached('phi', () => contourPenaltyMap(this.mask, this.h, this.w));
  }

  /** Φ of the distance-penalised CE. */
  phi(): Tensor {
    return this.cached('phi', () => tf.tensor2d(Float32Array.from(this.phiOnHost()), [this.h, this.w]));
  }

  /** dg^α of the Hausdorff loss on the host (the device tensor's values). */
  fieldPowerOnHost(alpha: number): Float32Array {
    return this.hostCached(`dg^${alpha}`, () => powerOfField(this.fieldSq(), alpha));
  }

  /** dg^α of the Hausdorff loss. */
  fieldPower(alpha: number): Tensor {
    return this.cached(`dg^${alpha}`, () => tf.tensor2d(this.fieldPowerOnHost(alpha), [this.h, this.w]));
  }

  dispose(): void {
    this.gTensor.dispose();
    for (const t of this.kept.values()) t.dispose();
    this.kept.clear();
    this.host.clear();
  }
}

/** Per-pixel log terms of one clip ε. */
/**
 * Per-pixel log terms of one clip ε. For a binary ground truth only the true class's term is ever used at
 * a pixel (ℓ⁺ where g = 1, ℓ⁻ where g = 0), so `lp` and `lm` are the same tensor −ln q_t with
 * q_t = g q + (1 − g)(1 − q): one log instead of two. Every use of `lp` is weighted by g and every use of
 * `lm` by 1 − g, which makes that exact.
 */
export interface LogTerms {
  /** q = clip(p, ε, 1 − ε) */
  q: Tensor;
  /** ℓ⁺ = −ln q (binary targets: −ln q_t, valid where g = 1) */
  lp: Tensor;
  /** ℓ⁻ = −ln(1 − q) (binary targets: −ln q_t, valid where g = 0) */
  lm: Tensor;
  /**
   * The other class's term, −ln(1 − q_t): ℓ⁻ where g = 1 and ℓ⁺ where g = 0. Binary targets only
   * (focal's modulator (1 − q_t)^γ); null for soft labels, where lp and lm are both full maps.
   */
  other: Tensor | null;
  /** dℓ⁺/dp = −1/q (straight-through clip) */
  dlp: Tensor;
  /** dℓ⁻/dp = 1/(1 − q) */
  dlm: Tensor;
  /** CE = g ℓ⁺ + (1 − g) ℓ⁻ */
  ce: Tensor;
  /** dCE/dp */
  dce: Tensor;
}

/** The thresholded prediction and what is derived from it on the host, each computed on first use. */
export interface PredictionSide {
  /** Unique per side (per thresholded mask): keys host results that depend on the mask's transforms. */
  id: number;
  mask: Uint8Array;
  /** The PredictionMemo version this side was last found to be the current prediction's. */
  checkedAt: number;
  fieldSq: () => Float64Array;
  /** dp^α as float32, per α. */
  fieldPower: (alpha: number) => Float32Array;
  /**
   * Hands this side's distance transforms to the side of the next mask, which updates them where the
   * masks differ; this side recomputes its own from scratch if it is asked again.
   */
  releaseDistances: () => IncrementalDistanceField | null;
}

/**
 * Host-side results that depend on the prediction, kept by the engine across calls while the prediction's
 * values are unchanged (dragging a slider, painting the ground truth): the structural loss's local
 * statistics, region sums, whole host results. Entries that also depend on the ground truth are dropped
 * when it changes. Thresholded masks live longer still: `sides` survives a prediction change and is reused
 * while the mask itself is unchanged (a soft stroke below the threshold).
 */
export class PredictionMemo {
  private pred: Float32Array | null = null;
  private target: TargetCache | null = null;
  private readonly predOnly = new Map<string, unknown>();
  private readonly withTarget = new Map<string, unknown>();
  readonly sides = new Map<number, PredictionSide>();
  /** The host path's per-pixel terms, updated only where the prediction changed. */
  readonly pixels = new PixelTermCache();
  /** Counts prediction changes; `lastBox` is where the last one was (null: anywhere, or not known). */
  version = 0;
  lastBox: Box | null = null;

  /** Call before each use with the current inputs; clears what they invalidate. */
  sync(pred: Float32Array, target: TargetCache): void {
    const { h, w } = target;
    const targetChanged = this.target !== target;
    if (!this.pred || this.pred.length !== pred.length) {
      this.version++;
      this.lastBox = null;
      this.pred = Float32Array.from(pred);
      this.predOnly.clear();
      this.withTarget.clear();
      this.pixels.advance(null, h, w);
    } else {
      const box = changedBox(this.pred, pred, h, w);
      if (box) {
        this.version++;
        this.lastBox = box;
        this.pred.set(pred);
        this.predOnly.clear();
        this.withTarget.clear();
        this.pixels.advance(box, h, w);
      }
    }
    if (targetChanged) {
      // A new grid may keep the pixel count: boxes, masks and transforms of the old one do not apply.
      if (this.target && (this.target.h !== h || this.target.w !== w)) this.sides.clear();
      this.version++;
      this.lastBox = null;
      this.target = target;
      this.withTarget.clear();
      this.pixels.advance(null, h, w);
    }
  }

  get<T>(key: string, dependsOnTarget: boolean, build: () => T): T {
    const store = dependsOnTarget ? this.withTarget : this.predOnly;
    if (!store.has(key)) store.set(key, build());
    return store.get(key) as T;
  }

  clear(): void {
    this.version++;
    this.lastBox = null;
    this.pred = null;
    this.target = null;
    this.predOnly.clear();
    this.withTarget.clear();
    this.sides.clear();
    this.pixels.clear();
  }
}

/** The prediction side of one evaluation. Its tensors are created lazily: use them inside tf.tidy. */
export class EvalContext {
  private statsMemo: RegionStats | null = null;
  private readonly logMemo = new Map<number, LogTerms>();
  private readonly sideMemo = new Map<number, PredictionSide>();
  private readonly tensorMemo = new Map<string, Tensor>();

  /** @param memo host results kept across calls (see PredictionMemo); a fresh one keeps nothing. */
  constructor(
    readonly target: TargetCache,
    readonly pred: Float32Array,
    private readonly memoStore = new PredictionMemo(),
  ) {
    if (pred.length !== target.n) throw new Error(`prediction has ${pred.length} values, target ${target.n}`);
    memoStore.sync(pred, target);
  }

  /** The prediction on the device, uploaded on first use (host-only uses never upload it). */
  get p(): Tensor {
    return this.memo('p', () => tf.tensor2d(this.pred, [this.target.h, this.target.w]));
  }

  get g(): Tensor {
    return this.target.gTensor;
  }
  get n(): number {
    return this.target.n;
  }

  get stats(): RegionStats {
    if (!this.statsMemo) this.statsMemo = this.hostMemo('stats', () => this.regionStatsByRows());
    return this.statsMemo;
  }

  /** The region sums row by row, each row re-summed only when the prediction changed in it. */
  private regionStatsByRows(): RegionStats {
    const { g, w, n } = this.target;
    const p = this.pred;
    const totals = this.pixels.rowSums('region stats', REGION_SUMS, (rows, y0, y1) => {
      for (let y = y0; y < y1; y++) accumulateRegionSums(g, p, y * w, (y + 1) * w, rows, y * REGION_SUMS);
    });
    return regionStatsFrom(n, totals);
  }

  /** A tensor of this evaluation, built once per key. */
  memo(key: string, build: () => Tensor): Tensor {
    let t = this.tensorMemo.get(key);
    if (!t) {
      t = build();
      this.tensorMemo.set(key, t);
    }
    return t;
  }

  /** A host-side result of the prediction and the ground truth, kept while neither changes. */
  hostMemo<T>(key: string, build: () => T): T {
    return this.memoStore.get(key, true, build);
  }

  /** Per-pixel host terms, kept across predictions and updated where they changed (host path). */
  get pixels(): PixelTermCache {
    return this.memoStore.pixels;
  }

  /** A host-side result of the prediction alone, kept while it is unchanged. */
  predictionMemo<T>(key: string, build: () => T): T {
    return this.memoStore.get(key, false, build);
  }

  logs(eps: number): LogTerms {
    let t = this.logMemo.get(eps);
    if (!t) {
      const g = this.g;
      const q = tf.clipByValue(this.p, eps, 1 - eps);
      const oneMinusQ = tf.sub(1, q);
      const dlp = tf.neg(tf.reciprocal(q));
      const dlm = tf.reciprocal(oneMinusQ);
      const dce = tf.add(dlm, tf.mul(g, tf.sub(dlp, dlm)));
      if (this.target.binary) {
        // Select, not arithmetic: 1 − (1 − q) is not q in float32, and the small one matters to the log.
        const isFg = this.target.cached('g>0.5', () => tf.greater(this.g, 0.5));
        const ce = tf.neg(tf.log(tf.where(isFg, q, oneMinusQ)));
        const other = tf.neg(tf.log(tf.where(isFg, oneMinusQ, q)));
        t = { q, lp: ce, lm: ce, other, dlp, dlm, ce, dce };
      } else {
        const lp = tf.neg(tf.log(q));
        const lm = tf.neg(tf.log(oneMinusQ));
        // CE = ℓ⁻ + g (ℓ⁺ − ℓ⁻): exact for soft labels, two ops fewer than the textbook form.
        const ce = tf.add(lm, tf.mul(g, tf.sub(lp, lm)));
        t = { q, lp, lm, other: null, dlp, dlm, ce, dce };
      }
      this.logMemo.set(eps, t);
    }
    return t;
  }

  /** JS-side facts of the thresholded prediction. */
  side(threshold: number): PredictionSide {
    let s = this.sideMemo.get(threshold);
    if (!s) {
      s = this.currentSide(threshold);
      s.checkedAt = this.memoStore.version;
      this.memoStore.sides.set(threshold, s);
      this.sideMemo.set(threshold, s);
    }
    return s;
  }

  /**
   * The side of [p > threshold]: the previous one while the mask is unchanged. When the previous one was
   * checked against the previous prediction, the mask can only differ inside the box that changed since,
   * so only that box is thresholded and compared (and the distance update is told where to look).
   */
  private currentSide(threshold: number): PredictionSide {
    const { h, w } = this.target;
    const memo = this.memoStore;
    const previous = memo.sides.get(threshold);
    if (previous && previous.checkedAt === memo.version) return previous;
    const box = memo.lastBox;
    if (previous && box && previous.checkedAt === memo.version - 1 && previous.mask.length === h * w) {
      const p = this.pred;
      let mask: Uint8Array | null = null;
      for (let y = box.y0; y < box.y1; y++) {
        for (let i = y * w + box.x0; i < y * w + box.x1; i++) {
          const v = p[i]! > threshold ? 1 : 0;
          if (v === previous.mask[i]) continue;
          mask ??= Uint8Array.from(previous.mask);
          mask[i] = v;
        }
      }
      return mask
        ? predictionSide(mask, h, w, previous.releaseDistances(), { previous: previous.mask, box })
        : previous;
    }
    const mask = binaryMask(this.pred, threshold);
    return previous && sameElements(previous.mask, mask)
      ? previous
      : predictionSide(mask, h, w, previous?.releaseDistances() ?? null, null);
  }
}

let sideCount = 0;

/**
 * @param distances the previous mask's transforms (only computed when a loss needs them), updated to this
 *   mask on first use: exact, and a dab that moves the mask in a few columns costs those columns and the
 *   rows they change instead of two whole transforms.
 * @param hint where this mask can differ from the previous one (null: anywhere)
 */
function predictionSide(
  mask: Uint8Array,
  h: number,
  w: number,
  distances: IncrementalDistanceField | null,
  hint: MaskChange | null,
): PredictionSide {
  let fieldSq: Float64Array | null = null;
  let state = distances?.fits(h, w) ? distances : null;
  let released = false;
  const powers = new Map<number, Float32Array>();
  return {
    id: ++sideCount,
    mask,
    checkedAt: -1,
    fieldSq: () => {
      if (!fieldSq) {
        if (released) fieldSq = distanceFieldSquared(mask, h, w);
        else fieldSq = (state ??= new IncrementalDistanceField(h, w)).update(mask, hint);
      }
      return fieldSq;
    },
    releaseDistances: () => {
      const out = state;
      state = null;
      released = true;
      fieldSq = null;
      powers.clear();
      return out;
    },
    fieldPower(alpha: number) {
      let v = powers.get(alpha);
      if (!v) {
        v = powerOfField(this.fieldSq(), alpha);
        powers.set(alpha, v);
      }
      return v;
    },
  };
}
