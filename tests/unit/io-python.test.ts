/**
 * The Python (PyTorch + MONAI) snippet, checked structurally (there is no Python here to run it): every
 * loss MONAI has appears with MONAI's class and the arguments of the page's convention, the embedded
 * page values are the engine's, the others are listed. The MONAI arguments are also fed into MONAI's
 * own formulas (monai/losses/dice.py, tversky.py of MONAI 1.5.0) in float64 and must give the engine's value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';
import { LOSS_IDS } from '../../src/core/registry.ts';
import type { LossId, ParamSet } from '../../src/core/types.ts';
import { CONVENTION_IDS, conventionInfo, conventionParams } from '../../src/core/conventions.ts';
import { buildPreset } from '../../src/scene/presets.ts';
import { quantizePrediction } from '../../src/scene/levels.ts';
import { MONAI_VERSION, pythonSnippet } from '../../src/io/python.ts';

const scene = buildPreset('uncertain', 64);
const pred = quantizePrediction(scene.pred);
let engine: LossEngine;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  engine = new LossEngine();
  engine.setTarget(scene.target, scene.height, scene.width);
});
afterAll(() => engine.dispose());

function snippetFor(
  params: Record<LossId, ParamSet>,
  name?: string,
): { text: string; values: Partial<Record<LossId, number>> } {
  const values = engine.evaluate(pred, params).values;
  return {
    text: pythonSnippet({ params, values, convention: name, height: scene.height, width: scene.width }),
    values,
  };
}

/** report("id", <expression>, <page value>) lines, by id. */
function reports(text: string): Map<string, { expr: string; page: number }> {
  const out = new Map<string, { expr: string; page: number }>();
  for (const line of text.split('\n')) {
    const m = /^ {4}report\("([^"]+)", (.*), (\S+)\)(?: {2}#.*)?$/.exec(line);
    if (m) out.set(m[1] as string, { expr: m[2] as string, page: Number(m[3]) });
  }
  return out;
}

/** keyword=value arguments of the first call of `cls` in `expr`. */
function args(expr: string, cls: string): Record<string, string> {
  const m = new RegExp(`${cls}\\(([^)]*)\\)`).exec(expr);
  if (!m) throw new Error(`no ${cls}( in ${expr}`);
  return Object.fromEntries((m[1] as string).split(', ').map((kv) => kv.split('=') as [string, string]));
}

const MONAI_LOSSES: Partial<Record<LossId, string>> = {
  dice: 'DiceLoss',
  tversky: 'TverskyLoss',
  focal: 'FocalLoss',
  hausdorff_dt: 'HausdorffDTLoss',
};
const MISSING: LossId[] = ['distance_bce', 'shape_aware', 'exp_log', 'structural'];

describe.each(CONVENTION_IDS)('Python snippet, convention %s', (id) => {
  const params = conventionParams(id);
  const name = conventionInfo(id).name;

  it('has every loss: MONAI classes, PyTorch expressions, or listed as missing; page values are the engine’s', () => {
    const { text, values } = snippetFor(params, name);
    const lines = reports(text);
    for (const loss of LOSS_IDS) {
      if (MISSING.includes(loss) || (loss === 'hausdorff_dt' && params.hausdorff_dt.threshold !== 0.5)) {
        expect(lines.has(loss), loss).toBe(false);
        expect(text).toContain(`#   ${loss} (`);
        expect(text).toContain(`Page value: ${values[loss]}`);
        continue;
      }
      const r = lines.get(loss);
      expect(r, loss).toBeDefined();
      expect(r?.page, loss).toBe(values[loss]);
      const cls = MONAI_LOSSES[loss];
      if (cls) expect(r?.expr.startsWith(`${cls}(`), loss).toBe(true);
    }
    expect(lines.get('DiceCELoss = dice + bce')?.page).toBe((values.dice as number) + (values.bce as number));
    expect(lines.get('DiceFocalLoss = dice + focal')?.page).toBe((values.dice as number) + (values.focal as number));
    expect(text).toContain(`MONAI ${MONAI_VERSION}`);
    expect(text).toContain(`convention: ${name}`);
  });

  it('passes the convention’s parameters as MONAI’s arguments', () => {
    const lines = reports(snippetFor(params).text);
    const smooth = (set: ParamSet) => ({
      nr: (set.smooth_nr as number | null) ?? (set.smooth as number),
      dr: (set.smooth_dr as number | null) ?? (set.smooth as number),
    });
    const dice = args(lines.get('dice')?.expr ?? '', 'DiceLoss');
    expect(dice).toMatchObject({
      include_background: 'True',
      sigmoid: 'False',
      squared_pred: params.dice.squared ? 'True' : 'False',
    });
    expect([Number(dice.smooth_nr), Number(dice.smooth_dr)]).toEqual([smooth(params.dice).nr, smooth(params.dice).dr]);
    const tv = args(lines.get('tversky')?.expr ?? '', 'TverskyLoss');
    expect([Number(tv.alpha), Number(tv.beta), Number(tv.smooth_nr), Number(tv.smooth_dr)]).toEqual([
      params.tversky.fp_weight,
      params.tversky.fn_weight,
      smooth(params.tversky).nr,
      smooth(params.tversky).dr,
    ]);
    const focal = args(lines.get('focal')?.expr ?? '', 'FocalLoss');
    expect(Number(focal.gamma)).toBe(params.focal.gamma);
    expect(focal.alpha).toBe(params.focal.alpha === null ? 'None' : String(params.focal.alpha));
    expect(lines.get('focal')?.expr).toMatch(new RegExp(`\\)\\(logit\\(${String(params.focal.eps)}\\), g\\)$`));
    if (params.hausdorff_dt.threshold === 0.5)
      expect(Number(args(lines.get('hausdorff_dt')?.expr ?? '', 'HausdorffDTLoss').alpha)).toBe(
        params.hausdorff_dt.alpha,
      );
  });

  it('MONAI’s Dice and Tversky formulas with those arguments give the page’s values', () => {
    const { text, values } = snippetFor(params);
    const lines = reports(text);
    let tp = 0,
      sp = 0,
      sg = 0,
      sp2 = 0,
      sg2 = 0,
      fp = 0,
      fn = 0;
    for (let i = 0; i < pred.length; i++) {
      const p = pred[i] as number;
      const g = scene.target[i] as number;
      tp += p * g;
      sp += p;
      sg += g;
      sp2 += p * p;
      sg2 += g * g;
      fp += p * (1 - g);
      fn += (1 - p) * g;
    }
    // dice.py: tp, fp = Σp − tp, fn = Σg − tp (squared: Σp², Σg²); 1 − (2tp + nr)/(2(tp + fp/2 + fn/2) + dr)
    const d = args(lines.get('dice')?.expr ?? '', 'DiceLoss');
    const [pO, gO] = d.squared_pred === 'True' ? [sp2, sg2] : [sp, sg];
    const monaiDice =
      1 - (2 * tp + Number(d.smooth_nr)) / (2 * (tp + 0.5 * (pO - tp) + 0.5 * (gO - tp)) + Number(d.smooth_dr));
    expect(Math.abs(monaiDice - (values.dice as number))).toBeLessThan(1e-9);
    // tversky.py: 1 − (tp + nr)/(tp + α fp + β fn + dr)
    const t = args(lines.get('tversky')?.expr ?? '', 'TverskyLoss');
    const monaiTversky =
      1 - (tp + Number(t.smooth_nr)) / (tp + Number(t.alpha) * fp + Number(t.beta) * fn + Number(t.smooth_dr));
    expect(Math.abs(monaiTversky - (values.tversky as number))).toBeLessThan(1e-9);
    // focal Tversky: MONAI's TverskyLoss ** (1 / γ)
    const ft = lines.get('focal_tversky')?.expr ?? '';
    const ftArgs = args(ft, 'TverskyLoss');
    const gamma = Number(/\*\* \(1 \/ (\S+)\)$/.exec(ft)?.[1]);
    const ftValue =
      (1 -
        (tp + Number(ftArgs.smooth_nr)) /
          (tp + Number(ftArgs.alpha) * fp + Number(ftArgs.beta) * fn + Number(ftArgs.smooth_dr))) **
      (1 / gamma);
    expect(Math.abs(ftValue - (values.focal_tversky as number))).toBeLessThan(1e-9);
  });
});

describe('Python snippet, special cases', () => {
  it('a Hausdorff threshold other than 0.5 is listed: MONAI fixes it at 0.5', () => {
    const params = conventionParams('monai');
    params.hausdorff_dt = { ...params.hausdorff_dt, threshold: 0.3 };
    const { text } = snippetFor(params);
    expect(reports(text).has('hausdorff_dt')).toBe(false);
    expect(text).toMatch(
      /# {3}hausdorff_dt \(.*\): MONAI’s HausdorffDTLoss thresholds the prediction at 0\.5; the page uses 0\.3/,
    );
  });

  it('writes only Python literals (no NaN, undefined, null, true or false)', () => {
    const { text } = snippetFor(conventionParams('survey'));
    const code = text
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('#'))
      .join('\n');
    expect(code).not.toMatch(/\b(NaN|undefined|null|true|false|Infinity)\b/);
    for (const line of code.split('\n'))
      expect((line.match(/\(/g) ?? []).length, line).toBe((line.match(/\)/g) ?? []).length);
  });
});
