/** Compound losses: combo, exponential-logarithmic, structural similarity (docs/losses.md §13–15). */
import { tf } from '../tf.ts';
import type { Tensor } from '../tf.ts';
import type { EvalContext } from '../context.ts';
import type { ParamSet, RegionStats } from '../types.ts';
import type { LossImpl } from './types.ts';
import { defaultClipEps, numberParam } from './types.ts';
import { affineGradient, background, ceSums, perClass, sumAll, sumSpatial, weightedCeGradient } from './shared.ts';
import { diceRatio } from './region.ts';
import { addAffineInto, hostCeSums, linearGradientInto } from '../host/shared.ts';
import type { LinearGradient } from '../host/shared.ts';
import { clip, clipBounds, crossPowers as crossPowersOnHost, hostLogs, logOfLogs, oneMinus } from '../host/terms.ts';
import { expWeightedSums } from '../host/sweep.ts';

/** α times the weighted CE's gradient, minus (1 − α) times the Dice coefficient's. */
function comboGradient(ctx: EvalContext, params: ParamSet): LinearGradient {
  const alpha = numberParam(params, 'alpha');
  const beta = numberParam(params, 'beta');
  const d = diceRatio(ctx.stats, params, false);
  return {
    eps: defaultClipEps(params),
    wPos: alpha * beta,
    wNeg: alpha * (1 - beta),
    c0: -(1 - alpha) * d.c0,
    cg: -(1 - alpha) * d.cg,
    cp: 0,
  };
}

export const combo: LossImpl = {
  deviceKeys: ['eps'],
  sums: (ctx, params) => ceSums(ctx, defaultClipEps(params)),
  value: ([a, b], ctx, params) => {
    const alpha = numberParam(params, 'alpha');
    const beta = numberParam(params, 'beta');
    const ce = (beta * (a as number) + (1 - beta) * (b as number)) / ctx.n;
    return alpha * ce - (1 - alpha) * diceRatio(ctx.stats, params, false).value;
  },
  gradient: (ctx, params) => {
    const alpha = numberParam(params, 'alpha');
    const beta = numberParam(params, 'beta');
    const d = diceRatio(ctx.stats, params, false);
    const ce = weightedCeGradient(ctx, defaultClipEps(params), alpha * beta, alpha * (1 - beta));
    return tf.add(ce, affineGradient(ctx, -(1 - alpha) * d.c0, -(1 - alpha) * d.cg));
  },
  clipEps: defaultClipEps,
  host: {
    sums: (ctx, params) => hostCeSums(ctx, defaultClipEps(params)),
    linearGradient: (ctx, params) => comboGradient(ctx, params),
    gradient: (ctx, params, out) => linearGradientInto(ctx, comboGradient(ctx, params), out),
  },
};

/** The same sums with foreground and background swapped: the background class's Dice. */
export function backgroundStats(s: RegionStats): RegionStats {
  return {
    ...s,
    tp: s.tn,
    tn: s.tp,
    fp: s.fn,
    fn: s.fp,
    sumP: s.n - s.sumP,
    sumG: s.n - s.sumG,
  };
}

const SLOPE_FLOOR = 1e-6;

/** Class weights (N/f_l)^½ of Wong et al.; an absent class gets 0. */
export function expLogClassWeights(n: number, sumG: number): { fg: number; bg: number } {
  return { fg: sumG > 0 ? Math.sqrt(n / sumG) : 0, bg: n - sumG > 0 ? Math.sqrt(n / (n - sumG)) : 0 };
}

/** ½ Σ_l (−ln D_l)^γ and its affine gradient coefficients. */
export function expLogDiceTerm(s: RegionStats, params: ParamSet): { value: number; c0: number; cg: number } {
  const gamma = numberParam(params, 'gamma_dice');
  const fg = diceRatio(s, params, false);
  const bg = diceRatio(backgroundStats(s), params, false);
  // −ln D via log1p of the exact complement near D = 1, and via D itself near D = 0.
  const nl = (r: typeof fg) => (r.complement < 0.5 ? -Math.log1p(-r.complement) : -Math.log(r.value));
  const slope = (r: typeof fg) => (-gamma * Math.pow(Math.max(nl(r), SLOPE_FLOOR), gamma - 1)) / r.value;
  const kf = slope(fg);
  const kb = slope(bg);
  // ∂D₀/∂p_i = −(c0 + cg (1 − g_i)) = −(c0 + cg) + cg g_i  (p₀ = 1 − p, g₀ = 1 − g)
  return {
    value: 0.5 * (Math.pow(Math.max(nl(fg), 0), gamma) + Math.pow(Math.max(nl(bg), 0), gamma)),
    c0: 0.5 * (kf * fg.c0 - kb * (bg.c0 + bg.cg)),
    cg: 0.5 * (kf * fg.cg + kb * bg.cg),
  };
}

/** [ℓ⁺^γ, ℓ⁻^γ] as exp(γ ln ℓ), shared by the sums and the gradient. */
function crossPowers(ctx: EvalContext, eps: number, gamma: number): { pos: Tensor; neg: Tensor } {
  return perClass(ctx, `l^${gamma}`, eps, (ell) => tf.exp(tf.mul(tf.log(ell), gamma)));
}

export const expLog: LossImpl = {
  deviceKeys: ['gamma_cross', 'eps'],
  sums: (ctx, params) => {
    const { pos, neg } = crossPowers(ctx, defaultClipEps(params), numberParam(params, 'gamma_cross'));
    return [sumAll(tf.mul(ctx.g, pos)), sumAll(tf.mul(background(ctx), neg))];
  },
  value: ([s1, s2], ctx, params) => {
    const wDice = numberParam(params, 'w_dice');
    const w = expLogClassWeights(ctx.n, ctx.target.sumG);
    const cross = (w.fg * (s1 as number) + w.bg * (s2 as number)) / ctx.n;
    // A term with weight 0 is absent, even where it is infinite (D = 0 needs smooth_nr = 0).
    const dice = wDice === 0 ? 0 : wDice * expLogDiceTerm(ctx.stats, params).value;
    return dice + (wDice === 1 ? 0 : (1 - wDice) * cross);
  },
  gradient: (ctx, params) => {
    const eps = defaultClipEps(params);
    const wDice = numberParam(params, 'w_dice');
    const gamma = numberParam(params, 'gamma_cross');
    const w = expLogClassWeights(ctx.n, ctx.target.sumG);
    const { dlp, dlm } = ctx.logs(eps);
    const powers = crossPowers(ctx, eps, gamma);
    // γ m^(γ−1) = γ m^γ / m with m = max(ℓ, 1e-6): the powers are already there, so no second exp.
    const floorPower = Math.pow(SLOPE_FLOOR, gamma);
    const slopeOf = (ell: Tensor, power: Tensor) =>
      tf.mul(
        tf.div(
          tf.where(tf.greaterEqual(ell, SLOPE_FLOOR), power, tf.fill(ell.shape, floorPower)),
          tf.maximum(ell, SLOPE_FLOOR),
        ),
        gamma,
      );
    const { lp, lm } = ctx.logs(eps);
    const sp = slopeOf(lp, powers.pos);
    const sn = lm === lp ? sp : slopeOf(lm, powers.neg);
    const k = (1 - wDice) / ctx.n;
    const cross = tf.add(
      tf.mul(tf.mul(tf.mul(ctx.g, sp), dlp), k * w.fg),
      tf.mul(tf.mul(tf.mul(background(ctx), sn), dlm), k * w.bg),
    );
    const d = expLogDiceTerm(ctx.stats, params);
    return tf.add(cross, affineGradient(ctx, wDice * d.c0, wDice * d.cg));
  },
  broadcastSums: (ctx, params, key, values) => {
    if (key !== 'gamma_cross') return null;
    const { pos: lnPos, neg: lnNeg } = perClass(ctx, 'ln-l', defaultClipEps(params), (ell) => tf.log(ell));
    const gammas = tf.tensor3d(Float32Array.from(values), [values.length, 1, 1]);
    const posPowers = tf.exp(tf.mul(gammas, lnPos)); // [K, H, W]
    const negPowers = lnNeg === lnPos ? posPowers : tf.exp(tf.mul(gammas, lnNeg));
    const s1 = sumSpatial(tf.mul(posPowers, ctx.g));
    const s2 = sumSpatial(tf.mul(negPowers, background(ctx)));
    return tf.stack([s1, s2], 1);
  },
  clipEps: defaultClipEps,
  host: {
    sums: (ctx, params) => {
      const eps = defaultClipEps(params);
      const gamma = numberParam(params, 'gamma_cross');
      return ctx.hostMemo(`host exp-log Σ:${eps}:${gamma}`, () => {
        const { pos, neg } = crossPowersOnHost(ctx, eps, gamma);
        const { g, w } = ctx.target;
        return Array.from(
          ctx.pixels.rowSums(`exp-log Σ:${eps}:${gamma}`, 2, (rows, y0, y1) => {
            for (let y = y0; y < y1; y++) {
              let s1 = 0;
              let s2 = 0;
              if (pos === neg) {
                for (let i = y * w; i < (y + 1) * w; i++) {
                  if (g[i] === 1) s1 += pos[i] as number;
                  else s2 += pos[i] as number;
                }
              } else {
                for (let i = y * w; i < (y + 1) * w; i++) {
                  const gi = g[i] as number;
                  s1 += gi * (pos[i] as number);
                  s2 += (1 - gi) * (neg[i] as number);
                }
              }
              rows[2 * y] = s1;
              rows[2 * y + 1] = s2;
            }
          }),
        );
      });
    },
    gradient: (ctx, params, out) => {
      const eps = defaultClipEps(params);
      const wDice = numberParam(params, 'w_dice');
      const gamma = numberParam(params, 'gamma_cross');
      const w = expLogClassWeights(ctx.n, ctx.target.sumG);
      const { lp, lm } = hostLogs(ctx, eps);
      const powers = crossPowersOnHost(ctx, eps, gamma);
      const { lo, hi } = clipBounds(eps);
      // γ m^(γ−1) = γ m^γ / m with m = max(ℓ, 1e-6), as on the device.
      const floorPower = Math.pow(SLOPE_FLOOR, gamma);
      const k = (1 - wDice) / ctx.n;
      const kPos = k * w.fg;
      const kNeg = k * w.bg;
      const { g, w: width } = ctx.target;
      const p = ctx.pred;
      // The cross term's map is a pure function of each pixel (its class weights are the ground truth's):
      // kept, and refilled where the prediction changed; the Dice term's affine map is added after.
      out.set(
        ctx.pixels.map(`exp-log-cross-map:${eps}:${gamma}:${kPos}:${kNeg}`, (map, box) => {
          for (let y = box.y0; y < box.y1; y++) {
            for (let i = y * width + box.x0; i < y * width + box.x1; i++) {
              const q = clip(p[i] as number, lo, hi);
              const gi = g[i] as number;
              let v = 0;
              if (gi !== 0) {
                const ell = lp[i] as number;
                const slope =
                  (gamma * (ell >= SLOPE_FLOOR ? (powers.pos[i] as number) : floorPower)) / Math.max(ell, SLOPE_FLOOR);
                v += gi * slope * (-1 / q) * kPos;
              }
              if (gi !== 1) {
                const ell = lm[i] as number;
                const slope =
                  (gamma * (ell >= SLOPE_FLOOR ? (powers.neg[i] as number) : floorPower)) / Math.max(ell, SLOPE_FLOOR);
                v += (1 - gi) * slope * (1 / oneMinus(q)) * kNeg;
              }
              map[i] = v;
            }
          }
        }),
      );
      const d = expLogDiceTerm(ctx.stats, params);
      return addAffineInto(ctx, wDice * d.c0, wDice * d.cg, 0, out);
    },
    sweepSums: (ctx, params, key, values) => {
      if (key !== 'gamma_cross') return null;
      const { pos, neg } = logOfLogs(ctx, defaultClipEps(params));
      const g = ctx.target.g;
      const wPos = Float64Array.from(g);
      const wNeg = Float64Array.from(g, (x) => 1 - x);
      const [s1, s2] = expWeightedSums(values, [
        { a: pos, w: wPos },
        { a: neg, w: wNeg },
      ]) as [Float64Array, Float64Array];
      return values.map((_, k) => [s1[k] as number, s2[k] as number]);
    },
  },
};
