/** Distribution-based losses: means over pixels of a (weighted) cross-entropy term. docs/losses.md §1–5. */
import { tf } from '../tf.ts';
import type { Tensor } from '../tf.ts';
import type { HostLossImpl, LossImpl } from './types.ts';
import type { ParamSet } from '../types.ts';
import type { EvalContext } from '../context.ts';
import { defaultClipEps, numberParam, optionalNumber } from './types.ts';
import { background, ceSums, sumAll, sumSpatial, weightedCeGradient, weightedCeTerms } from './shared.ts';
import { ceGradient, hostCeSums, linearGradientInto, weightedCeTermsOnHost } from '../host/shared.ts';
import { clip, clipBounds, focalModulators, hostLogs, oneMinus, otherLogs } from '../host/terms.ts';
import { expWeightedSums } from '../host/sweep.ts';

/** The host side of a weighted cross-entropy with weights (wPos, wNeg) from the parameters. */
function weightedCeOnHost(weights: (ctx: EvalContext, params: ParamSet) => [number, number]): HostLossImpl {
  return {
    sums: (ctx, params) => hostCeSums(ctx, defaultClipEps(params)),
    linearGradient: (ctx, params) => ceGradient(defaultClipEps(params), ...weights(ctx, params)),
    gradient: (ctx, params, out) =>
      linearGradientInto(ctx, ceGradient(defaultClipEps(params), ...weights(ctx, params)), out),
    pixelTerms: (ctx, params) => weightedCeTermsOnHost(ctx, defaultClipEps(params), ...weights(ctx, params)),
  };
}

export const bce: LossImpl = {
  deviceKeys: ['eps'],
  sums: (ctx, params) => ceSums(ctx, defaultClipEps(params)),
  value: ([a, b], ctx) => ((a as number) + (b as number)) / ctx.n,
  gradient: (ctx, params) => weightedCeGradient(ctx, defaultClipEps(params), 1, 1),
  pixelTerms: (ctx, params) => weightedCeTerms(ctx, defaultClipEps(params), 1, 1),
  clipEps: defaultClipEps,
  host: weightedCeOnHost(() => [1, 1]),
};

export const weightedBce: LossImpl = {
  deviceKeys: ['eps'],
  sums: (ctx, params) => ceSums(ctx, defaultClipEps(params)),
  value: ([a, b], ctx, params) => (numberParam(params, 'beta') * (a as number) + (b as number)) / ctx.n,
  gradient: (ctx, params) => weightedCeGradient(ctx, defaultClipEps(params), numberParam(params, 'beta'), 1),
  pixelTerms: (ctx, params) => weightedCeTerms(ctx, defaultClipEps(params), numberParam(params, 'beta'), 1),
  clipEps: defaultClipEps,
  host: weightedCeOnHost((_ctx, params) => [numberParam(params, 'beta'), 1]),
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
  host: weightedCeOnHost((ctx, params) => {
    const beta = balanceBeta(optionalNumber(params, 'beta'), ctx.target.sumG, ctx.n);
    return [beta, 1 - beta];
  }),
};

export function focalWeights(params: Record<string, unknown>): { pos: number; neg: number } {
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
    const negGammas = tf.tensor3d(
      Float32Array.from(values, (v) => -v),
      [values.length, 1, 1],
    );
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
  host: {
    sums: (ctx, params) => {
      const eps = defaultClipEps(params);
      const gamma = numberParam(params, 'gamma');
      return ctx.hostMemo(`host focal Σ:${eps}:${gamma}`, () => {
        const { lp, lm } = hostLogs(ctx, eps);
        const { onPos, onNeg } = focalModulators(ctx, eps, gamma);
        const { g, w, binary } = ctx.target;
        return Array.from(
          ctx.pixels.rowSums(`focal Σ:${eps}:${gamma}`, 2, (rows, y0, y1) => {
            for (let y = y0; y < y1; y++) {
              let s1 = 0;
              let s2 = 0;
              if (binary) {
                for (let i = y * w; i < (y + 1) * w; i++) {
                  const t = (onPos[i] as number) * (lp[i] as number);
                  if (g[i] === 1) s1 += t;
                  else s2 += t;
                }
              } else {
                for (let i = y * w; i < (y + 1) * w; i++) {
                  const gi = g[i] as number;
                  s1 += gi * (onPos[i] as number) * (lp[i] as number);
                  s2 += (1 - gi) * (onNeg[i] as number) * (lm[i] as number);
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
      const gamma = numberParam(params, 'gamma');
      const w = focalWeights(params);
      const { lp, lm } = hostLogs(ctx, eps);
      const { onPos, onNeg } = focalModulators(ctx, eps, gamma);
      const { lo, hi } = clipBounds(eps);
      const { g, w: width } = ctx.target;
      const p = ctx.pred;
      const kPos = w.pos / ctx.n;
      const kNeg = w.neg / ctx.n;
      // A pure function of each pixel: kept, and refilled only where the prediction changed.
      out.set(
        ctx.pixels.map(`focal-map:${eps}:${gamma}:${kPos}:${kNeg}`, (map, box) => {
          for (let y = box.y0; y < box.y1; y++) {
            for (let i = y * width + box.x0; i < y * width + box.x1; i++) {
              const q = clip(p[i] as number, lo, hi);
              const dlp = -1 / q;
              const dlm = 1 / oneMinus(q);
              const gi = g[i] as number;
              // d/dp[(1−q)^γ ℓ⁺] = (1−q)^γ (dℓ⁺ − γ ℓ⁺ dℓ⁻);  d/dp[q^γ ℓ⁻] = q^γ (dℓ⁻ − γ ℓ⁻ dℓ⁺)
              const d1 = gi === 0 ? 0 : gi * kPos * (onPos[i] as number) * (dlp - gamma * (lp[i] as number) * dlm);
              const d2 =
                gi === 1 ? 0 : (1 - gi) * kNeg * (onNeg[i] as number) * (dlm - gamma * (lm[i] as number) * dlp);
              map[i] = d1 + d2;
            }
          }
        }),
      );
      return out;
    },
    sweepSums: (ctx, params, key, values) => {
      if (key !== 'gamma') return null;
      const eps = defaultClipEps(params);
      const { lp, lm } = hostLogs(ctx, eps);
      const g = ctx.target.g;
      const n = ctx.n;
      const wPos = new Float64Array(n);
      const wNeg = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const gi = g[i] as number;
        wPos[i] = gi * (lp[i] as number);
        wNeg[i] = (1 - gi) * (lm[i] as number);
      }
      // Modulator (1 − q)^γ = exp(γ ln(1 − q)) on the foreground term, q^γ = exp(γ ln q) on the background one.
      if (ctx.target.binary) {
        const a = otherLogs(ctx, eps);
        // exp(Δ ln(1 − q_t)) = (1 − q_t)^Δ, kept with the other per-pixel terms: a dab pays for its box only.
        const ratio = (step: number) =>
          ctx.pixels.get(`focal-ratio:${eps}:${step}`, 1, ([out], box) => {
            const o = out as Float64Array;
            for (let y = box.y0; y < box.y1; y++) {
              for (let i = y * ctx.target.w + box.x0; i < y * ctx.target.w + box.x1; i++)
                o[i] = Math.exp(step * (a[i] as number));
            }
          })[0] as Float64Array;
        const [s1, s2] = expWeightedSums(values, [
          { a, w: wPos, ratio },
          { a, w: wNeg, ratio },
        ]) as [Float64Array, Float64Array];
        return values.map((_, k) => [s1[k] as number, s2[k] as number]);
      }
      const aPos = Float64Array.from(lm, (x) => -x);
      const aNeg = Float64Array.from(lp, (x) => -x);
      const [s1, s2] = expWeightedSums(values, [
        { a: aPos, w: wPos },
        { a: aNeg, w: wNeg },
      ]) as [Float64Array, Float64Array];
      return values.map((_, k) => [s1[k] as number, s2[k] as number]);
    },
    pixelTerms: (ctx, params) => {
      const eps = defaultClipEps(params);
      const w = focalWeights(params);
      const { lp, lm } = hostLogs(ctx, eps);
      const { onPos, onNeg } = focalModulators(ctx, eps, numberParam(params, 'gamma'));
      const g = ctx.target.g;
      const out = new Float32Array(ctx.n);
      for (let i = 0; i < g.length; i++) {
        const gi = g[i] as number;
        out[i] =
          (w.pos * gi * (onPos[i] as number) * (lp[i] as number) +
            w.neg * (1 - gi) * (onNeg[i] as number) * (lm[i] as number)) /
          ctx.n;
      }
      return out;
    },
  },
};

export const distanceBce: LossImpl = {
  deviceKeys: ['eps'],
  sums: (ctx, params) => {
    const { ce } = ctx.logs(defaultClipEps(params));
    return [sumAll(ce), sumAll(tf.mul(ctx.target.phi(), ce))];
  },
  value: ([sumCe, sumPhiCe], ctx, params) =>
    ((sumCe as number) + numberParam(params, 'lambda') * (sumPhiCe as number)) / ctx.n,
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
  host: {
    sums: (ctx, params) => {
      const eps = defaultClipEps(params);
      return ctx.hostMemo(`host Σφce:${eps}`, () => {
        const { lp, lm } = hostLogs(ctx, eps);
        const phi = ctx.target.phiOnHost();
        const { g, w } = ctx.target;
        return Array.from(
          ctx.pixels.rowSums(`Σφce:${eps}`, 2, (rows, y0, y1) => {
            for (let y = y0; y < y1; y++) {
              let sumCe = 0;
              let sumPhiCe = 0;
              for (let i = y * w; i < (y + 1) * w; i++) {
                const gi = g[i] as number;
                const ce = lp === lm ? (lp[i] as number) : gi * (lp[i] as number) + (1 - gi) * (lm[i] as number);
                sumCe += ce;
                sumPhiCe += (phi[i] as number) * ce;
              }
              rows[2 * y] = sumCe;
              rows[2 * y + 1] = sumPhiCe;
            }
          }),
        );
      });
    },
    gradient: (ctx, params, out) => {
      const eps = defaultClipEps(params);
      const { lo, hi } = clipBounds(eps);
      const lambda = numberParam(params, 'lambda');
      const phi = ctx.target.phiOnHost();
      const { g, w } = ctx.target;
      const p = ctx.pred;
      const n = ctx.n;
      // A pure function of each pixel (Φ is the ground truth's): kept, refilled where p changed.
      out.set(
        ctx.pixels.map(`distance-bce-map:${eps}:${lambda}`, (map, box) => {
          for (let y = box.y0; y < box.y1; y++) {
            for (let i = y * w + box.x0; i < y * w + box.x1; i++) {
              const q = clip(p[i] as number, lo, hi);
              const gi = g[i] as number;
              map[i] = ((1 + lambda * (phi[i] as number)) * (-gi / q + (1 - gi) / oneMinus(q))) / n;
            }
          }
        }),
      );
      return out;
    },
    pixelTerms: (ctx, params) => {
      const { lp, lm } = hostLogs(ctx, defaultClipEps(params));
      const lambda = numberParam(params, 'lambda');
      const phi = ctx.target.phiOnHost();
      const g = ctx.target.g;
      const out = new Float32Array(ctx.n);
      for (let i = 0; i < g.length; i++) {
        const gi = g[i] as number;
        out[i] = ((1 + lambda * (phi[i] as number)) * (gi * (lp[i] as number) + (1 - gi) * (lm[i] as number))) / ctx.n;
      }
      return out;
    },
  },
};
