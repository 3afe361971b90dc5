/**
 * The engine's host path: the same plan as the device path, with every sum and map computed by the
 * losses' host implementations (typed-array passes, float64 sums). Creates no tensors.
 */
import type { EvalContext } from '../context.ts';
import type { GradientSpace, LossId, ParamSet } from '../types.ts';
import type { LossImpl } from '../losses/index.ts';
import { linearGradientsInto, toLogitSpace } from './shared.ts';
import type { LinearGradient } from './shared.ts';

export interface PlannedLoss {
  id: LossId;
  impl: LossImpl;
  params: ParamSet;
  /** False: its value only, no gradient map (the caller holds the map of these inputs already). */
  map?: boolean;
}

/** Values of every planned loss and, unless space is 'none', its gradient map (where `map` is not false). */
export function evaluatePlanOnHost(
  ctx: EvalContext,
  plan: readonly PlannedLoss[],
  space: GradientSpace,
): { values: Partial<Record<LossId, number>>; maps: Partial<Record<LossId, Float32Array>> } {
  const values: Partial<Record<LossId, number>> = {};
  const maps: Partial<Record<LossId, Float32Array>> = {};
  // Linear maps (weighted CEs, region losses, combo) are written together, one pass per clip ε.
  const linear = new Map<number, { gradient: LinearGradient; out: Float32Array }[]>();
  for (const { id, impl, params, map } of plan) {
    values[id] = impl.value(impl.host.sums(ctx, params), ctx, params);
    if (space === 'none' || map === false) continue;
    const out = new Float32Array(ctx.n);
    maps[id] = out;
    const gradient = impl.host.linearGradient?.(ctx, params);
    if (gradient && gradient.eps === impl.clipEps(params)) {
      const group = linear.get(gradient.eps) ?? [];
      group.push({ gradient, out });
      linear.set(gradient.eps, group);
      continue;
    }
    impl.host.gradient(ctx, params, out);
    if (space === 'logit') toLogitSpace(ctx, impl.clipEps(params), out);
  }
  for (const [eps, items] of linear) linearGradientsInto(ctx, eps, items, space === 'logit');
  return { values, maps };
}

/** Rows of sums for K values of `key`: rows[k] are the sums at values[k]. */
export function sweepSumsOnHost(
  ctx: EvalContext,
  impl: LossImpl,
  base: ParamSet,
  key: string,
  values: readonly number[],
): number[][] {
  if (values.length === 0) return [];
  if (!impl.deviceKeys.includes(key)) {
    const one = impl.host.sums(ctx, base);
    return values.map(() => one);
  }
  return impl.host.sweepSums?.(ctx, base, key, values) ?? values.map((v) => impl.host.sums(ctx, { ...base, [key]: v }));
}
