/** Distribution-based losses: means over pixels of a (weighted) cross-entropy term. docs/losses.md §1–5. */
import { tf } from '../tf.ts';
import type { Tensor } from '../tf.ts';
import type { LossImpl } from './types.ts';
import type { EvalContext } from '../context.ts';
import { defaultClipEps, numberParam, optionalNumber } from './types.ts';
import { background, ceSums, sumAll, sumSpatial, weightedCeGradient, weightedCeTerms } from './shared.ts';

export const bce: LossImpl = {
  deviceKeys: ['eps'],
  sums: (ctx, params) => ceSums(ctx, defaultClipEps(params)),
  value: ([a, b], ctx) => ((a as number) + (b as number)) / ctx.n,
  gradient: (ctx, params) => weightedCeGradient(ctx, defaultClipEps(params), 1, 1),
  pixelTerms: (ctx, params) => weightedCeTerms(ctx, defaultClipEps(params), 1, 1),
  clipEps: defaultClipEps,
};

export const weightedBce: LossImpl = {
  deviceKeys: ['eps'],
  sums: (ctx, params) => ceSums(ctx, defaultClipEps(params)),
  value: ([a, b], ctx, params) => (numberParam(params, 'beta') * (a as number) + (b as number)) / ctx.n,
  gradient: (ctx, params) => weightedCeGradient(ctx, defaultClipEps(params), numberParam(params, 'beta'), 1),
  pixelTerms: (ctx, params) => weightedCeTerms(ctx, defaultClipEps(params), numberParam(params, 'beta'), 1),
  clipEps: defaultClipEps,
};

/** β of the balanced CE: the given one, or 1 − the foreground fraction of the ground truth. */
export function balanceBeta(beta: number | null, sumG: number, n: number): number {
  return beta ?? 1 - sumG / n;
}

export const balancedBce: LossImpl = {
  deviceKeys: ['eps'],
  sums: (ctx, params) => ceSums(ctx, defaultClipEps(params)),
  value: ([a, b], ctx, params) => {
    const beta = balanceBeta(optionalNumber(params, 'beta'), ctx.target.sumG, ctx.n);
    return (beta * (a as number) + (1 - beta) * (b as number)) / ctx.n;
  },
  gradient: (ctx, params) => {
    const beta = balanceBeta(optionalNumber(params, 'beta'), ctx.target.sumG, ctx.n);
    return weightedCeGradient(ctx, defaultClipEps(params), beta, 1 - beta);
  },
  pixelTerms: (ctx, params) => {
    const beta = balanceBeta(optionalNumber(params, 'beta'), ctx.target.sumG, ctx.n);
    return weightedCeTerms(ctx, defaultClipEps(params), beta, 1 - beta);
  },
  clipEps: defaultClipEps,
};

function focalWeights(params: Record<string, unknown>): { pos: number; neg: number } {
  const alpha = params['alpha'];
  return typeof alpha === 'number' ? { pos: alpha, neg: 1 - alpha } : { pos: 1, neg: 1 };
}

/**
 * (1 − q)^γ on foreground pixels and q^γ on background ones, as exp(−γ ℓ) of the other class's log term:
 * re-uses the logs, no pow kernel. Binary targets need one exp (LogTerms.other).
 */
function modulators(ctx: EvalContext, eps: number, gamma: number): { onPos: Tensor; onNeg: Tensor } {
  if (gamma === 0) {
    const one = ctx.memo('ones', () => tf.onesLike(ctx.p));
    return { onPos: one, onNeg: one };
  }
  const { lp, lm, other } = ctx.logs(eps);
  const onPos = ctx.memo(`focal-mod+:${eps}:${gamma}`, () => tf.exp(tf.mul(other ?? lm, -gamma)));
  const onNeg = other ? onPos : ctx.memo(`focal-mod-:${eps}:${gamma}`, () => tf.exp(tf.mul(lp, -gamma)));
  return { onPos, onNeg };
}

export const focal: LossImpl = {
  deviceKeys: ['gamma', 'eps'],
  sums: (ctx, params) => {
    const eps = defaultClipEps(params);
    const { lp, lm } = ctx.logs(eps);
    const { onPos, onNeg } = modulators(ctx, eps, numberParam(params, 'gamma'));
    return [sumAll(tf.mul(tf.mul(ctx.g, onPos), lp)), sumAll(tf.mul(tf.mul(background(ctx), onNeg), lm))];
  },
  value: ([s1, s2], ctx, params) => {
    const w = focalWeights(params);
    return (w.pos * (s1 as number) + w.neg * (s2 as number)) / ctx.n;
  },
  gradient: (ctx, params) => {
    const eps = defaultClipEps(params);
    const gamma = numberParam(params, 'gamma');
    const w = focalWeights(params);
    const { lp, lm, dlp, dlm } = ctx.logs(eps);
    const { onPos, onNeg } = modulators(ctx, eps, gamma);
    // d/dp[(1−q)^γ ℓ⁺] = (1−q)^γ (dℓ⁺ − γ ℓ⁺ dℓ⁻);  d/dp[q^γ ℓ⁻] = q^γ (dℓ⁻ − γ ℓ⁻ dℓ⁺)
    const d1 = tf.mul(onPos, tf.sub(dlp, tf.mul(tf.mul(lp, dlm), gamma)));
    const d2 = tf.mul(onNeg, tf.sub(dlm, tf.mul(tf.mul(lm, dlp), gamma)));
    return tf.add(tf.mul(tf.mul(ctx.g, d1), w.pos / ctx.n), tf.mul(tf.mul(background(ctx), d2), w.neg / ctx.n));
  },
  broadcastSums: (ctx, params, key, values) => {
    if (key !== 'gamma') return null;
    const eps = defaultClipEps(params);
    const { lp, lm, other } = ctx.logs(eps);
    const negGammas = tf.tensor3d(Float32Array.from(values, (v) => -v), [values.length, 1, 1]);
    const onPos = tf.exp(tf.mul(negGammas, other ?? lm)); // [K, H, W]
    const onNeg = other ? onPos : tf.exp(tf.mul(negGammas, lp));
    const s1 = sumSpatial(tf.mul(onPos, tf.mul(ctx.g, lp)));
    const s2 = sumSpatial(tf.mul(onNeg, tf.mul(background(ctx), lm)));
    return tf.stack([s1, s2], 1);
  },
  pixelTerms: (ctx, params) => {
    const eps = defaultClipEps(params);
    const w = focalWeights(params);
    const { lp, lm } = ctx.logs(eps);
    const { onPos, onNeg } = modulators(ctx, eps, numberParam(params, 'gamma'));
    const pos = tf.mul(tf.mul(tf.mul(ctx.g, onPos), lp), w.pos / ctx.n);
    return tf.add(pos, tf.mul(tf.mul(tf.mul(background(ctx), onNeg), lm), w.neg / ctx.n));
  },
  clipEps: defaultClipEps,
};

export const distanceBce: LossImpl = {
  deviceKeys: ['eps'],
  sums: (ctx, params) => {
    const { ce } = ctx.logs(defaultClipEps(params));
    return [sumAll(ce), sumAll(tf.mul(ctx.target.phi(), ce))];
  },
  value: ([sumCe, sumPhiCe], ctx, params) => ((sumCe as number) + numberParam(params, 'lambda') * (sumPhiCe as number)) / ctx.n,
  gradient: (ctx, params) => {
    const { dce } = ctx.logs(defaultClipEps(params));
    const weight = tf.add(tf.mul(ctx.target.phi(), numberParam(params, 'lambda')), 1);
    return tf.mul(tf.mul(weight, dce), 1 / ctx.n);
  },
  pixelTerms: (ctx, params) => {
    const { ce } = ctx.logs(defaultClipEps(params));
    return tf.mul(tf.mul(tf.add(tf.mul(ctx.target.phi(), numberParam(params, 'lambda')), 1), ce), 1 / ctx.n);
  },
  clipEps: defaultClipEps,
};
