/** One pair of layers through the engine: the requested losses with their parameters, and the metrics. */
import type { LossEngine } from '../core/engine.ts';
import { resolveParams } from '../core/registry.ts';
import type { LossId, ParamsByLoss } from '../core/types.ts';
import type { SceneReport } from '../io/report.ts';
import type { LayerPair } from './pairs.ts';

export function evaluatePair(
  engine: LossEngine,
  pair: LayerPair,
  losses: readonly LossId[],
  params: ParamsByLoss,
  source?: SceneReport['source'],
): SceneReport {
  const { target, pred } = pair;
  engine.setTarget(target.data, target.height, target.width);
  const ev = engine.evaluate(pred.data, params, { losses });
  return {
    ...(source ? { source } : {}),
    height: target.height,
    width: target.width,
    losses: losses.map((id) => {
      const value = ev.values[id];
      if (value === undefined) throw new Error(`internal: the engine returned no value for "${id}"`);
      return { id, value, params: resolveParams(id, params[id] ?? {}) };
    }),
    metrics: engine.metrics(pred.data),
  };
}
