/**
 * Host-path passes several losses share: the two cross-entropy sums, the weighted-CE gradient, affine
 * region gradients and the logit factor. Sums accumulate in float64; maps are float32 only when stored.
 */
import type { EvalContext } from '../context.ts';
import { float32Finite } from '../losses/shared.ts';
import { clip, clipBounds, hostLogs, oneMinus } from './terms.ts';

/** [Σ g ℓ⁺, Σ (1 − g) ℓ⁻], kept while the prediction and ground truth are unchanged; rows refilled where it changed. */
export function hostCeSums(ctx: EvalContext, eps: number): number[] {
  return ctx.hostMemo(`host Σce:${eps}`, () => {
    const { lp, lm } = hostLogs(ctx, eps);
    const { g, w } = ctx.target;
    const totals = ctx.pixels.rowSums(`Σce:${eps}`, 2, (rows, y0, y1) => {
      for (let y = y0; y < y1; y++) {
        let ra = 0;
        let rb = 0;
        if (lp === lm) {
          for (let i = y * w; i < (y + 1) * w; i++) {
            if (g[i] === 1) ra += lp[i] as number;
            else rb += lp[i] as number;
          }
        } else {
          for (let i = y * w; i < (y + 1) * w; i++) {
            const gi = g[i] as number;
            ra += gi * (lp[i] as number);
            rb += (1 - gi) * (lm[i] as number);
          }
        }
        rows[2 * y] = ra;
        rows[2 * y + 1] = rb;
      }
    });
    return Array.from(totals);
  });
}

/**
 * A gradient of the form ∂L/∂p_i = (1/N)[wPos g_i dℓ⁺_i + wNeg (1 − g_i) dℓ⁻_i] + c0 + cg g_i + cp p_i:
 * every weighted cross-entropy, every region loss, and combo. Maps of this form are written together,
 * several per pass (linearGradientsInto), sharing the clip and the two reciprocals.
 */
export interface LinearGradient {
  /** The clip ε of q, for the CE part and for the logit factor q(1 − q). */
  eps: number;
  wPos: number;
  wNeg: number;
  c0: number;
  cg: number;
  cp: number;
}

/** A weighted CE gradient (no affine part). */
export function ceGradient(eps: number, wPos: number, wNeg: number): LinearGradient {
  return { eps, wPos, wNeg, c0: 0, cg: 0, cp: 0 };
}

/** An affine region gradient c0 + cg g + cp p (no CE part); ε only sets the logit factor's clip. */
export function affineGradient(eps: number, c0: number, cg: number, cp: number): LinearGradient {
  return { eps, wPos: 0, wNeg: 0, c0, cg, cp };
}

/**
 * Writes each map of `items` (all with the same ε) in one pass over the pixels, as ∂L/∂p or, with
 * `logit`, times q(1 − q). Affine coefficients are clamped into float32's range as on the device
 * (a degenerate smoothing makes them overflow, and ±∞ · 0 would be NaN).
 */
export function linearGradientsInto(
  ctx: EvalContext,
  eps: number,
  items: readonly { gradient: LinearGradient; out: Float32Array }[],
  logit: boolean,
): void {
  const g = ctx.target.g;
  const p = ctx.pred;
  const n = ctx.n;
  const hasCe = items.some(({ gradient: c }) => c.wPos !== 0 || c.wNeg !== 0);
  // The slopes −g/q and (1 − g)/(1 − q) and the logit factor are per-pixel terms: kept across
  // predictions and updated where they changed, like the logs.
  const [pos, neg] = hasCe ? ceSlopes(ctx, eps) : [null, null];
  const factor = logit ? logitFactor(ctx, eps) : null;
  for (const { gradient: c, out } of items) {
    const kp = c.wPos / n;
    const kn = c.wNeg / n;
    const c0 = float32Finite(c.c0);
    const cg = float32Finite(c.cg);
    const cp = float32Finite(c.cp);
    if (!pos || !neg || (kp === 0 && kn === 0)) {
      if (!factor && cp === 0 && ctx.target.binary && c0 + cg * 0 !== 0 && c0 + cg !== 0)
        twoValueMap(ctx, out, c0 + cg * 0, c0 + cg);
      else affineMap(out, g, p, c0, cg, cp, factor, 0, n);
    } else if (c0 === 0 && cg === 0 && cp === 0) {
      // A weighted CE alone is a pure function of each pixel: kept, and refilled only where p changed.
      const { w } = ctx.target;
      out.set(
        ctx.pixels.map(`ce-map:${eps}:${kp}:${kn}:${logit}`, (map, box) => {
          for (let y = box.y0; y < box.y1; y++)
            linearMap(map, g, p, pos, neg, kp, kn, c0, cg, cp, factor, y * w + box.x0, y * w + box.x1);
        }),
      );
    } else linearMap(out, g, p, pos, neg, kp, kn, c0, cg, cp, factor, 0, n);
  }
}

// One small function per loop shape: each is optimised on its own (one large function with several hot
// loops ran ~3× slower here). Both write pixels [start, end).
function affineMap(
  out: Float32Array,
  g: Float32Array,
  p: Float32Array,
  c0: number,
  cg: number,
  cp: number,
  factor: Float64Array | null,
  start: number,
  end: number,
): void {
  if (factor)
    for (let i = start; i < end; i++)
      out[i] = (c0 + cg * (g[i] as number) + cp * (p[i] as number)) * (factor[i] as number);
  else for (let i = start; i < end; i++) out[i] = c0 + cg * (g[i] as number) + cp * (p[i] as number);
}

/**
 * c0 + cg·g for a binary g: two values, written as fills over the ground truth's foreground runs. (With
 * cp = ±0 the term cp·p only adds a zero, which leaves a non-zero sum's bits as they are.)
 */
function twoValueMap(ctx: EvalContext, out: Float32Array, onBackground: number, onForeground: number): void {
  out.fill(onBackground);
  const runs = ctx.target.foregroundRuns();
  for (let k = 0; k < runs.length; k += 2) out.fill(onForeground, runs[k], runs[k + 1]);
}

function linearMap(
  out: Float32Array,
  g: Float32Array,
  p: Float32Array,
  pos: Float64Array,
  neg: Float64Array,
  kp: number,
  kn: number,
  c0: number,
  cg: number,
  cp: number,
  factor: Float64Array | null,
  start: number,
  end: number,
): void {
  if (factor) {
    for (let i = start; i < end; i++) {
      out[i] =
        (kp * (pos[i] as number) + kn * (neg[i] as number) + c0 + cg * (g[i] as number) + cp * (p[i] as number)) *
        (factor[i] as number);
    }
  } else {
    for (let i = start; i < end; i++)
      out[i] = kp * (pos[i] as number) + kn * (neg[i] as number) + c0 + cg * (g[i] as number) + cp * (p[i] as number);
  }
}

/** [−g/q, (1 − g)/(1 − q)]: dCE/dp split by class (one division per pixel for a binary ground truth). */
function ceSlopes(ctx: EvalContext, eps: number): Float64Array[] {
  const { g, w } = ctx.target;
  const p = ctx.pred;
  const { lo, hi } = clipBounds(eps);
  return ctx.pixels.get(`ce-slopes:${eps}`, 2, ([a, b], box) => {
    const pos = a as Float64Array;
    const neg = b as Float64Array;
    for (let y = box.y0; y < box.y1; y++) {
      for (let i = y * w + box.x0; i < y * w + box.x1; i++) {
        const q = clip(p[i] as number, lo, hi);
        const gi = g[i] as number;
        pos[i] = gi === 0 ? 0 : -gi / q;
        neg[i] = gi === 1 ? 0 : (1 - gi) / oneMinus(q);
      }
    }
  });
}

/** q(1 − q), ∂p/∂z at the clipped probability. */
function logitFactor(ctx: EvalContext, eps: number): Float64Array {
  const { w } = ctx.target;
  const p = ctx.pred;
  const { lo, hi } = clipBounds(eps);
  return ctx.pixels.get(`q(1-q):${eps}`, 1, ([out], box) => {
    const o = out as Float64Array;
    for (let y = box.y0; y < box.y1; y++) {
      for (let i = y * w + box.x0; i < y * w + box.x1; i++) {
        const q = clip(p[i] as number, lo, hi);
        o[i] = q * oneMinus(q);
      }
    }
  })[0] as Float64Array;
}

/** out = one linear gradient map (∂L/∂p). */
export function linearGradientInto(ctx: EvalContext, gradient: LinearGradient, out: Float32Array): Float32Array {
  linearGradientsInto(ctx, gradient.eps, [{ gradient, out }], false);
  return out;
}

/** out += c0 + cg·g + cp·p, coefficients clamped as in linearGradientsInto. */
export function addAffineInto(ctx: EvalContext, c0: number, cg: number, cp: number, out: Float32Array): Float32Array {
  const g = ctx.target.g;
  const p = ctx.pred;
  const a = float32Finite(c0);
  const b = float32Finite(cg);
  const c = float32Finite(cp);
  for (let i = 0; i < g.length; i++) out[i] = (out[i] as number) + a + b * (g[i] as number) + c * (p[i] as number);
  return out;
}

/** ∂L/∂z = ∂L/∂p · q(1 − q) for p = σ(z), q clipped with the loss's ε. In place. */
export function toLogitSpace(ctx: EvalContext, eps: number, out: Float32Array): Float32Array {
  const factor = logitFactor(ctx, eps);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * (factor[i] as number);
  return out;
}

/** Per-pixel terms (1/N)[wPos g ℓ⁺ + wNeg (1 − g) ℓ⁻]. */
export function weightedCeTermsOnHost(ctx: EvalContext, eps: number, wPos: number, wNeg: number): Float32Array {
  const { lp, lm } = hostLogs(ctx, eps);
  const g = ctx.target.g;
  const out = new Float32Array(ctx.n);
  for (let i = 0; i < g.length; i++) {
    const gi = g[i] as number;
    out[i] = (wPos * gi * (lp[i] as number) + wNeg * (1 - gi) * (lm[i] as number)) / ctx.n;
  }
  return out;
}
