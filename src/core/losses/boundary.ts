/** Boundary losses: driven by distance transforms computed outside the gradient (docs/losses.md §11–12). */
import { tf } from '../tf.ts';
import type { Tensor } from '../tf.ts';
import type { EvalContext } from '../context.ts';
import type { LossImpl } from './types.ts';
import type { ParamSet } from '../types.ts';
import { defaultClipEps, numberParam } from './types.ts';
import { ceSums, sumAll, sumSpatial, weightedCeGradient, weightedCeTerms } from './shared.ts';
import { ceGradient, hostCeSums, linearGradientInto, weightedCeTermsOnHost } from '../host/shared.ts';
import type { LinearGradient } from '../host/shared.ts';
import { expWeightedSums } from '../host/sweep.ts';
import { meanContourDistanceByRows } from '../host/contour.ts';

/** dp^α: the field of the thresholded prediction to the power α, uploaded once per evaluation. */
function predictionFieldPower(ctx: EvalContext, threshold: number, alpha: number): Tensor {
  return ctx.memo(`dp^${alpha}@${threshold}`, () =>
    tf.tensor2d(ctx.side(threshold).fieldPower(alpha), [ctx.target.h, ctx.target.w]),
  );
}

/**
 * dp^α and dg^α for the host path. α = 2 (the default) reads the squared fields themselves: integers, the
 * device's float32 values exactly, and no copy after each changed mask.
 */
function hostFieldPowers(
  ctx: EvalContext,
  threshold: number,
  alpha: number,
): { dp: ArrayLike<number>; dg: ArrayLike<number> } {
  if (alpha === 2) return { dp: ctx.side(threshold).fieldSq(), dg: ctx.target.fieldSq() };
  return { dp: ctx.side(threshold).fieldPower(alpha), dg: ctx.target.fieldPowerOnHost(alpha) };
}

function squaredError(ctx: EvalContext): Tensor {
  return ctx.memo('(p-g)^2', () => tf.square(tf.sub(ctx.p, ctx.g)));
}

export const hausdorffDt: LossImpl = {
  deviceKeys: ['alpha', 'threshold'],
  sums: (ctx, params) => {
    const alpha = numberParam(params, 'alpha');
    const sq = squaredError(ctx);
    return [
      sumAll(tf.mul(sq, predictionFieldPower(ctx, numberParam(params, 'threshold'), alpha))),
      sumAll(tf.mul(sq, ctx.target.fieldPower(alpha))),
    ];
  },
  value: ([s1, s2], ctx) => ((s1 as number) + (s2 as number)) / ctx.n,
  gradient: (ctx, params) => {
    const alpha = numberParam(params, 'alpha');
    const weight = tf.add(
      predictionFieldPower(ctx, numberParam(params, 'threshold'), alpha),
      ctx.target.fieldPower(alpha),
    );
    return tf.mul(tf.mul(tf.sub(ctx.p, ctx.g), weight), 2 / ctx.n);
  },
  broadcastSums: (ctx, params, key, values) => {
    if (key !== 'alpha') return null;
    const { h, w } = ctx.target;
    const halfAlpha = tf.tensor3d(
      Float32Array.from(values, (a) => a / 2),
      [values.length, 1, 1],
    );
    // d^α = (d²)^(α/2); the squared fields are integers, exact in float32 up to 2^24.
    const dpSq = tf.tensor3d(Float32Array.from(ctx.side(numberParam(params, 'threshold')).fieldSq()), [1, h, w]);
    const dgSq = ctx.target.cached('dgSq', () => tf.tensor3d(Float32Array.from(ctx.target.fieldSq()), [1, h, w]));
    const sq = squaredError(ctx);
    return tf.stack(
      [sumSpatial(tf.mul(tf.pow(dpSq, halfAlpha), sq)), sumSpatial(tf.mul(tf.pow(dgSq, halfAlpha), sq))],
      1,
    );
  },
  pixelTerms: (ctx, params) => {
    const alpha = numberParam(params, 'alpha');
    const weight = tf.add(
      predictionFieldPower(ctx, numberParam(params, 'threshold'), alpha),
      ctx.target.fieldPower(alpha),
    );
    return tf.mul(tf.mul(squaredError(ctx), weight), 1 / ctx.n);
  },
  clipEps: defaultClipEps,
  host: {
    sums: (ctx, params) => {
      const alpha = numberParam(params, 'alpha');
      const threshold = numberParam(params, 'threshold');
      return ctx.hostMemo(`host hausdorff Σ:${alpha}:${threshold}`, () => {
        const { dp, dg } = hostFieldPowers(ctx, threshold, alpha);
        const { g, w } = ctx.target;
        const p = ctx.pred;
        const weighted = (field: ArrayLike<number>) => (rows: Float64Array, y0: number, y1: number) => {
          for (let y = y0; y < y1; y++) {
            let s = 0;
            for (let i = y * w; i < (y + 1) * w; i++) {
              const d = (p[i] as number) - (g[i] as number);
              s += d * d * (field[i] as number);
            }
            rows[y] = s;
          }
        };
        // dg is the ground truth's: its rows change only where the prediction did. dp changes with the
        // mask, so its rows are kept only for one mask (keyed by the side that owns dp).
        const [s2] = ctx.pixels.rowSums(`Σ(p-g)²dg^${alpha}`, 1, weighted(dg));
        const [s1] = ctx.pixels.rowSums(`Σ(p-g)²dp^${alpha}@${threshold}#${ctx.side(threshold).id}`, 1, weighted(dp));
        return [s1 as number, s2 as number];
      });
    },
    gradient: (ctx, params, out) => {
      const alpha = numberParam(params, 'alpha');
      const { dp, dg } = hostFieldPowers(ctx, numberParam(params, 'threshold'), alpha);
      const { g } = ctx.target;
      const p = ctx.pred;
      const k = 2 / ctx.n;
      for (let i = 0; i < g.length; i++)
        out[i] = k * ((p[i] as number) - (g[i] as number)) * ((dp[i] as number) + (dg[i] as number));
      return out;
    },
    sweepSums: (ctx, params, key, values) => {
      if (key !== 'alpha') return null;
      const { g, h, w } = ctx.target;
      const p = ctx.pred;
      // d^α = exp(α · ½ ln d²) over the distinct squared distances (integers), each weighted by its
      // pixels' Σ (p − g)²: a few thousand terms per α instead of one per pixel.
      const maxD2 = (h - 1) * (h - 1) + (w - 1) * (w - 1);
      if (maxD2 > 4 * g.length) return null;
      const part = (fieldSq: Float64Array) => {
        const byD2 = new Float64Array(maxD2 + 1);
        for (let i = 0; i < g.length; i++) {
          const d = (p[i] as number) - (g[i] as number);
          const d2 = fieldSq[i] as number;
          byD2[d2] = (byD2[d2] as number) + d * d;
        }
        const a: number[] = [];
        const wts: number[] = [];
        for (let d2 = 1; d2 <= maxD2; d2++) {
          const wt = byD2[d2] as number;
          if (wt !== 0) {
            a.push(0.5 * Math.log(d2));
            wts.push(wt);
          }
        }
        return { a: Float64Array.from(a), w: Float64Array.from(wts) };
      };
      const dpSq = ctx.side(numberParam(params, 'threshold')).fieldSq();
      const [s1, s2] = expWeightedSums(values, [part(dpSq), part(ctx.target.fieldSq())]) as [
        Float64Array,
        Float64Array,
      ];
      return values.map((_, k) => [s1[k] as number, s2[k] as number]);
    },
    pixelTerms: (ctx, params) => {
      const alpha = numberParam(params, 'alpha');
      const { dp, dg } = hostFieldPowers(ctx, numberParam(params, 'threshold'), alpha);
      const { g } = ctx.target;
      const p = ctx.pred;
      const out = new Float32Array(ctx.n);
      for (let i = 0; i < g.length; i++) {
        const d = (p[i] as number) - (g[i] as number);
        out[i] = (d * d * ((dp[i] as number) + (dg[i] as number))) / ctx.n;
      }
      return out;
    },
  },
};

/** E: mean distance from the predicted contour to the true contour (a constant of the gradient). */
export function shapeCoefficient(ctx: EvalContext, threshold: number): number {
  return meanContourDistanceByRows(ctx, threshold);
}

/** k ∂CE/∂p with k = 1 + scale · E. */
function shapeAwareGradient(ctx: EvalContext, params: ParamSet): LinearGradient {
  const k = 1 + numberParam(params, 'scale') * shapeCoefficient(ctx, numberParam(params, 'threshold'));
  return ceGradient(defaultClipEps(params), k, k);
}

export const shapeAware: LossImpl = {
  // The threshold only moves E, which is computed on the host: a threshold sweep re-uses the CE sums.
  deviceKeys: ['eps'],
  sums: (ctx, params) => ceSums(ctx, defaultClipEps(params)),
  value: ([a, b], ctx, params) => {
    const e = shapeCoefficient(ctx, numberParam(params, 'threshold'));
    return ((1 + numberParam(params, 'scale') * e) * ((a as number) + (b as number))) / ctx.n;
  },
  gradient: (ctx, params) => {
    const k = 1 + numberParam(params, 'scale') * shapeCoefficient(ctx, numberParam(params, 'threshold'));
    return weightedCeGradient(ctx, defaultClipEps(params), k, k);
  },
  pixelTerms: (ctx, params) => {
    const k = 1 + numberParam(params, 'scale') * shapeCoefficient(ctx, numberParam(params, 'threshold'));
    return weightedCeTerms(ctx, defaultClipEps(params), k, k);
  },
  clipEps: defaultClipEps,
  host: {
    sums: (ctx, params) => hostCeSums(ctx, defaultClipEps(params)),
    linearGradient: (ctx, params) => shapeAwareGradient(ctx, params),
    gradient: (ctx, params, out) => linearGradientInto(ctx, shapeAwareGradient(ctx, params), out),
    pixelTerms: (ctx, params) => {
      const k = 1 + numberParam(params, 'scale') * shapeCoefficient(ctx, numberParam(params, 'threshold'));
      return weightedCeTermsOnHost(ctx, defaultClipEps(params), k, k);
    },
  },
};
