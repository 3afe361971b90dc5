import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { LOSSES, defaultParams, lossInfo } from '../../src/core/registry.ts';
import type { RegionStats } from '../../src/core/types.ts';
import { splitHelpers, substituteFormula } from '../../src/ui/formula.ts';

const stats: RegionStats = {
  n: 16384,
  tp: 812.25,
  fp: 91.5,
  fn: 211.75,
  tn: 15268.5,
  sumP: 903.75,
  sumG: 1024,
  sumP2: 700.1,
  sumG2: 1024,
  sqErr: 300,
  sqErrPos: 200.5,
  sqErrNeg: 99.5,
};

const render = (tex: string) => katex.renderToString(tex, { throwOnError: true, trust: true, strict: 'ignore' });
const num = (v: string) => `\\htmlClass{tex-num}{${v}}`;

describe('formula substitution', () => {
  it('every loss’s formula renders with KaTeX, symbolic and with numbers', () => {
    for (const l of LOSSES) {
      const f = substituteFormula(l, defaultParams(l.id), stats, 0.123456);
      expect(() => render(f.symbolic), l.id).not.toThrow();
      expect(() => render(f.substituted), l.id).not.toThrow();
      expect(f.substituted, l.id).toContain('\\htmlClass{tex-result}{0.12346}');
    }
  });

  it('fills in Dice’s sums and smoothing, with a multiplication dot after 2', () => {
    const f = substituteFormula(lossInfo('dice'), defaultParams('dice'), stats, 0.3);
    expect(f.substituted).toContain(`2\\cdot ${num('812.25')} + ${num('1')}`);
    expect(f.substituted).toContain(`${num('903.75')} + ${num('1024')} + ${num('1')}`);
  });

  it('uses smooth_nr in numerators and smooth_dr in denominators when set', () => {
    const f = substituteFormula(
      lossInfo('dice'),
      { ...defaultParams('dice'), smooth_nr: 1e-5, smooth_dr: 1e-7 },
      stats,
      0.3,
    );
    expect(f.substituted).toContain(`${num('812.25')} + ${num('10^{-5}')}}{`);
    expect(f.substituted).toContain(`${num('1024')} + ${num('10^{-7}')}}`);
  });

  it('puts weights and sums of Tversky side by side with a dot', () => {
    const f = substituteFormula(lossInfo('tversky'), defaultParams('tversky'), stats, 0.3);
    expect(f.substituted).toContain(`${num('0.3')}\\cdot ${num('91.5')}`);
    expect(f.substituted).toContain(`${num('0.7')}\\cdot ${num('211.75')}`);
  });

  it('substitutes γ and α of the focal loss and N', () => {
    const f = substituteFormula(lossInfo('focal'), { ...defaultParams('focal'), gamma: 2.05 }, stats, 0.01);
    expect(f.substituted).toContain(num('2.05'));
    expect(f.substituted).toContain(num('0.25'));
    expect(f.substituted).toContain(`\\frac{1}{${num('16384')}}`);
    expect(f.substituted).not.toContain('\\gamma');
  });

  it('leaves null parameters as symbols and says what they mean', () => {
    const f = substituteFormula(lossInfo('focal'), { ...defaultParams('focal'), alpha: null }, stats, 0.01);
    expect(f.substituted).toContain('\\alpha');
    expect(f.notes.join(' ')).toMatch(/alpha = no α weighting/);
  });

  it('keeps sums symbolic when a switch changes what the TeX shows (squared Dice)', () => {
    const f = substituteFormula(lossInfo('dice'), { ...defaultParams('dice'), squared: true }, stats, 0.3);
    expect(f.substituted).toContain('\\sum_i p_i');
    expect(f.notes.join(' ')).toMatch(/squared/);
  });

  it('handles exp-log’s subscripted symbols (w_D, γ_D) without touching other subscripts', () => {
    const f = substituteFormula(lossInfo('exp_log'), defaultParams('exp_log'), stats, 0.6);
    expect(f.substituted).toContain(num('0.8'));
    expect(f.substituted).toContain(`^{${num('0.3')}}`);
    expect(f.substituted).toContain('w_{l_i}');
    expect(f.substituted).toContain('D_l');
  });

  it('shows an undefined value as text, never NaN', () => {
    const f = substituteFormula(lossInfo('dice'), defaultParams('dice'), stats, Number.NaN);
    expect(f.substituted).toContain('\\text{undefined}');
    expect(f.substituted).not.toMatch(/NaN/);
  });

  it('splits the helper definitions off the main expression', () => {
    expect(splitHelpers('L = a,\\; q = b')).toEqual(['L = a', 'q = b']);
    expect(splitHelpers('L = \\frac{a,\\; b}{c}')).toEqual(['L = \\frac{a,\\; b}{c}', null]);
  });
});
