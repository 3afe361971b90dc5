/** Boundary losses: driven by distance transforms computed outside the gradient (docs/losses.md §11–12). */
import { tf } from '../tf.ts';
import type { Tensor } from '../tf.ts';
import type { EvalContext } from '../context.ts';
import type { LossImpl } from './types.ts';
import { defaultClipEps, numberParam } from './types.ts';
import { ceSums, sumAll, sumSpatial, weightedCeGradient, weightedCeTerms } from './shared.ts';

/** dp^α: the field of the thresholded prediction to the power α, uploaded once per evaluation. */
function predictionFieldPower(ctx: EvalContext, threshold: number, alpha: number): Tensor {
  return ctx.memo(`dp^${alpha}@${threshold}`, () =>
    tf.tensor2d(ctx.side(threshold).fieldPower(alpha), [ctx.target.h, ctx.target.w]));
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
    const weight = tf.add(predictionFieldPower(ctx, numberParam(params, 'threshold'), alpha), ctx.target.fieldPower(alpha));
    return tf.mul(tf.mul(tf.sub(ctx.p, ctx.g), weight), 2 / ctx.n);
  },
  broadcastSums: (ctx, params, key, values) => {
    if (key !== 'alpha') return null;
    const { h, w } = ctx.target;
    const halfAlpha = tf.tensor3d(Float32Array.from(values, (a) => a / 2), [values.length, 1, 1]);
    // d^α = (d²)^(α/2); the squared fields are integers, exact in float32 up to 2^24.
    const dpSq = tf.tensor3d(Float32Array.from(ctx.side(numberParam(params, 'threshold')).fieldSq()), [1, h, w]);
    const dgSq = ctx.target.cached('dgSq', () => tf.tensor3d(Float32Array.from(ctx.target.fieldSq()), [1, h, w]));
    const sq = squaredError(ctx);
    return tf.stack([sumSpatial(tf.mul(tf.pow(dpSq, halfAlpha), sq)), sumSpatial(tf.mul(tf.pow(dgSq, halfAlpha), sq))], 1);
  },
  pixelTerms: (ctx, params) => {
    const alpha = numberParam(params, 'alpha');
    const weight = tf.add(predictionFieldPower(ctx, numberParam(params, 'threshold'), alpha), ctx.target.fieldPower(alpha));
    return tf.mul(tf.mul(squaredError(ctx), weight), 1 / ctx.n);
  },
  clipEps: defaultClipEps,
};

/** E: mean distance from the predicted contour to the true contour (a constant of the gradient). */
export function shapeCoefficient(ctx: EvalContext, threshold: number): number {
  return ctx.side(threshold).meanContourDistance(ctx.target);
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
};
