/**
 * The live formula's template: every loss's substituted formula, with default and edited parameters,
 * typesets with each number as one text run in the HTML and one <mn> in the MathML, so a drag only
 * writes numbers (the browser test in renders.test.ts checks the result equals a fresh typeset).
 */
import { describe, expect, it } from 'vitest';
import { LOSSES, defaultParams } from '../../src/core/registry.ts';
import type { ParamSet, RegionStats } from '../../src/core/types.ts';
import { substituteFormula } from '../../src/ui/formula.ts';
import { placeholder, texTemplate } from '../../src/ui/texSlots.ts';
import { typeset } from '../../src/ui/typeset.ts';

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

/** Every number parameter moved off its default, small values in scientific form among them. */
function edited(params: ParamSet): ParamSet {
  const out: ParamSet = { ...params };
  for (const [k, v] of Object.entries(params)) if (typeof v === 'number') out[k] = v === 0 ? 1e-5 : v * 0.37;
  return out;
}

const occurrences = (s: string, part: string) => s.split(part).length - 1;

describe('live formula template', () => {
  it('puts every number back where it was', () => {
    const tex =
      '\\frac{2\\cdot 0.25}{16384} - 1.5\\times 10^{-5} + x^{2} + y^2 + \\tfrac12 \\\\[0.3em] p_{1} \\text{ 1 at the contour}';
    const { template, numbers } = texTemplate(tex);
    expect(numbers).toEqual(['2', '0.25', '16384', '1.5', '5', '2', '1']);
    expect(template).toContain('10^{-'); // a superscript's base stays literal
    expect(template).toContain('y^2'); // and a bare superscript (^ takes one token)
    expect(template).toContain('\\tfrac12'); // and a command's bare arguments
    expect(template).toContain('\\\\[0.3em]'); // and so does a length
    expect(template).toContain('\\text{ 1 at the contour}'); // and words
    expect(template.replace(/\d{6}/g, (p) => numbers[Number(p) - Number(placeholder(0))]!)).toBe(tex);
  });

  it('gives each number of every loss’s substituted formula one text run in the HTML and one <mn>', () => {
    let slots = 0;
    for (const l of LOSSES) {
      for (const params of [defaultParams(l.id), edited(defaultParams(l.id))]) {
        for (const value of [0.123456, -2.5e-7, 31.5]) {
          const { substituted } = substituteFormula(l, params, stats, value);
          const { template, numbers } = texTemplate(substituted);
          expect(numbers.length, l.id).toBeGreaterThan(0);
          const html = typeset(template, true);
          for (let k = 0; k < numbers.length; k++) {
            const p = placeholder(k);
            expect(occurrences(html, `<mn>${p}</mn>`), `${l.id} ${numbers[k]}`).toBe(1);
            expect(occurrences(html, `>${p}</span>`), `${l.id} ${numbers[k]}`).toBe(1);
            slots++;
          }
        }
      }
    }
    expect(slots).toBeGreaterThan(LOSSES.length * 6 * 3);
  });
});
