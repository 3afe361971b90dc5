/**
 * Tests of the float64 reference itself (tests/reference) against hand-worked cases and published tables.
 * Expected values are written as the hand computation (explicit ln terms, fractions), never by calling the
 * reference's own helpers.
 */
import { describe, expect, it } from 'vitest';
import { LOSS_IDS } from '../../src/core/types.ts';
import type { LossId } from '../../src/core/types.ts';
import { contour, distanceField, edt } from '../reference/edt.ts';
import { referenceGradient, sigmoid } from '../reference/gradient.ts';
import { referenceLoss, referenceMargin, referenceSide } from '../reference/losses.ts';
import type { RefParams } from '../reference/losses.ts';
import { percentileLinear, referenceMetrics } from '../reference/metrics.ts';

const ln = Math.log;
const LN2 = Math.LN2;

/** |actual − expected| ≤ tol (absolute). */
function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Number.isFinite(actual), `got ${actual}, expected ${expected}`).toBe(true);
  expect(Math.abs(actual - expected), `got ${actual}, expected ${expected} (tol ${tol})`).toBeLessThanOrEqual(tol);
}

function closeAll(actual: readonly number[], expected: readonly number[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => close(a, expected[i] as number, tol));
}

const L = (id: LossId, g: number[], p: number[], h: number, w: number, params: RefParams = {}): number =>
  referenceLoss(id, g, p, h, w, params);

// ---------------------------------------------------------------------------------------------------------
describe('reference EDT and contours', () => {
  it('3x3 all ones but the top-left corner', () => {
    // zero at (0,0); distance of (y,x) is sqrt(y² + x²).
    const m = [0, 1, 1, 1, 1, 1, 1, 1, 1];
    const s2 = Math.SQRT2;
    closeAll(edt(m, 3, 3), [0, 1, 2, 1, s2, Math.sqrt(5), 2, Math.sqrt(5), Math.sqrt(8)]);
  });

  it('1x5 with zeros at both ends, and a 2x2 block in a 4x4 image', () => {
    closeAll(edt([0, 1, 1, 1, 0], 1, 5), [0, 1, 2, 1, 0]);
    // 4x4, ones everywhere except the 2x2 block at rows 1-2, cols 1-2 being zero: a frame of ones.
    // corner (0,0): nearest zero (1,1) → √2; (0,1): (1,1) → 1; (0,3): (1,2) → √2.
    const m = [1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1];
    const s2 = Math.SQRT2;
    closeAll(edt(m, 4, 4), [s2, 1, 1, s2, 1, 0, 0, 1, 1, 0, 0, 1, s2, 1, 1, s2]);
  });

  it('the image border is not a zero (scipy): no zero pixel ⇒ Infinity, all zero ⇒ 0', () => {
    expect(edt([1, 1, 1, 1], 2, 2)).toEqual([Infinity, Infinity, Infinity, Infinity]);
    expect(edt([0, 0, 0], 1, 3)).toEqual([0, 0, 0]);
    closeAll(edt([0, 1, 1, 1, 1], 1, 5), [0, 1, 2, 3, 4]);
  });

  it('contour: outside the image counts as 0 (border_value = 0)', () => {
    // 3x3 full: the ring of 8, not the centre.
    expect(contour([1, 1, 1, 1, 1, 1, 1, 1, 1], 3, 3)).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1]);
    // a single pixel is its own contour, also at the edge of the image.
    expect(contour([0, 0, 0, 0, 1, 0, 0, 0, 0], 3, 3)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(contour([1], 1, 1)).toEqual([1]);
    // 4x4 full: 12 border pixels, the inner 2x2 is interior.
    expect(contour(new Array<number>(16).fill(1), 4, 4)).toEqual([1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
    // a plus sign in 3x3: the centre has all four 4-neighbours on → not contour; arms are contour.
    expect(contour([0, 1, 0, 1, 1, 1, 0, 1, 0], 3, 3)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0]);
  });

  it('distance field edt(m) + edt(1 − m), zeros for empty or full masks', () => {
    // m = [1,0,0]: edt(m) = [1,0,0], edt(1−m) = [0,1,2]
    expect(distanceField([1, 0, 0], 1, 3)).toEqual([1, 1, 2]);
    expect(distanceField([0, 0, 0, 0], 2, 2)).toEqual([0, 0, 0, 0]);
    expect(distanceField([1, 1, 1, 1], 2, 2)).toEqual([0, 0, 0, 0]);
  });

  it('rejects a wrong shape', () => {
    expect(() => edt([1, 0, 1], 2, 2)).toThrow(/length 3/);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('reference losses, hand-worked', () => {
  it('bce: 1x1, 2x2 as ln terms, soft label, clip', () => {
    close(L('bce', [1], [0.5], 1, 1), LN2); // −ln 0.5
    // g = [1,0,1,0], p = [0.9,0.2,0.6,0.5]: CE = −ln .9, −ln .8, −ln .6, −ln .5
    const expected = (-ln(0.9) - ln(0.8) - ln(0.6) - ln(0.5)) / 4;
    close(L('bce', [1, 0, 1, 0], [0.9, 0.2, 0.6, 0.5], 2, 2), expected);
    close(expected, 0.38311922, 1e-8); // ≈ (0.10536052 + 0.22314355 + 0.51082562 + 0.69314718)/4
    // soft label g = 0.3, p = 0.6: −0.3 ln 0.6 − 0.7 ln 0.4
    close(L('bce', [0.3], [0.6], 1, 1), -0.3 * ln(0.6) - 0.7 * ln(0.4));
    // p = 0 at a positive pixel is clipped to eps = 1e-7: −ln 1e-7 = 7 ln 10
    close(L('bce', [1], [0], 1, 1), 7 * Math.LN10, 1e-9);
    close(L('bce', [1], [0], 1, 1, { eps: 1e-3 }), 3 * Math.LN10, 1e-9);
    close(L('bce', [0], [1], 1, 1), 7 * Math.LN10, 1e-6); // −ln(1 − (1 − 1e-7))
  });

  it('weighted_bce: β on the positive term', () => {
    // g = [1,0], p = [0.5,0.25], β = 2: (2·(−ln .5) + (−ln .75))/2
    close(L('weighted_bce', [1, 0], [0.5, 0.25], 1, 2, { beta: 2 }), (2 * LN2 - ln(0.75)) / 2);
    // default β = 1 is bce
    close(L('weighted_bce', [1, 0], [0.5, 0.25], 1, 2), (LN2 - ln(0.75)) / 2);
  });

  it('balanced_bce: β auto = 1 − G/N, empty ground truth gives 0, β = 0.5 is bce/2', () => {
    // 2x2, g = [1,0,0,0] ⇒ β = 3/4. p = [.5,.5,.2,.5].
    // L = (¾·ln2 + ¼(ln2 − ln .8 + ln2))/4
    const g = [1, 0, 0, 0];
    const p = [0.5, 0.5, 0.2, 0.5];
    close(L('balanced_bce', g, p, 2, 2), (0.75 * LN2 + 0.25 * (2 * LN2 - ln(0.8))) / 4);
    expect(referenceSide('balanced_bce', g, p, 2, 2, {}).beta).toBe(0.75);
    close(L('balanced_bce', [0, 0, 0, 0], [0.9, 0.1, 0.99, 0.5], 2, 2), 0);
    close(L('balanced_bce', g, p, 2, 2, { beta: 0.5 }), L('bce', g, p, 2, 2) / 2);
    close(L('balanced_bce', g, p, 2, 2, { beta: 0.5 }), (3 * LN2 - ln(0.8)) / 8);
  });

  it('focal: α = 0.25, γ = 2 by hand', () => {
    // g = [1,0], p = [0.8,0.3]: [0.25·0.2²·(−ln .8) + 0.75·0.3²·(−ln .7)]/2
    close(L('focal', [1, 0], [0.8, 0.3], 1, 2), (0.25 * 0.04 * -ln(0.8) + 0.75 * 0.09 * -ln(0.7)) / 2);
  });

  it('focal: Lin et al. Fig. 1 table, FL(p_t) = −(1 − p_t)^γ ln p_t', () => {
    const gammas = [0, 0.5, 1, 2, 5];
    const table: Array<[number, number[]]> = [
      [0.01, [4.60517, 4.58209, 4.55912, 4.51353, 4.37947]],
      [0.1, [2.30259, 2.18442, 2.07233, 1.86509, 1.35965]],
      [0.5, [0.69315, 0.49013, 0.34657, 0.17329, 0.02166]],
      [0.9, [0.10536, 0.03332, 0.01054, 0.00105, 0.000001]],
    ];
    for (const [pt, row] of table) {
      gammas.forEach((gamma, j) => {
        close(L('focal', [1], [pt], 1, 1, { gamma, alpha: null }), row[j] as number, 1e-5);
      });
    }
  });

  it('focal: dFL/dx at x = −3, y = 1 (Lin et al.): −0.95257 (γ 0), −1.12675 (γ 2)', () => {
    const p = sigmoid(-3);
    close(referenceGradient('focal', [1], [p], 1, 1, { gamma: 0, alpha: null }, 'logit')[0] as number, -0.95257, 1e-5);
    close(referenceGradient('focal', [1], [p], 1, 1, { gamma: 2, alpha: null }, 'logit')[0] as number, -1.12675, 1e-5);
  });

  it('distance_bce: Φ by hand on 1x5, 1x2 (D = 1) and 3x3', () => {
    // g = [1,1,1,0,0]: d⁺ = [3,2,1,·,·], D⁺ = 3 ⇒ Φ = [0, .5, 1]; d⁻ = [·,·,·,1,2], D⁻ = 2 ⇒ Φ = [1, 0].
    // p = 0.5 ⇒ CE = ln2 everywhere: L = ln2·(1 + 1.5 + 2 + 2 + 1)/5 = 1.5 ln 2
    close(L('distance_bce', [1, 1, 1, 0, 0], [0.5, 0.5, 0.5, 0.5, 0.5], 1, 5), 1.5 * LN2);
    // λ = 2: ln2·(1 + 2 + 3 + 3 + 1)/5 = 2 ln 2
    close(L('distance_bce', [1, 1, 1, 0, 0], [0.5, 0.5, 0.5, 0.5, 0.5], 1, 5, { lambda: 2 }), 2 * LN2);
    // g = [1,0]: both sides all contour (D = 1) ⇒ Φ = 1: L = 2·mean CE = (−ln .7 − ln .6)
    close(L('distance_bce', [1, 0], [0.7, 0.4], 1, 2), -ln(0.7) - ln(0.6));
    // 3x3, single centre pixel: D⁺ = 1 ⇒ Φ = 1 at the centre; d⁻ = 1 at the 4 edges, √2 at the 4 corners,
    // D⁻ = √2 ⇒ Φ = 1 (edges), 0 (corners). p = .5: L = ln2·(2 + 4·2 + 4·1)/9 = 14 ln2 / 9
    close(L('distance_bce', [0, 0, 0, 0, 1, 0, 0, 0, 0], new Array<number>(9).fill(0.5), 3, 3), (14 * LN2) / 9);
    // empty ground truth ⇒ Φ = 0 ⇒ bce
    close(L('distance_bce', [0, 0, 0], [0.1, 0.2, 0.3], 1, 3), (-ln(0.9) - ln(0.8) - ln(0.7)) / 3);
  });

  it('dice: smooth 1 as a fraction, squared, MONAI smoothing, empty case', () => {
    // g = [1,1,0], p = [.5,1,.5]: TP = 1.5, P = 2, G = 2 ⇒ 1 − (3 + 1)/(4 + 1) = 1/5
    const g = [1, 1, 0];
    const p = [0.5, 1, 0.5];
    close(L('dice', g, p, 1, 3), 1 / 5);
    // squared: Σp² = .25 + 1 + .25 = 1.5, Σg² = 2 ⇒ 1 − 4/4.5 = 1/9
    close(L('dice', g, p, 1, 3, { squared: true }), 1 / 9);
    // smooth_nr = 0, smooth_dr = 1e-5 ⇒ 1 − 3/(4 + 1e-5)
    close(L('dice', g, p, 1, 3, { smooth_nr: 0, smooth_dr: 1e-5 }), 1 - 3 / 4.00001);
    // smooth_nr only: numerator 3 + 0.5, denominator 4 + 1
    close(L('dice', g, p, 1, 3, { smooth_nr: 0.5 }), 1 - 3.5 / 5);
    // both empty: smooth 0 ⇒ denominator 0 ⇒ L = 0; smooth 1 ⇒ 1 − 1/1 = 0
    close(L('dice', [0, 0], [0, 0], 1, 2, { smooth: 0 }), 0);
    close(L('dice', [0, 0], [0, 0], 1, 2), 0);
    // empty truth, p = [.5, 0], smooth 0: 1 − 0/.5 = 1
    close(L('dice', [0, 0], [0.5, 0], 1, 2, { smooth: 0 }), 1);
  });

  it('sens_spec: r and its own ε in both denominators', () => {
    // g = [1,0], p = [.6,.3]: 0.05·0.4²/(1 + 1e-5) + 0.95·0.3²/(1 + 1e-5)
    close(L('sens_spec', [1, 0], [0.6, 0.3], 1, 2), (0.05 * 0.16 + 0.95 * 0.09) / 1.00001);
    // r = 0.5, 2x2 g = [1,1,0,0], p = [1, .5, .5, 0]: fg errors 0, .25 over 2; bg errors .25, 0 over 2
    close(
      L('sens_spec', [1, 1, 0, 0], [1, 0.5, 0.5, 0], 2, 2, { r: 0.5 }),
      0.5 * (0.25 / 2.00001) + 0.5 * (0.25 / 2.00001),
    );
  });

  it('tversky: 0.3/0.7 by hand; fp = fn = 0.5 with halved smoothing is dice', () => {
    // g = [1,1,0], p = [.5,1,.5]: TP = 1.5, FP = .5, FN = .5
    // TI = (1.5 + 1)/(1.5 + .3·.5 + .7·.5 + 1) = 2.5/3 ⇒ L = 1/6
    const g = [1, 1, 0];
    const p = [0.5, 1, 0.5];
    close(L('tversky', g, p, 1, 3), 1 / 6);
    close(L('tversky', g, p, 1, 3, { fp_weight: 0.5, fn_weight: 0.5, smooth: 0.5 }), 1 / 5);
    close(L('tversky', g, p, 1, 3, { fp_weight: 0.5, fn_weight: 0.5, smooth: 0.5 }), L('dice', g, p, 1, 3));
    // FN-heavy weights and no smoothing: TI = 1.5/(1.5 + 0.1·0.5 + 0.9·0.5) = 1.5/2 ⇒ L = 0.25
    close(L('tversky', g, p, 1, 3, { fp_weight: 0.1, fn_weight: 0.9, smooth: 0 }), 0.25);
    // denominator 0 (s = 0, empty truth, p = 0) ⇒ TI = 1 ⇒ L = 0
    close(L('tversky', [0, 0], [0, 0], 1, 2, { smooth: 0 }), 0);
  });

  it('focal_tversky: (1 − TI)^(1/γ) by hand, γ = 1 is tversky', () => {
    const g = [1, 1, 0];
    const p = [0.5, 1, 0.5];
    close(L('focal_tversky', g, p, 1, 3), Math.pow(1 / 6, 0.75));
    close(L('focal_tversky', g, p, 1, 3, { gamma: 2 }), Math.sqrt(1 / 6));
    close(L('focal_tversky', g, p, 1, 3, { gamma: 1 }), L('tversky', g, p, 1, 3));
  });

  it('focal_tversky: Abraham & Khan Fig. 1 curves (1 − TI)^(1/γ)', () => {
    // 1x1, g = 1, p = x, smooth 0, weights 0.3/0.7: TI = x/(x + 0.7(1 − x)) ⇒ x = 0.7 TI/(1 − 0.3 TI)
    const tis = [0.2, 0.4, 0.6, 0.8, 0.9];
    const curves: Array<[number, number[]]> = [
      [4 / 3, [0.8459, 0.6817, 0.503, 0.2991, 0.1778]],
      [2, [0.8944, 0.7746, 0.6325, 0.4472, 0.3162]],
    ];
    for (const [gamma, row] of curves) {
      tis.forEach((ti, j) => {
        const x = (0.7 * ti) / (1 - 0.3 * ti);
        close(L('focal_tversky', [1], [x], 1, 1, { gamma, smooth: 0 }), row[j] as number, 5e-5);
        // the same TI on a 1x4 soft scene with fp = fn = 1: TI = TP/(P + G − TP); g = [1,1,0,0],
        // p = [a,a,0,0] ⇒ TI = 2a/(2a + 2 − 2a) = a
        close(
          L('focal_tversky', [1, 1, 0, 0], [ti, ti, 0, 0], 1, 4, { gamma, smooth: 0, fp_weight: 1, fn_weight: 1 }),
          row[j] as number,
          5e-5,
        );
      });
    }
  });

  it('log_cosh_dice: ln cosh(DL) for DL = 0.1, 0.5, 1.0 and ≈ DL²/2 for small DL', () => {
    // 1x1, g = 1, p = x, smooth 0: DL = 1 − 2x/(1 + x) = (1 − x)/(1 + x) ⇒ x = (1 − DL)/(1 + DL)
    const cases: Array<[number, number]> = [
      [0.1, 0.00499],
      [0.5, 0.12011],
      [1.0, 0.43378],
    ];
    for (const [dl, expected] of cases) {
      const x = (1 - dl) / (1 + dl);
      close(L('dice', [1], [x], 1, 1, { smooth: 0 }), dl, 1e-12);
      close(L('log_cosh_dice', [1], [x], 1, 1, { smooth: 0 }), expected, 1e-5);
    }
    // dice scene of the dice test: DL = 1/5 ⇒ ln cosh 0.2 = ln((e^.2 + e^−.2)/2)
    close(L('log_cosh_dice', [1, 1, 0], [0.5, 1, 0.5], 1, 3), ln((Math.exp(0.2) + Math.exp(-0.2)) / 2));
    // small DL: ln cosh x = x²/2 − x⁴/12 + …
    const dl = 0.01;
    const x = (1 - dl) / (1 + dl);
    const v = L('log_cosh_dice', [1], [x], 1, 1, { smooth: 0 });
    close(v, (dl * dl) / 2, 1e-9); // |x⁴/12| ≈ 8.3e-10
    close(v, (dl * dl) / 2 - dl ** 4 / 12, 1e-13);
  });

  it('hausdorff_dt: 1x3 by hand, α = 1, full ground truth with empty prediction', () => {
    // g = [1,0,0] ⇒ dg = [1,1,2]; p = [.8,.6,.1] ⇒ [p > .5] = [1,1,0] ⇒ edt = [2,1,0], edt(1−m) = [0,0,1] ⇒ dp = [2,1,1]
    // α = 2: (1/3)[.2²(4 + 1) + .6²(1 + 1) + .1²(1 + 4)] = 0.97/3
    const g = [1, 0, 0];
    const p = [0.8, 0.6, 0.1];
    close(L('hausdorff_dt', g, p, 1, 3), 0.97 / 3);
    // α = 1: (1/3)[.04·3 + .36·2 + .01·3] = 0.87/3
    close(L('hausdorff_dt', g, p, 1, 3, { alpha: 1 }), 0.87 / 3);
    // threshold 0.7 ⇒ [p > .7] = [1,0,0] ⇒ dp = dg = [1,1,2]: (1/3)[.04·2 + .36·2 + .01·8] = 0.88/3
    close(L('hausdorff_dt', g, p, 1, 3, { threshold: 0.7 }), 0.88 / 3);
    // full truth ⇒ dg = 0; p = .2 everywhere ⇒ empty prediction ⇒ dp = 0 ⇒ L = 0
    close(L('hausdorff_dt', [1, 1, 1, 1], [0.2, 0.2, 0.2, 0.2], 2, 2), 0);
  });

  it('shape_aware: E from the two contours', () => {
    // g = [1,1,0,0,0] (contour {0,1}); p = [.1,.1,.1,.9,.9] ⇒ [p > .5] = {3,4}, contour {3,4}.
    // E = mean(dist(3 → 1) = 2, dist(4 → 1) = 3) = 2.5
    // CE: −ln .1, −ln .1, −ln .9, −ln .1, −ln .1
    const g = [1, 1, 0, 0, 0];
    const p = [0.1, 0.1, 0.1, 0.9, 0.9];
    const ce = (4 * -ln(0.1) - ln(0.9)) / 5;
    expect(referenceSide('shape_aware', g, p, 1, 5, {}).E).toBe(2.5);
    close(L('shape_aware', g, p, 1, 5), 3.5 * ce);
    close(L('shape_aware', g, p, 1, 5, { scale: 2 }), 6 * ce);
    // empty prediction ⇒ E = 0 ⇒ bce
    close(L('shape_aware', g, [0.1, 0.1, 0.1, 0.1, 0.1], 1, 5), (2 * -ln(0.1) + 3 * -ln(0.9)) / 5);
    // 3x3: truth = full image (contour = ring of 8), prediction = centre pixel: E = 1
    close(
      L('shape_aware', new Array<number>(9).fill(1), [0.4, 0.4, 0.4, 0.4, 0.6, 0.4, 0.4, 0.4, 0.4], 3, 3),
      2 * ((8 * -ln(0.4) - ln(0.6)) / 9),
    );
  });

  it('combo: paper form, Dice coefficient subtracted', () => {
    // g = [1,0], p = [.8,.4]: CE term (1/2)[.5·(−ln .8) + .5·(−ln .6)]; DSC = (1.6 + 1)/(1.2 + 1 + 1) = 2.6/3.2
    const ceTerm = (0.5 * -ln(0.8) + 0.5 * -ln(0.6)) / 2;
    close(L('combo', [1, 0], [0.8, 0.4], 1, 2), 0.5 * ceTerm - 0.5 * (2.6 / 3.2));
    // α = 1, β = .5 ⇒ half of bce
    close(L('combo', [1, 0], [0.8, 0.4], 1, 2, { alpha: 1 }), (-ln(0.8) - ln(0.6)) / 4);
    // denominator 0 ⇒ DSC = 1: α = 0 ⇒ L = −1
    close(L('combo', [0, 0], [0, 0], 1, 2, { alpha: 0, smooth: 0 }), -1);
  });

  it('exp_log: Dice of both labels, weights (N/f)^½, exponents 0.3', () => {
    // g = [1,0], p = [.8,.4]; N = 2, G = 1, P = 1.2, TP = .8, TN = .6.
    // D₁ = (1.6 + 1)/(1.2 + 1 + 1) = 2.6/3.2, D₀ = (1.2 + 1)/(0.8 + 1 + 1) = 2.2/2.8
    // w₁ = w₀ = √2; L_cross = (1/2)[√2(−ln .8)^.3 + √2(−ln .6)^.3]
    const lDice = 0.5 * (Math.pow(-ln(2.6 / 3.2), 0.3) + Math.pow(-ln(2.2 / 2.8), 0.3));
    const lCross = 0.5 * (Math.SQRT2 * Math.pow(-ln(0.8), 0.3) + Math.SQRT2 * Math.pow(-ln(0.6), 0.3));
    close(L('exp_log', [1, 0], [0.8, 0.4], 1, 2), 0.8 * lDice + 0.2 * lCross);
    // empty truth: w₁ = 0, w₀ = √(3/3) = 1; g = [0,0,0], p = [.5,.5,.5], smooth 1
    // D₁ = (0 + 1)/(1.5 + 0 + 1) = 0.4, D₀ = (2·1.5 + 1)/(1.5 + 3 + 1) = 4/5.5
    const lDice0 = 0.5 * (Math.pow(-ln(0.4), 0.3) + Math.pow(-ln(4 / 5.5), 0.3));
    close(L('exp_log', [0, 0, 0], [0.5, 0.5, 0.5], 1, 3), 0.8 * lDice0 + 0.2 * Math.pow(LN2, 0.3));
    // perfect Dice of both labels (s = 0, binary p = g): −ln D = 0 ⇒ 0^.3 = 0 (the 1e-6 floor is the slope's only)
    const v = L('exp_log', [1, 0], [1, 0], 1, 2, { smooth: 0, w_dice: 1 });
    close(v, 0, 1e-12);
  });

  it('structural: 1x1 image by hand (zero padding), window 3/5/7, identical maps give 0', () => {
    // 1x1 image, value x. The window's centre weight is c = 1/Σ exp(−(a² + b²)/4.5); outside positions are 0.
    // μ = c x; v = c(x − cx)² + (1 − c)(cx)² = c(1 − c)x²; σ = sqrt(v + 1e-8).
    // e = |(g − μg + c4)/(σg + c4) − (p − μp + c4)/(σp + c4)|; e_max = e ⇒ f = 1 (e > 0.1 e), M = 1; L = e·CE.
    for (const k of [3, 5, 7]) {
      const r = (k - 1) / 2;
      let s1 = 0; // Σ_a exp(−a²/4.5); the 2-D sum is its square
      for (let a = -r; a <= r; a++) s1 += Math.exp(-(a * a) / 4.5);
      const c = 1 / (s1 * s1);
      const c4 = 0.01;
      const std = (x: number): number => (x - c * x + c4) / (Math.sqrt(c * (1 - c) * x * x + 1e-8) + c4);
      const e = Math.abs(std(1) - std(0.5));
      close(L('structural', [1], [0.5], 1, 1, { window: k }), e * LN2, 1e-12);
      // g = 0, p = 0.3: CE = −ln .7
      const e2 = Math.abs(std(0) - std(0.3));
      close(L('structural', [0], [0.3], 1, 1, { window: k }), e2 * -ln(0.7), 1e-12);
    }
    // window 3: c = 1/(1 + 4e^(−1/4.5) + 4e^(−2/4.5)) ≈ 0.147761
    const c3 = 1 / (1 + 4 * Math.exp(-1 / 4.5) + 4 * Math.exp(-2 / 4.5));
    close(c3, 0.147761, 1e-6);
    // 1x2 image, window 3: pixel 0 sees itself (weight c), its right neighbour (edge weight a) and 7
    // outside zeros (total weight 1 − c − a); pixel 1 mirrored.
    // μ₀ = c x₀ + a x₁, v₀ = c(x₀ − μ₀)² + a(x₁ − μ₀)² + (1 − c − a)μ₀².
    {
      const S = 1 + 4 * Math.exp(-1 / 4.5) + 4 * Math.exp(-2 / 4.5);
      const c = 1 / S;
      const a = Math.exp(-1 / 4.5) / S;
      const c4 = 0.01;
      const std = (self: number, other: number): number => {
        const mu = c * self + a * other;
        const v = c * (self - mu) ** 2 + a * (other - mu) ** 2 + (1 - c - a) * mu * mu;
        return (self - mu + c4) / (Math.sqrt(v + 1e-8) + c4);
      };
      const g = [1, 0];
      const p = [0.7, 0.4];
      const e0 = Math.abs(std(1, 0) - std(0.7, 0.4));
      const e1 = Math.abs(std(0, 1) - std(0.4, 0.7));
      // β = 0.1: both above 0.1·e_max ⇒ M = 2, L = (e₀(−ln .7) + e₁(−ln .6))/2
      expect(Math.min(e0, e1)).toBeGreaterThan(0.1 * Math.max(e0, e1));
      close(L('structural', g, p, 1, 2), (e0 * -ln(0.7) + e1 * -ln(0.6)) / 2, 1e-12);
      // β = 0.99: only the larger one passes ⇒ M = 1
      expect(Math.min(e0, e1)).toBeLessThan(0.99 * Math.max(e0, e1));
      const big = e0 > e1 ? e0 * -ln(0.7) : e1 * -ln(0.6);
      close(L('structural', g, p, 1, 2, { beta: 0.99 }), big, 1e-12);
    }
    // identical maps ⇒ e = 0 everywhere ⇒ M = 0 ⇒ L = 0
    const m = [0.2, 0.9, 0.4, 0.7, 0.1, 0.6];
    close(L('structural', m, m, 2, 3), 0);
    // β = 1 ⇒ f = [e > e_max] = 0 everywhere ⇒ L = 0
    close(L('structural', [1, 0, 1, 0, 0, 1], m, 2, 3, { beta: 1 }), 0);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('reference identities', () => {
  const g = [1, 0, 1, 1, 0, 0, 1, 0, 0];
  const p = [0.9, 0.2, 0.6, 0.3, 0.45, 0.05, 0.7, 0.8, 0.15];

  it('focal γ = 0, α = null is bce', () => {
    close(L('focal', g, p, 3, 3, { gamma: 0, alpha: null }), L('bce', g, p, 3, 3));
  });
  it('tversky 0.5/0.5 with halved smoothing is dice', () => {
    for (const s of [0, 1, 2.5]) {
      close(
        L('tversky', g, p, 3, 3, { fp_weight: 0.5, fn_weight: 0.5, smooth: s / 2 }),
        L('dice', g, p, 3, 3, { smooth: s }),
      );
    }
  });
  it('balanced β = 0.5 is bce/2', () => {
    close(L('balanced_bce', g, p, 3, 3, { beta: 0.5 }), L('bce', g, p, 3, 3) / 2);
  });
  it('focal_tversky γ = 1 is tversky', () => {
    close(L('focal_tversky', g, p, 3, 3, { gamma: 1 }), L('tversky', g, p, 3, 3));
  });
  it('log_cosh_dice of the same scene is ln cosh of dice', () => {
    const dl = L('dice', g, p, 3, 3);
    close(L('log_cosh_dice', g, p, 3, 3), ln(Math.cosh(dl)));
  });
  it('distance_bce with λ = 0 and shape_aware with scale 0 are bce; weighted β = 1 is bce', () => {
    close(L('distance_bce', g, p, 3, 3, { lambda: 0 }), L('bce', g, p, 3, 3));
    close(L('shape_aware', g, p, 3, 3, { scale: 0 }), L('bce', g, p, 3, 3));
    close(L('weighted_bce', g, p, 3, 3, { beta: 1 }), L('bce', g, p, 3, 3));
  });
  it('every loss evaluated with its own side inputs equals the plain evaluation', () => {
    for (const id of LOSS_IDS) {
      expect(referenceLoss(id, g, p, 3, 3, {}, referenceSide(id, g, p, 3, 3, {}))).toBe(
        referenceLoss(id, g, p, 3, 3, {}),
      );
    }
  });
  it('an unknown parameter key throws', () => {
    expect(() => L('dice', g, p, 3, 3, { smoth: 1 })).toThrow(/no parameter "smoth"/);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('reference side inputs and margins', () => {
  it('hausdorff_dt: dp frozen at p when p2 crosses the threshold', () => {
    const g = [1, 0, 0];
    const side = referenceSide('hausdorff_dt', g, [0.8, 0.6, 0.1], 1, 3, {});
    expect(side.dp).toEqual([2, 1, 1]);
    // p2 = [.8,.4,.1], frozen dp = [2,1,1], dg = [1,1,2]: (1/3)[.04·5 + .16·2 + .01·5] = 0.57/3
    close(referenceLoss('hausdorff_dt', g, [0.8, 0.4, 0.1], 1, 3, {}, side), 0.57 / 3);
    // unfrozen: [p2 > .5] = [1,0,0] ⇒ dp = [1,1,2]: (1/3)[.04·2 + .16·2 + .01·8] = 0.48/3
    close(referenceLoss('hausdorff_dt', g, [0.8, 0.4, 0.1], 1, 3, {}), 0.48 / 3);
  });

  it('shape_aware: E frozen', () => {
    const g = [1, 1, 0, 0, 0];
    const side = referenceSide('shape_aware', g, [0.1, 0.1, 0.1, 0.9, 0.9], 1, 5, {});
    // at p2 = all .1, E stays 2.5 instead of 0
    close(
      referenceLoss('shape_aware', g, [0.1, 0.1, 0.1, 0.1, 0.1], 1, 5, {}, side),
      3.5 * ((2 * -ln(0.1) + 3 * -ln(0.9)) / 5),
    );
  });

  it('structural: f, e_max, M returned and frozen', () => {
    const side = referenceSide('structural', [1], [0.5], 1, 1, {});
    expect(side.f).toEqual([1]);
    expect(side.M).toBe(1);
    // frozen f = [0], M = 0 ⇒ L = 0 whatever p
    close(referenceLoss('structural', [1], [0.5], 1, 1, {}, { f: [0], M: 0, eMax: 0 }), 0);
    // margin of a 1x1: e − max(0.1 e, 1e-5) = 0.9 e
    close(referenceMargin('structural', [1], [0.5], 1, 1, {}), 0.9 * (side.eMax as number), 1e-15);
  });

  it('margins: thresholds, focal_tversky floor, none', () => {
    close(referenceMargin('hausdorff_dt', [1, 0, 0], [0.8, 0.6, 0.1], 1, 3, {}), 0.1, 1e-15);
    close(referenceMargin('shape_aware', [1, 0, 0], [0.8, 0.6, 0.1], 1, 3, { threshold: 0.75 }), 0.05, 1e-15);
    // g near 0.5 is a mask discontinuity too
    close(referenceMargin('distance_bce', [0.52, 0, 1], [0.5, 0.5, 0.5], 1, 3, {}), 0.02, 1e-15);
    close(referenceMargin('focal_tversky', [1, 1, 0], [0.5, 1, 0.5], 1, 3, {}), 1 / 6 - 1e-6, 1e-15);
    expect(referenceMargin('bce', [1, 0], [0.5, 0.5], 1, 2, {})).toBe(Infinity);
    expect(referenceMargin('dice', [1, 0], [0.5, 0.5], 1, 2, {})).toBe(Infinity);
    // exp_log: g = [1,0], p = [.8,.4]; floored quantities −ln D₁ = −ln(2.6/3.2) ≈ 0.2076, −ln D₀ = −ln(2.2/2.8)
    // ≈ 0.2412, ℓ⁺₀ = −ln .8 ≈ 0.2231, ℓ⁻₁ = −ln .6 ≈ 0.5108 ⇒ margin −ln D₁ − 1e-6
    close(referenceMargin('exp_log', [1, 0], [0.8, 0.4], 1, 2, {}), -ln(2.6 / 3.2) - 1e-6, 1e-12);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('reference gradient (finite differences) against hand derivatives', () => {
  it('bce: −g/p + (1 − g)/(1 − p), over N; logit gives (p − g)/N', () => {
    const g = [1, 0, 1, 0];
    const p = [0.9, 0.2, 0.6, 0.5];
    const prob = p.map((pi, i) => (-(g[i] as number) / pi + (1 - (g[i] as number)) / (1 - pi)) / 4);
    closeAll(referenceGradient('bce', g, p, 2, 2, {}, 'prob'), prob, 1e-9);
    closeAll(
      referenceGradient('bce', g, p, 2, 2, {}, 'logit'),
      p.map((pi, i) => (pi - (g[i] as number)) / 4),
      1e-10,
    );
    // near the clip edge of the FD range: p = 1e-3, g = 1 ⇒ −1000
    close(referenceGradient('bce', [1], [1e-3], 1, 1, {}, 'prob')[0] as number, -1000, 1e-6);
  });

  it('dice: −(2 g_i D − (2TP + s))/D²', () => {
    // g = [1,1,0], p = [.5,.9,.5]: TP = 1.4, P = 1.9, G = 2, D = 4.9, num = 3.8
    const grad = referenceGradient('dice', [1, 1, 0], [0.5, 0.9, 0.5], 1, 3, {}, 'prob');
    closeAll(grad, [-6 / 24.01, -6 / 24.01, 3.8 / 24.01], 1e-10);
  });

  it('log_cosh_dice: tanh(DL) · ∂DL/∂p; focal_tversky: (1/γ)(1 − TI)^(1/γ − 1) · ∂(1 − TI)/∂p', () => {
    const g = [1, 1, 0];
    const p = [0.5, 0.9, 0.5];
    const dl = 1 - 3.8 / 4.9;
    closeAll(
      referenceGradient('log_cosh_dice', g, p, 1, 3, {}, 'prob'),
      [-6 / 24.01, -6 / 24.01, 3.8 / 24.01].map((d) => Math.tanh(dl) * d),
      1e-10,
    );
    // Tversky: TP = 1.4, FP = .5, FN = .6; den = 1.4 + .15 + .42 + 1 = 2.97, TI = 2.4/2.97.
    // ∂TI/∂p_i = [g_i·den − (TP + s)(g_i + .3(1 − g_i) − .7 g_i)]/den²
    const den = 2.97;
    const dTI = g.map((gi) => (gi * den - 2.4 * (gi + 0.3 * (1 - gi) - 0.7 * gi)) / (den * den));
    const oneMinus = 1 - 2.4 / den;
    closeAll(
      referenceGradient('tversky', g, p, 1, 3, {}, 'prob'),
      dTI.map((d) => -d),
      1e-10,
    );
    closeAll(
      referenceGradient('focal_tversky', g, p, 1, 3, {}, 'prob'),
      dTI.map((d) => -0.75 * Math.pow(oneMinus, -0.25) * d),
      1e-9,
    );
  });

  it('hausdorff_dt: 2(p − g)(dp^α + dg^α)/N with dp frozen', () => {
    // dp = [2,1,1], dg = [1,1,2] ⇒ weights 5, 2, 5
    closeAll(
      referenceGradient('hausdorff_dt', [1, 0, 0], [0.8, 0.6, 0.1], 1, 3, {}, 'prob'),
      [(2 * -0.2 * 5) / 3, (2 * 0.6 * 2) / 3, (2 * 0.1 * 5) / 3],
      1e-10,
    );
  });

  it('shape_aware: (1 + E) times the bce gradient, E frozen', () => {
    const g = [1, 1, 0, 0, 0];
    const p = [0.1, 0.1, 0.1, 0.9, 0.9];
    const expected = p.map((pi, i) => (3.5 * (-(g[i] as number) / pi + (1 - (g[i] as number)) / (1 - pi))) / 5);
    closeAll(referenceGradient('shape_aware', g, p, 1, 5, {}, 'prob'), expected, 1e-9);
  });

  it('balanced_bce and focal by hand', () => {
    // β = 3/4: pixel 0 (g = 1): −β/p/N; others: (1 − β)/(1 − p)/N
    const g = [1, 0, 0, 0];
    const p = [0.5, 0.5, 0.2, 0.5];
    closeAll(
      referenceGradient('balanced_bce', g, p, 2, 2, {}, 'prob'),
      [-0.75 / 0.5 / 4, 0.25 / 0.5 / 4, 0.25 / 0.8 / 4, 0.25 / 0.5 / 4],
      1e-10,
    );
    // focal, g = 1, α = null, γ = 2: d/dp[−(1 − p)² ln p] = 2(1 − p) ln p − (1 − p)²/p
    const pt = 0.3;
    close(
      referenceGradient('focal', [1], [pt], 1, 1, { alpha: null }, 'prob')[0] as number,
      2 * 0.7 * ln(pt) - 0.49 / pt,
      1e-9,
    );
  });

  it('sens_spec: 2(p − g)·weight / (Σ + ε) per side', () => {
    // g = [1,0], p = [.6,.3], r = .05: [.05·2(−.4)/(1 + 1e-5), .95·2(.3)/(1 + 1e-5)]
    closeAll(
      referenceGradient('sens_spec', [1, 0], [0.6, 0.3], 1, 2, {}, 'prob'),
      [(0.05 * -0.8) / 1.00001, (0.95 * 0.6) / 1.00001],
      1e-10,
    );
    // no clip: p = 0 and 1 are allowed in prob space
    closeAll(
      referenceGradient('sens_spec', [1, 0], [0, 1], 1, 2, {}, 'prob'),
      [(0.05 * -2) / 1.00001, (0.95 * 2) / 1.00001],
      1e-9,
    );
  });

  it('logit space is prob space times p(1 − p) for every loss, and frozen = unfrozen away from jumps', () => {
    const g = [1, 0, 1, 1, 0, 0, 1, 0, 0];
    const p = [0.9, 0.2, 0.6, 0.3, 0.42, 0.05, 0.7, 0.8, 0.15];
    for (const id of LOSS_IDS) {
      const gp = referenceGradient(id, g, p, 3, 3, {}, 'prob');
      const gz = referenceGradient(id, g, p, 3, 3, {}, 'logit');
      gz.forEach((v, i) => {
        const pi = p[i] as number;
        close(v, (gp[i] as number) * pi * (1 - pi), 1e-8 * Math.max(1, Math.abs(v)));
      });
    }
    // away from the thresholds (margin ≥ 0.08), a plain central difference of the unfrozen loss agrees.
    for (const id of ['hausdorff_dt', 'shape_aware', 'structural'] as const) {
      expect(referenceMargin(id, g, p, 3, 3, {})).toBeGreaterThan(1e-3);
      const gp = referenceGradient(id, g, p, 3, 3, {}, 'prob');
      const hstep = 1e-6;
      gp.forEach((v, i) => {
        const up = p.slice();
        const dn = p.slice();
        up[i] = (p[i] as number) + hstep;
        dn[i] = (p[i] as number) - hstep;
        const fd = (L(id, g, up, 3, 3) - L(id, g, dn, 3, 3)) / (2 * hstep);
        close(v, fd, 1e-6 * Math.max(1, Math.abs(v)));
      });
    }
  });

  it('refuses p outside the clip range for clipped losses', () => {
    expect(() => referenceGradient('bce', [1], [0], 1, 1, {}, 'prob')).toThrow(/not inside/);
    expect(() => referenceGradient('bce', [1], [1], 1, 1, {}, 'logit')).toThrow(/not inside/);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('reference metrics', () => {
  it('numpy linear percentile', () => {
    close(percentileLinear([4, 1, 3, 2], 95), 3.85); // index 0.95·3 = 2.85 ⇒ 3 + .85·1
    close(percentileLinear([4, 1, 3, 2], 50), 2.5);
    close(percentileLinear([7], 95), 7);
    close(percentileLinear([0, 10], 95), 9.5);
  });

  it('overlap metrics on 2x2', () => {
    // A = [p > .5] = [1,1,0,0], B = [g > .5] = [0,1,1,1]: |A∩B| = 1, |A| = 2, |B| = 3, union 4
    const m = referenceMetrics([0, 1, 1, 1], [0.9, 0.6, 0.5, 0.1], 2, 2);
    close(m.dice, 2 / 5);
    close(m.iou, 1 / 4);
    close(m.precision as number, 1 / 2);
    close(m.recall as number, 1 / 3);
  });

  it('empty masks', () => {
    expect(referenceMetrics([0, 0, 0, 0], [0.5, 0.1, 0, 0.2], 2, 2)).toEqual({
      dice: 1,
      iou: 1,
      precision: null,
      recall: null,
      hausdorff: null,
      hd95: null,
    });
    // prediction empty, truth not: dice 0, iou 0, precision undefined, recall 0
    expect(referenceMetrics([1, 0, 0, 0], [0.5, 0.1, 0, 0.2], 2, 2)).toEqual({
      dice: 0,
      iou: 0,
      precision: null,
      recall: 0,
      hausdorff: null,
      hd95: null,
    });
  });

  it('Hausdorff and HD95 of small shapes', () => {
    // 1x5: A = {0}, B = {4}: HD = HD95 = 4
    const a = referenceMetrics([0, 0, 0, 0, 1], [1, 0, 0, 0, 0], 1, 5);
    expect(a.hausdorff).toBe(4);
    expect(a.hd95).toBe(4);
    // 3x3: A = {(0,0)}, B = the 2x2 block top-left (all four are contour).
    // A→B: [0]; B→A: [0, 1, 1, √2] ⇒ HD = √2, HD95 = 1 + .85(√2 − 1)
    const b = referenceMetrics([1, 1, 0, 1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0, 0], 3, 3);
    close(b.hausdorff as number, Math.SQRT2);
    close(b.hd95 as number, 1 + 0.85 * (Math.SQRT2 - 1));
    close(b.dice, 2 / 5);
    // 4x4: B = full image (contour = 12 border pixels), A = top-left pixel: A→B 0;
    // B→A distances: row 0: 0,1,2,3; row 3: 3, √10, √13, √18; col 0 rows 1,2: 1, 2; col 3 rows 1,2: √10, √13.
    // sorted: 0,1,1,2,2,3,3,√10,√10,√13,√13,√18; 95th: index 10.45 ⇒ √13 + .45(√18 − √13)
    const full = new Array<number>(16).fill(1);
    const one = new Array<number>(16).fill(0);
    one[0] = 1;
    const c = referenceMetrics(full, one, 4, 4);
    close(c.hausdorff as number, Math.sqrt(18));
    close(c.hd95 as number, Math.sqrt(13) + 0.45 * (Math.sqrt(18) - Math.sqrt(13)));
    close(c.precision as number, 1);
    close(c.recall as number, 1 / 16);
  });
});
