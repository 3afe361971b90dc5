/**
 * A slider is offered only where it can change something: a parameter marked onlyAffects 'logit-gradient'
 * leaves the value and ∂L/∂p unchanged over its whole range and changes ∂L/∂z; every other clip ε changes
 * the value. A parameter that overrides another (smooth_nr for smooth) gives the other's value when null,
 * and its own when set. Checked with the engine on a scene with saturated and ordinary pixels.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';
import { LOSSES, nullLabel, overridersOf, paramMatters, paramSpec } from '../../src/core/registry.ts';
import { sweepableParams } from '../../src/core/curveMath.ts';
import type { DerivativeSpace, NumberParamSpec } from '../../src/core/types.ts';

tf.enableProdMode();
const N = 24;
const g = Float32Array.from({ length: N * N }, (_, i) => (i % N < 9 ? 1 : 0));
// 0 and 1 exactly (where the clip acts), ordinary values, and values just inside the clip.
const p = Float32Array.from({ length: N * N }, (_, i) => [0, 1, 0.3, 0.9999999, 1e-9, 0.6][i % 6]!);
let engine: LossEngine;
beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  engine = new LossEngine();
  engine.setTarget(g, N, N);
});

function maxDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

const WITH_EPS = LOSSES.filter((l) => l.params.some((s) => s.key === 'eps' && l.id !== 'sens_spec'));

describe('parameters offered only where they matter', () => {
  it('Tversky’s and Focal-Tversky’s clip ε is not offered in the ∂L/∂p view, and is in the ∂L/∂z view', () => {
    for (const id of ['tversky', 'focal_tversky'] as const) {
      const spec = paramSpec(id, 'eps')!;
      expect(paramMatters(spec, 'prob'), id).toBe(false);
      expect(paramMatters(spec, 'logit'), id).toBe(true);
    }
    expect(paramMatters(paramSpec('bce', 'eps')!, 'prob')).toBe(true);
  });

  it.each(WITH_EPS.map((l) => [l.id, l] as const))('%s: the eps annotation says what eps changes', (id, info) => {
    const spec = info.params.find((s) => s.key === 'eps') as NumberParamSpec;
    const run = (eps: number, gradient: DerivativeSpace) =>
      engine.evaluate(p, { [id]: { eps } }, { losses: [id], gradient });
    const [loP, hiP] = [run(spec.min, 'prob'), run(spec.max, 'prob')];
    const [loZ, hiZ] = [run(spec.min, 'logit'), run(spec.max, 'logit')];
    const valueMoves = loP.values[id] !== hiP.values[id];
    const probMapMoves = maxDiff(loP.gradients[id]!, hiP.gradients[id]!) > 0;
    const logitMapMoves = maxDiff(loZ.gradients[id]!, hiZ.gradients[id]!) > 0;
    expect(logitMapMoves, `${id}: ∂L/∂z depends on eps`).toBe(true);
    if (spec.onlyAffects === 'logit-gradient') {
      expect(valueMoves || probMapMoves, `${id}: marked logit-only, but the value or ∂L/∂p moved`).toBe(false);
    } else {
      expect(valueMoves, `${id}: eps changes only ∂L/∂z, so it should be marked onlyAffects`).toBe(true);
    }
  });
});

describe('parameter charts', () => {
  it('never sweep a parameter that cannot change the value', () => {
    for (const l of LOSSES) {
      for (const spec of sweepableParams(l.id)) expect(spec.onlyAffects, `${l.id}.${spec.key}`).toBeUndefined();
    }
    expect(sweepableParams('tversky').map((p) => p.key)).not.toContain('eps');
    expect(sweepableParams('bce').map((p) => p.key)).toContain('eps');
  });
});

describe('parameters that override another', () => {
  const OVERRIDING = LOSSES.flatMap((l) =>
    l.params.flatMap((s) => (s.kind === 'number' && s.overrides ? [[l.id, s] as const] : [])),
  );

  it('are the smoothing overrides of the region losses, each naming a parameter of its own loss', () => {
    expect(OVERRIDING.map(([id, s]) => `${id}.${s.key}`)).toContain('dice.smooth_nr');
    for (const [id, s] of OVERRIDING) {
      expect(paramSpec(id, s.overrides!), `${id}.${s.key} overrides ${s.overrides}`).toBeDefined();
      expect(s.default, `${id}.${s.key}: null by default`).toBeNull();
      expect(nullLabel(s)).toBe(`same as ${s.overrides}`);
      expect(overridersOf(id, s.overrides!)).toContain(s);
    }
  });

  it.each(OVERRIDING.map(([id, s]) => [`${id}.${s.key}`, id, s] as const))(
    '%s: null gives the overridden value, a number its own',
    (_, id, s) => {
      const base = paramSpec(id, s.overrides!) as NumberParamSpec;
      const value = (extra: Record<string, number | null>) =>
        engine.evaluate(p, { [id]: { [base.key]: 0.5, ...extra } }, { losses: [id], gradient: 'none' }).values[id]!;
      expect(value({ [s.key]: null })).toBe(value({ [s.key]: 0.5 }));
      expect(value({ [s.key]: 3 })).not.toBe(value({ [s.key]: 0.5 }));
    },
  );

  it('a null meaning reads by its short form', () => {
    expect(nullLabel(paramSpec('focal', 'alpha')!)).toBe('no α weighting');
    expect(nullLabel(paramSpec('focal', 'gamma')!)).toBe('auto');
  });
});
