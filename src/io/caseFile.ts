/**
 * A scene as an eval-CLI case file (docs/cli.md): one case per loss, the layers as rows of numbers.
 * Layer values are float32; written as the shortest decimal of that float32's double, they parse back
 * to the same float32, so `npm run eval` gives the page's values.
 */
import type { DerivativeSpace, LossId, ParamSet } from '../core/types.ts';
import type { Plane } from './types.ts';

export interface CaseFileScene {
  target: Plane;
  pred: Plane;
  /** The losses to write, each with its parameters, in order. */
  losses: readonly { id: LossId; params: ParamSet }[];
  /** Also ask for each gradient map: ∂L/∂p or ∂L/∂z. */
  gradient?: DerivativeSpace;
}

function rows(plane: Plane): number[][] {
  return Array.from({ length: plane.height }, (_, r) =>
    Array.from(plane.data.subarray(r * plane.width, (r + 1) * plane.width)),
  );
}

export function sceneCaseFile(scene: CaseFileScene): string {
  const { target, pred } = scene;
  if (target.height !== pred.height || target.width !== pred.width) {
    throw new RangeError(
      `sceneCaseFile: target is ${target.height} × ${target.width}, pred ${pred.height} × ${pred.width}`,
    );
  }
  const t = rows(target);
  const p = rows(pred);
  const cases = scene.losses.map((l) => ({
    id: l.id,
    loss: l.id,
    params: l.params,
    target: t,
    pred: p,
    ...(scene.gradient ? { grad: scene.gradient } : {}),
  }));
  return `${JSON.stringify({ cases })}\n`;
}
