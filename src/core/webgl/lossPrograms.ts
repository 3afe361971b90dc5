/**
 * Each loss's per-pixel work as GLSL blocks for the program path: the summands of the sums its
 * `LossImpl.sums` reads back (same order), and its gradient map. Blocks see `g`, `p` (the pixel's
 * values), `r`, `c` (its row and column) and the prelude's ellPos / ellNeg; a sum's block assigns `t`, a
 * map's block assigns `v`. Parameter values and the region losses' global scalars (float64 on the host,
 * from the same functions the host path uses) go in through uniform slots; the code depends on the loss
 * only. Formulas are the device path's (losses/*.ts), term for term, except where a comment says why.
 */
import type { Tensor } from '../tf.ts';
import { tf } from '../tf.ts';
import type { EvalContext } from '../context.ts';
import type { LossId, ParamSet } from '../types.ts';
import { IMPLEMENTATIONS } from '../losses/index.ts';
import { defaultClipEps, numberParam } from '../losses/types.ts';
import { float32Finite } from '../losses/shared.ts';
import { focalWeights } from '../losses/distribution.ts';
import { sensSpecWeights } from '../losses/region.ts';
import { expLogClassWeights, expLogDiceTerm } from '../losses/compound.ts';
import { clipBounds } from '../host/terms.ts';
import type { Uniforms } from './glsl.ts';

/** Makes a [H, W] tensor an input of the program under `name`; returns the GLSL call that reads the pixel. */
export type BindInput = (name: string, tensor: () => Tensor) => string;

export interface LossProgram {
  /** One block per read-back sum, each assigning the pixel's summand to `t`. */
  sums(ctx: EvalContext, params: ParamSet, u: Uniforms, input: BindInput): string[];
  /** One block assigning ∂L/∂p at the pixel to `v`. */
  map(ctx: EvalContext, params: ParamSet, u: Uniforms, input: BindInput): string;
}

/** Declares q = clip(p, ε, 1 − ε) with the float32 bounds every backend uses. */
function clipQ(u: Uniforms, eps: number): string {
  const { lo, hi } = clipBounds(eps);
  return `float q = clamp(p, ${u.slot(lo)}, ${u.slot(hi)});`;
}

/** [Σ g ℓ⁺, Σ (1 − g) ℓ⁻] (losses/shared.ts ceSums). */
function ceSums(u: Uniforms, eps: number): string[] {
  return [`${clipQ(u, eps)} t = g * ellPos(q);`, `${clipQ(u, eps)} t = (1.0 - g) * ellNeg(q);`];
}

const SUMS_NONE = (): string[] => [];

/**
 * c0 + cg g as (1 − g) a + g b with a = c0 and b = c0 + cg summed on the host in float64: exact on both
 * classes of a binary ground truth where float32 c0 + cg g would cancel (sensitivity–specificity on an
 * all-foreground image: 1 − 10⁵ + 10⁵). Coefficients clamped into float32's range as on the device.
 */
function affineInG(u: Uniforms, c0: number, cg: number): string {
  const a = float32Finite(c0);
  return `((1.0 - g) * ${u.slot(a)} + g * ${u.slot(a + float32Finite(cg))})`;
}

/**
 * A map of the host path's LinearGradient form (host/shared.ts): weighted CE slopes plus c0 + cg g + cp p,
 * with the coefficients computed on the host in float64, clamped into float32's range as on the device.
 */
function linearMap(id: LossId, withCe: boolean) {
  return (ctx: EvalContext, params: ParamSet, u: Uniforms): string => {
    const c = IMPLEMENTATIONS[id].host.linearGradient?.(ctx, params);
    if (!c) throw new Error(`internal: ${id} has no linear gradient`);
    const affine = `${affineInG(u, c.c0, c.cg)} + ${u.slot(float32Finite(c.cp))} * p`;
    if (!withCe) return `v = ${affine};`;
    const kp = u.slot(c.wPos / ctx.n);
    const kn = u.slot(c.wNeg / ctx.n);
    return `${clipQ(u, c.eps)} v = ${kp} * (-g / q) + ${kn} * ((1.0 - g) / (1.0 - q)) + ${affine};`;
  };
}

/** A loss whose sums are the two CE sums and whose map is linear (the weighted CEs, shape-aware, combo). */
function ceLoss(id: LossId): LossProgram {
  return { sums: (_ctx, params, u) => ceSums(u, defaultClipEps(params)), map: linearMap(id, true) };
}

/** A region loss: no pixel sums, an affine map. */
function regionLoss(id: LossId): LossProgram {
  return { sums: SUMS_NONE, map: linearMap(id, false) };
}

/**
 * Declares dp and dg, the Hausdorff loss's d^α, from the squared fields (integers, exact in float32) as
 * (d²)^(α/2) in the shader: one texture per field whatever α, so a drag of α neither uploads nor caches a
 * field per value. At α = 2 (the default) the power is the squared field itself, as on the host.
 */
function fieldPowers(ctx: EvalContext, params: ParamSet, u: Uniforms, input: BindInput): string {
  const threshold = numberParam(params, 'threshold');
  const { h, w } = ctx.target;
  const dpSq = input('dpSquared', () =>
    ctx.memo(`dp^2@${threshold}`, () => tf.tensor2d(ctx.side(threshold).fieldPower(2), [h, w])),
  );
  const dgSq = input('dgSquared', () => ctx.target.fieldPower(2));
  const halfAlpha = u.slot(numberParam(params, 'alpha') / 2);
  return `float dp2 = ${dpSq}; float dg2 = ${dgSq};
    float dp = ${halfAlpha} == 1.0 || dp2 == 0.0 ? dp2 : pow(dp2, ${halfAlpha});
    float dg = ${halfAlpha} == 1.0 || dg2 == 0.0 ? dg2 : pow(dg2, ${halfAlpha});`;
}

const focal: LossProgram = {
  sums: (_ctx, params, u) => {
    const eps = defaultClipEps(params);
    const gamma = numberParam(params, 'gamma');
    // (1 − q)^γ = exp(−γ ℓ⁻) on the foreground term, q^γ = exp(−γ ℓ⁺) on the background one.
    return [
      `${clipQ(u, eps)} t = g * exp(-${u.slot(gamma)} * ellNeg(q)) * ellPos(q);`,
      `${clipQ(u, eps)} t = (1.0 - g) * exp(-${u.slot(gamma)} * ellPos(q)) * ellNeg(q);`,
    ];
  },
  map: (ctx, params, u) => {
    const w = focalWeights(params);
    const gamma = u.slot(numberParam(params, 'gamma'));
    return `${clipQ(u, defaultClipEps(params))}
      float lp = ellPos(q); float lm = ellNeg(q);
      float dlp = -1.0 / q; float dlm = 1.0 / (1.0 - q);
      float d1 = exp(-${gamma} * lm) * (dlp - ${gamma} * lp * dlm);
      float d2 = exp(-${gamma} * lp) * (dlm - ${gamma} * lm * dlp);
      v = g * d1 * ${u.slot(w.pos / ctx.n)} + (1.0 - g) * d2 * ${u.slot(w.neg / ctx.n)};`;
  },
};

const distanceBce: LossProgram = {
  sums: (ctx, params, u, input) => {
    const eps = defaultClipEps(params);
    const phi = input('phi', () => ctx.target.phi());
    const ce = 'g * ellPos(q) + (1.0 - g) * ellNeg(q)';
    return [`${clipQ(u, eps)} t = ${ce};`, `${clipQ(u, eps)} t = ${phi} * (${ce});`];
  },
  map: (ctx, params, u, input) => {
    const phi = input('phi', () => ctx.target.phi());
    return `${clipQ(u, defaultClipEps(params))}
      float dce = -g / q + (1.0 - g) / (1.0 - q);
      v = (${phi} * ${u.slot(numberParam(params, 'lambda'))} + 1.0) * dce * ${u.slot(1 / ctx.n)};`;
  },
};

const sensSpec: LossProgram = {
  sums: SUMS_NONE,
  map: (ctx, params, u) => {
    const { onPos, onNeg } = sensSpecWeights(ctx.stats, params, 2);
    return `v = (p - g) * ${affineInG(u, onNeg, onPos - onNeg)};`;
  },
};

const hausdorffDt: LossProgram = {
  sums: (ctx, params, u, input) => {
    const fields = fieldPowers(ctx, params, u, input);
    return [`${fields} float d = p - g; t = d * d * dp;`, `${fields} float d = p - g; t = d * d * dg;`];
  },
  map: (ctx, params, u, input) =>
    `${fieldPowers(ctx, params, u, input)} v = (p - g) * (dp + dg) * ${u.slot(2 / ctx.n)};`,
};

const SLOPE_FLOOR = '1e-6';

const expLog: LossProgram = {
  sums: (_ctx, params, u) => {
    const eps = defaultClipEps(params);
    const gamma = numberParam(params, 'gamma_cross');
    return [
      `${clipQ(u, eps)} t = g * exp(${u.slot(gamma)} * log(ellPos(q)));`,
      `${clipQ(u, eps)} t = (1.0 - g) * exp(${u.slot(gamma)} * log(ellNeg(q)));`,
    ];
  },
  map: (ctx, params, u) => {
    const wDice = numberParam(params, 'w_dice');
    const gammaValue = numberParam(params, 'gamma_cross');
    const w = expLogClassWeights(ctx.n, ctx.target.sumG);
    const k = (1 - wDice) / ctx.n;
    const d = expLogDiceTerm(ctx.stats, params);
    const gamma = u.slot(gammaValue);
    const floorPower = u.slot(Math.pow(1e-6, gammaValue));
    // γ m^(γ−1) = γ m^γ / m with m = max(ℓ, 1e-6), as the device and host paths write it.
    const slope = (ell: string) =>
      `${gamma} * (${ell} >= ${SLOPE_FLOOR} ? exp(${gamma} * log(${ell})) : ${floorPower}) / max(${ell}, ${SLOPE_FLOOR})`;
    return `${clipQ(u, defaultClipEps(params))}
      float lp = ellPos(q); float lm = ellNeg(q);
      float sp = ${slope('lp')};
      float sn = ${slope('lm')};
      v = g * sp * (-1.0 / q) * ${u.slot(k * w.fg)} + (1.0 - g) * sn * (1.0 / (1.0 - q)) * ${u.slot(k * w.bg)}
        + ${affineInG(u, wDice * d.c0, wDice * d.cg)};`;
  },
};

/** Computed on the host (losses/structural.ts): the program only carries its map into the readback. */
const structural: LossProgram = {
  sums: SUMS_NONE,
  map: (ctx, params, _u, input) => {
    const map = input('structuralMap', () =>
      tf.tensor2d(IMPLEMENTATIONS.structural.host.gradient(ctx, params, new Float32Array(ctx.n)), [
        ctx.target.h,
        ctx.target.w,
      ]),
    );
    return `v = ${map};`;
  },
};

export const LOSS_PROGRAMS: Record<LossId, LossProgram> = {
  bce: ceLoss('bce'),
  weighted_bce: ceLoss('weighted_bce'),
  balanced_bce: ceLoss('balanced_bce'),
  focal,
  distance_bce: distanceBce,
  dice: regionLoss('dice'),
  sens_spec: sensSpec,
  tversky: regionLoss('tversky'),
  focal_tversky: regionLoss('focal_tversky'),
  log_cosh_dice: regionLoss('log_cosh_dice'),
  hausdorff_dt: hausdorffDt,
  shape_aware: ceLoss('shape_aware'),
  combo: ceLoss('combo'),
  exp_log: expLog,
  structural,
};

/** Multiplies `v` by ∂p/∂z = q(1 − q) at the loss's clip ε (gradient = 'logit'). */
export function logitFactor(u: Uniforms, eps: number): string {
  return `${clipQ(u, eps)} v *= q * (1.0 - q);`;
}
