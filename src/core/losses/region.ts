/**
 * Region losses: functions of whole-image sums only (docs/losses.md §6–10). Values are float64
 * arithmetic on RegionStats; every gradient is affine in g and p, so the device does two or three ops.
 * The "1 − ratio" forms are written as (den − num)/den with den − num summed from non-negative parts,
 * so a near-perfect prediction still gets its small loss to full precision.
 */
import { tf } from '../tf.ts';
import type { ParamSet, RegionStats } from '../types.ts';
import type { LossImpl } from './types.ts';
import { defaultClipEps, numberParam, smoothing } from './types.ts';
import { affineGradient } from './shared.ts';
import { affineGradient as affineCoefficients, linearGradientInto } from '../host/shared.ts';

/** A ratio num/den with its complement 1 − num/den and the affine gradient of the ratio. */
export interface Ratio {
  value: number;
  complement: number;
  /** ∂ratio/∂p_i = c0 + cg g_i + cp p_i */
  c0: number;
  cg: number;
  cp: number;
}

/** (2 TP + s_nr)/(P + G + s_dr), or with the V-Net denominator Σp² + Σg² + s_dr. 0/0 counts as 1. */
export function diceRatio(s: RegionStats, params: ParamSet, squared = params['squared'] === true): Ratio {
  const { nr, dr } = smoothing(params);
  const num = 2 * s.tp + nr;
  const den = (squared ? s.sumP2 + s.sumG2 : s.sumP + s.sumG) + dr;
  if (den === 0) return { value: 1, complement: 0, c0: 0, cg: 0, cp: 0 };
  const gap = (squared ? s.sqErr : s.fp + s.fn) + dr - nr;
  // (num/den)/den rather than num/den²: den² underflows for a tiny denominator.
  const ratio = num / den;
  return squared
    ? { value: ratio, complement: gap / den, c0: 0, cg: 2 / den, cp: (-2 * ratio) / den }
    : { value: ratio, complement: gap / den, c0: -ratio / den, cg: 2 / den, cp: 0 };
}

/** Tversky index (TP + s_nr)/(TP + w_fp FP + w_fn FN + s_dr). 0/0 counts as 1. */
export function tverskyRatio(s: RegionStats, params: ParamSet): Ratio {
  const { nr, dr } = smoothing(params);
  const a = numberParam(params, 'fp_weight');
  const b = numberParam(params, 'fn_weight');
  const num = s.tp + nr;
  const den = s.tp + a * s.fp + b * s.fn + dr;
  if (den === 0) return { value: 1, complement: 0, c0: 0, cg: 0, cp: 0 };
  const ratio = num / den;
  // ∂den/∂p_i = a + g_i (1 − a − b), ∂num/∂p_i = g_i
  return {
    value: ratio,
    complement: (a * s.fp + b * s.fn + dr - nr) / den,
    c0: (-ratio * a) / den,
    cg: (1 - ratio * (1 - a - b)) / den,
    cp: 0,
  };
}

/** ln cosh x without overflow or cancellation. */
export function logCosh(x: number): number {
  const a = Math.abs(x);
  return a < 1e-4 ? (a * a) / 2 - (a * a * a * a) / 12 : a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/**
 * d/dTI of max(1 − TI, 0)^(1/γ), with 1 − TI floored at 1e-6 (the slope is infinite at TI = 1); 0 where
 * TI > 1 (only smooth_nr > smooth_dr gets there), since the value is flat at 0 there.
 */
export function focalTverskySlope(complement: number, gamma: number): number {
  if (complement < 0) return 0;
  return -(1 / gamma) * Math.pow(Math.max(complement, 1e-6), 1 / gamma - 1);
}

function regionLoss(
  value: (s: RegionStats, params: ParamSet) => number,
  gradientCoefficients: (s: RegionStats, params: ParamSet) => { c0: number; cg: number; cp: number },
): LossImpl {
  return {
    deviceKeys: [],
    sums: () => [],
    value: (_sums, ctx, params) => value(ctx.stats, params),
    gradient: (ctx, params) => {
      const c = gradientCoefficients(ctx.stats, params);
      return affineGradient(ctx, c.c0, c.cg, c.cp);
    },
    clipEps: defaultClipEps,
    host: {
      sums: () => [],
      linearGradient: (ctx, params) => {
        const c = gradientCoefficients(ctx.stats, params);
        return affineCoefficients(defaultClipEps(params), c.c0, c.cg, c.cp);
      },
      gradient: (ctx, params, out) => {
        const c = gradientCoefficients(ctx.stats, params);
        return linearGradientInto(ctx, affineCoefficients(defaultClipEps(params), c.c0, c.cg, c.cp), out);
      },
    },
  };
}

const negate = (r: Ratio, k = 1) => ({ c0: -k * r.c0, cg: -k * r.cg, cp: -k * r.cp });

export const diceValue = (s: RegionStats, params: ParamSet): number => diceRatio(s, params).complement;
export const dice = regionLoss(diceValue, (s, params) => negate(diceRatio(s, params)));

export const tverskyValue = (s: RegionStats, params: ParamSet): number => tverskyRatio(s, params).complement;
export const tversky = regionLoss(tverskyValue, (s, params) => negate(tverskyRatio(s, params)));

export const focalTverskyValue = (s: RegionStats, params: ParamSet): number =>
  Math.pow(Math.max(tverskyRatio(s, params).complement, 0), 1 / numberParam(params, 'gamma'));
export const focalTversky = regionLoss(focalTverskyValue, (s, params) => {
  const r = tverskyRatio(s, params);
  const slope = focalTverskySlope(r.complement, numberParam(params, 'gamma'));
  return { c0: slope * r.c0, cg: slope * r.cg, cp: slope * r.cp };
});

export const logCoshDiceValue = (s: RegionStats, params: ParamSet): number =>
  logCosh(diceRatio(s, params, false).complement);
export const logCoshDice = regionLoss(logCoshDiceValue, (s, params) => {
  const r = diceRatio(s, params, false);
  return negate(r, Math.tanh(r.complement));
});

export function sensSpecValue(s: RegionStats, params: ParamSet): number {
  const r = numberParam(params, 'r');
  const eps = numberParam(params, 'eps');
  return (r * s.sqErrPos) / (s.sumG + eps) + ((1 - r) * s.sqErrNeg) / (s.n - s.sumG + eps);
}

export const sensSpec: LossImpl = {
  deviceKeys: [],
  sums: () => [],
  value: (_sums, ctx, params) => sensSpecValue(ctx.stats, params),
  gradient: (ctx, params) => {
    const r = numberParam(params, 'r');
    const eps = numberParam(params, 'eps');
    const s = ctx.stats;
    const onNeg = (2 * (1 - r)) / (s.n - s.sumG + eps);
    const onPos = (2 * r) / (s.sumG + eps);
    // ∂/∂p_i = 2 (p_i − g_i) [r g_i/(G + ε) + (1 − r)(1 − g_i)/(N − G + ε)]
    return tf.mul(tf.sub(ctx.p, ctx.g), tf.add(tf.mul(ctx.g, onPos - onNeg), onNeg));
  },
  pixelTerms: (ctx, params) => {
    const r = numberParam(params, 'r');
    const eps = numberParam(params, 'eps');
    const s = ctx.stats;
    const onNeg = (1 - r) / (s.n - s.sumG + eps);
    const onPos = r / (s.sumG + eps);
    return tf.mul(tf.square(tf.sub(ctx.p, ctx.g)), tf.add(tf.mul(ctx.g, onPos - onNeg), onNeg));
  },
  // Not a log loss: its ε is a denominator constant, so the logit factor uses the default clip.
  clipEps: () => 1e-7,
  host: {
    sums: () => [],
    gradient: (ctx, params, out) => {
      // The weights depend on the ground truth only: a pure function of each pixel, kept and
      // refilled where the prediction changed.
      const { onPos, onNeg } = sensSpecWeights(ctx.stats, params, 2);
      const { g, w } = ctx.target;
      const p = ctx.pred;
      out.set(
        ctx.pixels.map(`sens-spec-map:${onPos}:${onNeg}`, (map, box) => {
          for (let y = box.y0; y < box.y1; y++) {
            for (let i = y * w + box.x0; i < y * w + box.x1; i++) {
              const gi = g[i] as number;
              map[i] = ((p[i] as number) - gi) * (gi * (onPos - onNeg) + onNeg);
            }
          }
        }),
      );
      return out;
    },
    pixelTerms: (ctx, params) => {
      const { onPos, onNeg } = sensSpecWeights(ctx.stats, params, 1);
      const g = ctx.target.g;
      const p = ctx.pred;
      const out = new Float32Array(ctx.n);
      for (let i = 0; i < g.length; i++) {
        const gi = g[i] as number;
        const d = (p[i] as number) - gi;
        out[i] = d * d * (gi * (onPos - onNeg) + onNeg);
      }
      return out;
    },
  },
};

/** k r/(G + ε) on foreground and k (1 − r)/(N − G + ε) on background pixels. */
export function sensSpecWeights(s: RegionStats, params: ParamSet, k: number): { onPos: number; onNeg: number } {
  const r = numberParam(params, 'r');
  const eps = numberParam(params, 'eps');
  return { onPos: (k * r) / (s.sumG + eps), onNeg: (k * (1 - r)) / (s.n - s.sumG + eps) };
}
