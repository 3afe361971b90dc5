/**
 * Evaluating validated cases with one LossEngine. Cases that share a ground truth are run together so
 * that the engine's target cache (distance fields, Φ, local structure) is built once; cases that also
 * share the prediction and the gradient space are packed into one evaluate() call, one loss id each.
 * Results come back in input order.
 */
import type { LossEngine } from '../core/engine.ts';
import type { LossId, ParamsByLoss } from '../core/types.ts';
import type { EvalCase } from './validate.ts';
import { formatResult } from './output.ts';
import type { CaseResult } from './output.ts';

function key(h: number, w: number, values: ArrayLike<number>): string {
  // Float32 values: the engine compares targets after rounding to float32, so do we.
  return `${h}x${w}:${Array.from(values, (v) => Math.fround(v)).join(',')}`;
}

function groupBy<T>(items: readonly T[], keyOf: (t: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

/** Splits cases into batches in which each loss id appears at most once (first fit, order kept). */
function batchesByLoss(cases: readonly EvalCase[]): EvalCase[][] {
  const batches: { ids: Set<LossId>; cases: EvalCase[] }[] = [];
  for (const c of cases) {
    let b = batches.find((x) => !x.ids.has(c.loss));
    if (!b) {
      b = { ids: new Set(), cases: [] };
      batches.push(b);
    }
    b.ids.add(c.loss);
    b.cases.push(c);
  }
  return batches.map((b) => b.cases);
}

export function runCases(engine: LossEngine, cases: readonly EvalCase[]): CaseResult[] {
  const results: CaseResult[] = new Array(cases.length);
  const position = new Map<EvalCase, number>(cases.map((c, i) => [c, i]));
  for (const sameTarget of groupBy(cases, (c) => key(c.target.h, c.target.w, c.target.values))) {
    const t = (sameTarget[0] as EvalCase).target;
    engine.setTarget(t.values, t.h, t.w);
    for (const samePred of groupBy(sameTarget, (c) => `${c.gradient}|${key(c.predShape.h, c.predShape.w, c.pred)}`)) {
      const first = samePred[0] as EvalCase;
      for (const batch of batchesByLoss(samePred)) {
        const params: ParamsByLoss = {};
        for (const c of batch) params[c.loss] = c.params;
        const ev = engine.evaluate(first.pred, params, {
          losses: batch.map((c) => c.loss),
          gradient: first.gradient,
          output: 'array',
        });
        for (const c of batch) {
          const value = ev.values[c.loss];
          if (value === undefined) throw new Error(`internal: the engine returned no value for "${c.loss}"`);
          const grad = c.gradient === 'none' ? null : (ev.gradients[c.loss] ?? null);
          if (c.gradient !== 'none' && !grad)
            throw new Error(`internal: the engine returned no gradient for "${c.loss}"`);
          results[position.get(c) as number] = formatResult(c.id, c.loss, value, grad, c.predShape);
        }
      }
    }
  }
  return results;
}
