import { describe, expect, it } from 'vitest';
import { LOSS_IDS, checkParam, paramSpec } from '../../src/core/registry.ts';
import {
  CONVENTIONS,
  conventionParams,
  defaultAllParams,
  describeChanges,
  diffParams,
  matchesConvention,
} from '../../src/core/conventions.ts';

describe('conventions', () => {
  it('every override names a real parameter with a valid value', () => {
    for (const c of CONVENTIONS) {
      for (const [loss, params] of Object.entries(c.params)) {
        for (const [key, value] of Object.entries(params ?? {})) {
          const spec = paramSpec(loss as (typeof LOSS_IDS)[number], key);
          expect(spec, `${c.id}: ${loss}.${key}`).toBeDefined();
          expect(checkParam(spec!, value), `${c.id}: ${loss}.${key}`).toBeNull();
        }
      }
      for (const loss of Object.keys(c.notes)) expect(LOSS_IDS).toContain(loss);
    }
  });

  it('encodes the documented settings of each source', () => {
    const monai = conventionParams('monai');
    expect(monai.dice).toMatchObject({ smooth_nr: 1e-5, smooth_dr: 1e-5 });
    expect(monai.focal.alpha).toBeNull();
    expect(monai.tversky).toMatchObject({ fp_weight: 0.5, fn_weight: 0.5 });
    const keras = conventionParams('keras');
    expect(keras.dice).toMatchObject({ smooth_nr: 0, smooth_dr: 1e-7 });
    expect(conventionParams('smp').dice.smooth).toBe(0);
    const survey = conventionParams('survey');
    expect(survey.tversky).toMatchObject({ fp_weight: 0.3, fn_weight: 0.7, smooth: 1 });
    expect(survey.focal).toMatchObject({ alpha: 0.25, gamma: 2 });
    expect(survey.weighted_bce.beta).toBeCloseTo(1 / 3, 12);
    expect(conventionParams('paper').dice).toMatchObject({ squared: true, smooth: 0 });
  });

  it('lists what changed, in words', () => {
    const changes = diffParams(conventionParams('survey'), conventionParams('monai'));
    const lines = describeChanges(changes);
    expect(lines).toContain('Dice · smooth_nr: same as smooth → 1e−5');
    expect(lines).toContain('Focal · alpha: 0.25 → no α weighting (MONAI default)');
    expect(lines).toContain('W-BCE · beta: 1/3 → 1');
    expect(diffParams(conventionParams('keras'), conventionParams('keras'))).toEqual([]);
  });

  it('knows when parameters still match a convention', () => {
    const p = conventionParams('smp');
    expect(matchesConvention(p, 'smp')).toBe(true);
    expect(matchesConvention(defaultAllParams(), 'smp')).toBe(false);
  });
});
