/**
 * Where the sources differ: the settings each one uses, as data. Applying a convention sets every
 * loss to the registry defaults plus that convention's overrides, and reports what changed.
 *
 * Derived from docs/losses.md (its notation section and what each loss's entry says of the survey, the
 * paper, Jadon's code, MONAI, smp and Keras). Keys are the registry's canonical parameter keys.
 */
import type { LossId, ParamSet, ParamValue } from './types.ts';
import { LOSSES, defaultParams, lossInfo, paramSpec } from './registry.ts';

export const CONVENTION_IDS = ['survey', 'paper', 'monai', 'smp', 'keras'] as const;
export type ConventionId = (typeof CONVENTION_IDS)[number];

export interface Convention {
  id: ConventionId;
  name: string;
  /** One sentence on where the numbers come from. */
  source: string;
  /** Parameter overrides on top of the registry defaults. */
  params: Partial<Record<LossId, ParamSet>>;
  /** What this source does per loss that the sliders cannot express, or that it has no such loss. */
  notes: Partial<Record<LossId, string>>;
}

const NOT_IN = (lib: string) => `not in ${lib}: kept at the survey form`;

export const CONVENTIONS: readonly Convention[] = [
  {
    id: 'survey',
    name: 'Survey / Jadon code',
    source:
      'Jadon’s survey (arXiv 2006.14822) and its repository loss_functions.py: smoothing 1, Tversky 0.3 FP / 0.7 FN, focal α 0.25 γ 2.',
    params: {
      weighted_bce: { beta: 1 / 3 },
      focal: { gamma: 2, alpha: 0.25 },
      tversky: { fp_weight: 0.3, fn_weight: 0.7, smooth: 1 },
      focal_tversky: { fp_weight: 0.3, fn_weight: 0.7, gamma: 4 / 3, smooth: 1 },
      dice: { smooth: 1, squared: false },
      log_cosh_dice: { smooth: 1 },
    },
    notes: {
      weighted_bce: 'the code passes pos_weight = β/(1 − β) with β = 0.25, i.e. β = 1/3 on the positive term',
      focal_tversky: 'the code writes the exponent 0.75 directly: γ = 4/3 here',
      balanced_bce: 'no function in the code; the survey’s β = 1 − foreground fraction (auto)',
      sens_spec: 'the survey writes a score w·sens + (1 − w)·spec; Brosch’s loss is used',
    },
  },
  {
    id: 'paper',
    name: 'Original papers',
    source:
      'Each loss as its original paper defines it: V-Net’s squared Dice without smoothing, Salehi’s Tversky without smoothing, Lin’s focal loss, Abraham’s γ = 4/3.',
    params: {
      weighted_bce: { beta: 1 },
      focal: { gamma: 2, alpha: 0.25 },
      dice: { smooth: 0, squared: true },
      sens_spec: { r: 0.05 },
      tversky: { fp_weight: 0.3, fn_weight: 0.7, smooth: 0 },
      focal_tversky: { fp_weight: 0.3, fn_weight: 0.7, gamma: 4 / 3, smooth: 1 },
      hausdorff_dt: { alpha: 2, threshold: 0.5 },
      combo: { alpha: 0.5, beta: 0.5, smooth: 1 },
      exp_log: { w_dice: 0.8, gamma_dice: 0.3, gamma_cross: 0.3, smooth: 1 },
    },
    notes: {
      dice: 'Milletari et al. (V-Net): 2Σpg / (Σp² + Σg²), no smoothing',
      tversky: 'Salehi et al.: α = 0.3 on FP, β = 0.7 on FN, no smoothing',
      balanced_bce: 'HED sums over pixels; a mean is shown',
      focal: 'RetinaNet normalises the sum by the number of positive anchors; a mean is shown',
      combo: 'Taghanaki et al.: the Dice coefficient is subtracted (negative values)',
      distance_bce: 'Caliva et al. do not specify Φ; SegLoss’s construction is used',
      shape_aware: 'no public implementation: our reading of the survey',
      structural: 'window and β are not given in the paper',
    },
  },
  {
    id: 'monai',
    name: 'MONAI',
    source:
      'Project-MONAI losses: smooth_nr = smooth_dr = 1e-5, Tversky α = β = 0.5, FocalLoss without α, HausdorffDTLoss α = 2.',
    params: {
      dice: { smooth_nr: 1e-5, smooth_dr: 1e-5, squared: false },
      tversky: { fp_weight: 0.5, fn_weight: 0.5, smooth_nr: 1e-5, smooth_dr: 1e-5 },
      focal: { gamma: 2, alpha: null },
      hausdorff_dt: { alpha: 2, threshold: 0.5 },
    },
    notes: {
      dice: 'DiceLoss(smooth_nr=1e-5, smooth_dr=1e-5); squared_pred=True is the V-Net toggle',
      tversky: 'TverskyLoss(alpha=0.5 on FP, beta=0.5 on FN)',
      focal: 'FocalLoss(gamma=2, alpha=None)',
      hausdorff_dt: 'HausdorffDTLoss(alpha=2), prediction thresholded at > 0.5',
      weighted_bce: 'DiceCELoss passes weight as BCE pos_weight = β',
      focal_tversky: 'only AsymmetricFocalTverskyLoss, with a different exponent (1 − γ): kept at the survey form',
      combo: 'DiceCELoss = λ_d·DiceLoss + λ_ce·CE is positive-valued, not Taghanaki’s form: kept at the survey form',
      bce: 'BCEWithLogitsLoss on logits (no clip): equal up to the clip',
      balanced_bce: NOT_IN('MONAI'),
      distance_bce: NOT_IN('MONAI'),
      sens_spec: NOT_IN('MONAI'),
      log_cosh_dice: NOT_IN('MONAI'),
      shape_aware: NOT_IN('MONAI'),
      exp_log: NOT_IN('MONAI'),
      structural: NOT_IN('MONAI'),
    },
  },
  {
    id: 'smp',
    name: 'segmentation_models.pytorch',
    source:
      'smp losses: smooth 0 (the denominator is clamped at 1e-7), Tversky α = β = 0.5 with exponent γ = 1, FocalLoss class without α.',
    params: {
      dice: { smooth: 0, squared: false },
      tversky: { fp_weight: 0.5, fn_weight: 0.5, smooth: 0 },
      focal_tversky: { fp_weight: 0.5, fn_weight: 0.5, gamma: 1, smooth: 0 },
      focal: { gamma: 2, alpha: null },
      weighted_bce: { beta: 1 },
    },
    notes: {
      dice: 'DiceLoss(smooth=0, eps=1e-7 as a clamp); classes with an empty target are forced to 0, which is not reproduced',
      focal_tversky:
        'TverskyLoss(gamma) raises (1 − TI) to γ itself; here the exponent is 1/γ, so γ = 1 (smp default) matches',
      focal: 'the FocalLoss class defaults to alpha=None (the functional form uses 0.25)',
      weighted_bce: 'SoftBCEWithLogitsLoss(pos_weight=None)',
      balanced_bce: NOT_IN('smp'),
      distance_bce: NOT_IN('smp'),
      sens_spec: NOT_IN('smp'),
      log_cosh_dice: NOT_IN('smp'),
      hausdorff_dt: NOT_IN('smp'),
      shape_aware: NOT_IN('smp'),
      combo: NOT_IN('smp'),
      exp_log: NOT_IN('smp'),
      structural: NOT_IN('smp'),
    },
  },
  {
    id: 'keras',
    name: 'Keras 3',
    source:
      'keras.losses: probabilities clipped at 1e-7, Dice and Tversky with nothing in the numerator and 1e-7 in the denominator, BinaryFocalCrossentropy without class balancing.',
    params: {
      bce: { eps: 1e-7 },
      focal: { gamma: 2, alpha: null },
      dice: { smooth: 0, smooth_nr: 0, smooth_dr: 1e-7, squared: false },
      tversky: { fp_weight: 0.5, fn_weight: 0.5, smooth: 0, smooth_nr: 0, smooth_dr: 1e-7 },
    },
    notes: {
      focal: 'BinaryFocalCrossentropy ignores alpha unless apply_class_balancing=True',
      dice: 'keras.losses.Dice: 1 − 2I/(Σg + Σp + 1e-7)',
      tversky: 'keras.losses.Tversky(alpha=0.5 on FP, beta=0.5 on FN)',
      weighted_bce: NOT_IN('Keras') + ' (sample weights only)',
      balanced_bce: NOT_IN('Keras'),
      distance_bce: NOT_IN('Keras'),
      sens_spec: NOT_IN('Keras'),
      focal_tversky: NOT_IN('Keras'),
      log_cosh_dice: NOT_IN('Keras'),
      hausdorff_dt: NOT_IN('Keras'),
      shape_aware: NOT_IN('Keras'),
      combo: NOT_IN('Keras'),
      exp_log: NOT_IN('Keras'),
      structural: NOT_IN('Keras'),
    },
  },
];

export const DEFAULT_CONVENTION: ConventionId = 'survey';

export function conventionInfo(id: ConventionId): Convention {
  const c = CONVENTIONS.find((x) => x.id === id);
  if (!c) throw new Error(`unknown convention "${id}"`);
  return c;
}

export function isConventionId(v: unknown): v is ConventionId {
  return typeof v === 'string' && (CONVENTION_IDS as readonly string[]).includes(v);
}

export type AllParams = Record<LossId, ParamSet>;

export function defaultAllParams(): AllParams {
  return Object.fromEntries(LOSSES.map((l) => [l.id, defaultParams(l.id)])) as AllParams;
}

/** Every loss's parameters under a convention: registry defaults plus the convention's overrides. */
export function conventionParams(id: ConventionId): AllParams {
  const all = defaultAllParams();
  const c = conventionInfo(id);
  for (const [lossId, over] of Object.entries(c.params) as [LossId, ParamSet][]) {
    all[lossId] = { ...all[lossId], ...over };
  }
  return all;
}

export interface ParamChange {
  loss: LossId;
  key: string;
  from: ParamValue;
  to: ParamValue;
}

/** A parameter's value: null is a value ("auto" / "off"), only a missing key takes the default. */
export function valueOf(set: ParamSet | undefined, key: string, fallback: ParamValue): ParamValue {
  return set && key in set ? (set[key] as ParamValue) : fallback;
}

/** The differences between two parameter sets, in registry order. */
export function diffParams(before: AllParams, after: AllParams): ParamChange[] {
  const out: ParamChange[] = [];
  for (const info of LOSSES) {
    for (const spec of info.params) {
      const a = valueOf(before[info.id], spec.key, spec.default);
      const b = valueOf(after[info.id], spec.key, spec.default);
      if (!Object.is(a, b)) out.push({ loss: info.id, key: spec.key, from: a, to: b });
    }
  }
  return out;
}

/** How a parameter value reads in a change report: null as its meaning ("same as smooth"). */
export function describeParamValue(loss: LossId, key: string, v: ParamValue): string {
  if (v === null) {
    const spec = paramSpec(loss, key);
    return spec && spec.kind === 'number' && spec.nullMeaning ? spec.nullMeaning : 'none';
  }
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (Math.abs(v - 1 / 3) < 1e-12) return '1/3';
  if (Math.abs(v - 4 / 3) < 1e-12) return '4/3';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5))
    return v.toExponential().replace('e-', 'e−').replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}

/** One line per change: "Dice · smooth_nr: same as smooth → 1e−5". */
export function describeChanges(changes: readonly ParamChange[]): string[] {
  return changes.map(
    (c) =>
      `${lossInfo(c.loss).short} · ${c.key}: ${describeParamValue(c.loss, c.key, c.from)} → ${describeParamValue(c.loss, c.key, c.to)}`,
  );
}

/** Does the current parameter set equal a convention's exactly? (to show "custom" after edits) */
export function matchesConvention(params: AllParams, id: ConventionId): boolean {
  return diffParams(params, conventionParams(id)).length === 0;
}
