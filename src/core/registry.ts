/**
 * The loss registry: every loss as data. UI, URL codec, CLI and tests are generated from this list,
 * so ids and parameter keys here are a public contract (share links, the CLI and tests carry them).
 * Exact definitions: docs/losses.md.
 */
import type {
  BooleanParamSpec,
  DerivativeSpace,
  LossId,
  LossInfo,
  NumberParamSpec,
  ParamSet,
  ParamSpec,
  ParamValue,
  ParamsByLoss,
} from './types.ts';
import { LOSS_IDS } from './types.ts';

function num(spec: Omit<NumberParamSpec, 'kind'>): NumberParamSpec {
  return { kind: 'number', ...spec };
}
function bool(spec: Omit<BooleanParamSpec, 'kind'>): BooleanParamSpec {
  return { kind: 'boolean', ...spec };
}

const EPS = num({
  key: 'eps',
  symbol: '\\epsilon',
  label: 'log clip ε',
  default: 1e-7,
  min: 1e-7,
  max: 1e-2,
  step: 1e-7,
  scale: 'log',
  advanced: true,
  doc: 'p is clipped to [ε, 1 − ε] inside logarithms and divisions (Keras K.epsilon()). At least 1e-7: in float32, 1 − ε rounds to 1 below about 6e-8.',
});
const SMOOTH = num({
  key: 'smooth',
  symbol: 's',
  label: 'smoothing',
  default: 1,
  min: 0,
  max: 10,
  step: 0.01,
  scale: 'linear',
  doc: 'Added to numerator and denominator (survey and Jadon: 1; MONAI: 1e-5; smp and Keras: 0).',
});
const SMOOTH_NR = num({
  key: 'smooth_nr',
  symbol: 's_{nr}',
  label: 'numerator smoothing',
  default: null,
  min: 0,
  max: 10,
  step: 1e-5,
  scale: 'linear',
  nullMeaning: 'same as smooth',
  overrides: 'smooth',
  advanced: true,
  doc: 'When set, replaces smooth in the numerator (MONAI smooth_nr).',
});
const SMOOTH_DR = num({
  key: 'smooth_dr',
  symbol: 's_{dr}',
  label: 'denominator smoothing',
  default: null,
  min: 0,
  max: 10,
  step: 1e-5,
  scale: 'linear',
  nullMeaning: 'same as smooth',
  overrides: 'smooth',
  advanced: true,
  doc: 'When set, replaces smooth in the denominator (MONAI smooth_dr).',
});
/**
 * The same key for losses with no logarithm and no division by p: only the logit view's factor q(1 − q)
 * uses the clip (docs/losses.md, "Gradients"), so it is offered only there.
 */
const LOGIT_CLIP = num({
  ...EPS,
  label: 'logit clip ε',
  onlyAffects: 'logit-gradient',
  doc: 'This loss has no logarithm: ε only clips q in the logit view’s factor q(1 − q), which changes ∂L/∂z where p is 0 or 1. Value and ∂L/∂p do not depend on it.',
});
const REGION_SMOOTHING = [SMOOTH, SMOOTH_NR, SMOOTH_DR, EPS] as const;
/** Region smoothing for the losses that take no logarithm: ε is the logit clip only. */
const REGION_SMOOTHING_NO_LOG = [SMOOTH, SMOOTH_NR, SMOOTH_DR, LOGIT_CLIP] as const;
const FP_WEIGHT = num({
  key: 'fp_weight',
  symbol: 'w_{FP}',
  label: 'FP weight',
  default: 0.3,
  min: 0,
  max: 1,
  step: 0.01,
  scale: 'linear',
  doc: 'Weight of false positives (Salehi’s α; MONAI/smp/Keras alpha).',
});
const FN_WEIGHT = num({
  key: 'fn_weight',
  symbol: 'w_{FN}',
  label: 'FN weight',
  default: 0.7,
  min: 0,
  max: 1,
  step: 0.01,
  scale: 'linear',
  doc: 'Weight of false negatives (Salehi’s β; Jadon/Abraham call it alpha).',
});
const THRESHOLD = num({
  key: 'threshold',
  symbol: 't',
  label: 'threshold',
  default: 0.5,
  min: 0.05,
  max: 0.95,
  step: 0.01,
  scale: 'linear',
  doc: 'The prediction mask is p > t (strictly), as MONAI and scipy-based code do.',
});

export const LOSSES: readonly LossInfo[] = [
  {
    id: 'bce',
    name: 'Binary cross-entropy',
    short: 'BCE',
    family: 'distribution',
    reduction: 'pixel',
    params: [EPS],
    tex: 'L = -\\frac{1}{N}\\sum_i \\big[g_i \\ln q_i + (1-g_i)\\ln(1-q_i)\\big],\\; q_i = \\mathrm{clip}(p_i, \\epsilon, 1-\\epsilon)',
    convention:
      'Keras / the survey: probabilities clipped to [ε, 1 − ε], mean over pixels. torch BCEWithLogitsLoss is the same up to the clip.',
    whenToUse:
      'The default for balanced foreground and background. Every pixel counts equally, so on a small object the background dominates both the value and the gradient.',
    range: [0, 2],
  },
  {
    id: 'weighted_bce',
    name: 'Weighted cross-entropy',
    short: 'W-BCE',
    family: 'distribution',
    reduction: 'pixel',
    params: [
      num({
        key: 'beta',
        symbol: '\\beta',
        label: 'positive weight β',
        default: 1,
        min: 0.1,
        max: 10,
        step: 0.01,
        scale: 'log',
        doc: 'Weight of the positive (foreground) term, as torch/TF pos_weight. β > 1 penalises false negatives, β < 1 false positives.',
      }),
      EPS,
    ],
    tex: 'L = -\\frac{1}{N}\\sum_i \\big[\\beta\\, g_i \\ln q_i + (1-g_i)\\ln(1-q_i)\\big]',
    convention:
      'The survey’s form: β on the positive term (torch/TF pos_weight). Jadon’s code passes pos_weight = β/(1 − β) with a fixed β = 0.25, i.e. β = 1/3 here.',
    whenToUse: 'Class imbalance with a known cost ratio: raise β when missing foreground is worse than a false alarm.',
    range: [0, 4],
  },
  {
    id: 'balanced_bce',
    name: 'Balanced cross-entropy',
    short: 'Bal-BCE',
    family: 'distribution',
    reduction: 'pixel',
    params: [
      num({
        key: 'beta',
        symbol: '\\beta',
        label: 'balance β',
        default: null,
        min: 0,
        max: 1,
        step: 0.01,
        scale: 'linear',
        nullMeaning: 'auto: 1 − foreground fraction of the ground truth',
        doc: 'Weight of the positive term; the negative term gets 1 − β. Auto sets β to the background fraction (HED).',
      }),
      EPS,
    ],
    tex: 'L = -\\frac{1}{N}\\sum_i \\big[\\beta\\, g_i \\ln q_i + (1-\\beta)(1-g_i)\\ln(1-q_i)\\big],\\; \\beta_{\\text{auto}} = 1 - \\tfrac{1}{N}\\sum_i g_i',
    convention:
      'The survey / HED (Xie & Tu) with β from the ground truth, but a mean instead of HED’s sum. Jadon’s code has no such function. Empty ground truth gives β = 1 and a loss of 0.',
    whenToUse:
      'Edge and thin-structure maps where the foreground fraction changes from image to image: the weighting adapts per image.',
    range: [0, 1],
  },
  {
    id: 'focal',
    name: 'Focal loss',
    short: 'Focal',
    family: 'distribution',
    reduction: 'pixel',
    params: [
      num({
        key: 'gamma',
        symbol: '\\gamma',
        label: 'focusing γ',
        default: 2,
        min: 0,
        max: 5,
        step: 0.05,
        scale: 'linear',
        doc: 'Down-weights easy pixels by (1 − p_t)^γ. γ = 0 is cross-entropy.',
      }),
      num({
        key: 'alpha',
        symbol: '\\alpha',
        label: 'class weight α',
        default: 0.25,
        min: 0,
        max: 1,
        step: 0.01,
        scale: 'linear',
        nullMeaning: 'no α weighting (MONAI default)',
        doc: 'α on positives, 1 − α on negatives (Lin et al.).',
      }),
      EPS,
    ],
    tex: 'L = \\frac{1}{N}\\sum_i \\big[-\\alpha\\, g_i (1-q_i)^{\\gamma} \\ln q_i - (1-\\alpha)(1-g_i)\\, q_i^{\\gamma} \\ln(1-q_i)\\big]',
    convention:
      'Lin et al. 2017 and Jadon’s code: α = 0.25 on positives, γ = 2. MONAI and the smp class default to no α; Keras ignores α unless apply_class_balancing; mmseg uses α = 0.5.',
    whenToUse:
      'Many easy pixels drown a few hard ones (dense detection, small lesions): γ shifts the gradient to the misclassified pixels.',
    range: [0, 1],
  },
  {
    id: 'distance_bce',
    name: 'Distance-map-penalised CE',
    short: 'DistPen-CE',
    family: 'distribution',
    reduction: 'pixel',
    params: [
      num({
        key: 'lambda',
        symbol: '\\lambda',
        label: 'penalty scale λ',
        default: 1,
        min: 0,
        max: 5,
        step: 0.05,
        scale: 'linear',
        doc: 'Per-pixel weight 1 + λΦ; λ = 1 is Caliva et al.’s form (λ is our addition).',
      }),
      EPS,
    ],
    tex: 'L = \\frac{1}{N}\\sum_i (1 + \\lambda \\Phi_i)\\, \\mathrm{CE}_i,\\; \\Phi \\text{ from the ground truth: 1 at the contour, 0 deepest}',
    convention:
      'Caliva et al. (MIDL 2019) do not specify Φ; we follow SegLoss’s construction (inverted, normalised distance inside and outside the ground truth), its only public implementation, without its bug (it returns the unweighted loss).',
    whenToUse:
      'When the boundary is what matters (organ contours): pixels near the true contour weigh up to twice as much.',
    range: [0, 3],
  },
  {
    id: 'dice',
    name: 'Dice loss',
    short: 'Dice',
    family: 'region',
    reduction: 'region',
    params: [
      SMOOTH,
      bool({
        key: 'squared',
        symbol: '\\text{sq}',
        label: 'squared denominator (V-Net)',
        default: false,
        doc: 'Milletari et al.: Σp² + Σg² in the denominator.',
      }),
      SMOOTH_NR,
      SMOOTH_DR,
      LOGIT_CLIP,
    ],
    tex: 'L = 1 - \\frac{2\\,TP + s}{\\sum_i p_i + \\sum_i g_i + s}',
    convention:
      'The survey and Jadon: +1 in numerator and denominator. MONAI: 1e-5 both; smp: 0 with the denominator clamped and empty targets forced to 0; Keras: 1e-7 in the denominator only. V-Net squares the denominator terms.',
    whenToUse:
      'Imbalanced foreground: the loss is a ratio of overlaps, so a small object counts as much as a large one. Gradients can be unstable when both masks are tiny.',
    range: [0, 1],
  },
  {
    id: 'sens_spec',
    name: 'Sensitivity–specificity loss',
    short: 'Sens-Spec',
    family: 'region',
    reduction: 'region',
    params: [
      num({
        key: 'r',
        symbol: 'r',
        label: 'sensitivity ratio r',
        default: 0.05,
        min: 0,
        max: 1,
        step: 0.01,
        scale: 'linear',
        doc: 'Weight of the error on foreground pixels; Brosch et al. suggest 0.01–0.1.',
      }),
      num({
        key: 'eps',
        symbol: '\\epsilon',
        label: 'denominator ε',
        default: 1e-5,
        min: 1e-12,
        max: 1,
        step: 1e-5,
        scale: 'log',
        advanced: true,
        doc: 'Added to both denominators (NiftyNet).',
      }),
    ],
    tex: 'L = r\\,\\frac{\\sum_i (g_i-p_i)^2 g_i}{\\sum_i g_i + \\epsilon} + (1-r)\\,\\frac{\\sum_i (g_i-p_i)^2 (1-g_i)}{\\sum_i (1-g_i) + \\epsilon}',
    convention:
      'Brosch et al. 2015 as NiftyNet implements it (ε = 1e-5, r = 0.05). The survey’s w·sensitivity + (1 − w)·specificity is a score to maximise, not this loss; SegLoss uses r = 0.1 and a mean over classes.',
    whenToUse:
      'Lesion segmentation with very few foreground pixels: the errors inside and outside the object are averaged separately, then mixed by r.',
    range: [0, 1],
  },
  {
    id: 'tversky',
    name: 'Tversky loss',
    short: 'Tversky',
    family: 'region',
    reduction: 'region',
    params: [FP_WEIGHT, FN_WEIGHT, ...REGION_SMOOTHING_NO_LOG],
    tex: 'L = 1 - \\frac{TP + s}{TP + w_{FP}\\,FP + w_{FN}\\,FN + s}',
    convention:
      'Salehi et al. 2017 (α weights FP, β weights FN; best 0.3/0.7), named here by role. Jadon’s and Abraham’s code call the FN weight alpha = 0.7, the opposite letter. w_FP = w_FN = 0.5 with halved smoothing is Dice.',
    whenToUse:
      'When false negatives and false positives cost differently: raise the FN weight to favour recall on small lesions.',
    range: [0, 1],
  },
  {
    id: 'focal_tversky',
    name: 'Focal Tversky loss',
    short: 'Focal-Tversky',
    family: 'region',
    reduction: 'region',
    params: [
      FP_WEIGHT,
      FN_WEIGHT,
      num({
        key: 'gamma',
        symbol: '\\gamma',
        label: 'focal γ',
        default: 4 / 3,
        min: 1,
        max: 3,
        step: 0.01,
        scale: 'linear',
        doc: 'The loss is (1 − TI)^(1/γ) (paper form); γ = 4/3 gives the exponent 0.75 of the authors’ code.',
      }),
      ...REGION_SMOOTHING_NO_LOG,
    ],
    tex: 'L = \\big(1 - TI\\big)^{1/\\gamma},\\; TI = \\frac{TP + s}{TP + w_{FP}\\,FP + w_{FN}\\,FN + s}',
    convention:
      'Abraham & Khan 2019, paper form (1 − TI)^(1/γ); their code and Jadon’s write the exponent 0.75 directly. The survey writes (1 − TI)^γ; the paper’s Figure 1 plots 1 − TI^γ. MONAI’s asymmetric variant uses 1 − γ.',
    whenToUse:
      'Small structures where Tversky stalls near a good solution: the exponent below 1 keeps the gradient large as TI approaches 1.',
    range: [0, 1],
  },
  {
    id: 'log_cosh_dice',
    name: 'Log-cosh Dice loss',
    short: 'LogCosh-Dice',
    family: 'region',
    reduction: 'region',
    params: [...REGION_SMOOTHING_NO_LOG],
    tex: 'L = \\ln\\cosh\\big(\\mathrm{DL}\\big),\\; \\mathrm{DL} = 1 - \\frac{2\\,TP + s}{\\sum_i p_i + \\sum_i g_i + s}',
    convention:
      'The survey’s own loss, as in Jadon’s code (Dice with smoothing 1). ≈ DL²/2 for small DL; range [0, 0.4338].',
    whenToUse:
      'Dice with a smoother landscape: the gradient is tanh(DL) times Dice’s, so it fades near the optimum instead of staying large.',
    range: [0, 0.45],
  },
  {
    id: 'hausdorff_dt',
    name: 'Hausdorff loss (distance transform)',
    short: 'HD-DT',
    family: 'boundary',
    reduction: 'pixel',
    params: [
      num({
        key: 'alpha',
        symbol: '\\alpha',
        label: 'distance exponent α',
        default: 2,
        min: 0.5,
        max: 3,
        step: 0.05,
        scale: 'linear',
        doc: 'Power of the distance fields (Karimi & Salcudean use 2).',
      }),
      THRESHOLD,
      LOGIT_CLIP,
    ],
    tex: 'L = \\frac{1}{N}\\sum_i (p_i - g_i)^2\\,\\big(d^{p}_i{}^{\\alpha} + d^{g}_i{}^{\\alpha}\\big)',
    convention:
      'Karimi & Salcudean eq. 8 as MONAI’s HausdorffDTLoss: fields edt(inside) + edt(outside) of the ground truth and of p > t, all zero for an empty or full mask, constants in the gradient.',
    whenToUse:
      'To punish errors far from the true boundary more than errors near it, approximating the Hausdorff distance. Usually added to Dice.',
    range: [0, 50],
  },
  {
    id: 'shape_aware',
    name: 'Shape-aware loss',
    short: 'Shape-aware',
    family: 'boundary',
    reduction: 'pixel',
    params: [
      THRESHOLD,
      num({
        key: 'scale',
        symbol: 's',
        label: 'shape scale',
        default: 1,
        min: 0,
        max: 5,
        step: 0.05,
        scale: 'linear',
        doc: 'Multiplies E; s = 1 is the survey’s form (s is our addition).',
      }),
      EPS,
    ],
    tex: 'L = (1 + s\\,E)\\,\\frac{1}{N}\\sum_i \\mathrm{CE}_i,\\; E = \\operatorname{mean}_{x \\in \\partial\\hat{Y}} \\min_{y \\in \\partial Y} \\lVert x - y \\rVert_2',
    convention:
      'No public implementation exists. Our reading of the survey: E is the mean distance from the predicted contour (p > t) to the true contour, a constant coefficient of the cross-entropy. A per-pixel or two-sided E would be equally defensible.',
    whenToUse:
      'When the predicted shape should follow the true contour: the whole cross-entropy is scaled up while the contours are far apart.',
    range: [0, 5],
  },
  {
    id: 'combo',
    name: 'Combo loss',
    short: 'Combo',
    family: 'compound',
    reduction: 'region',
    params: [
      num({
        key: 'alpha',
        symbol: '\\alpha',
        label: 'CE vs Dice α',
        default: 0.5,
        min: 0,
        max: 1,
        step: 0.01,
        scale: 'linear',
        doc: 'Weight of the cross-entropy term; the Dice coefficient gets 1 − α.',
      }),
      num({
        key: 'beta',
        symbol: '\\beta',
        label: 'FN vs FP β',
        default: 0.5,
        min: 0,
        max: 1,
        step: 0.01,
        scale: 'linear',
        doc: 'β > 0.5 penalises false negatives more than false positives.',
      }),
      ...REGION_SMOOTHING,
    ],
    tex: 'L = -\\frac{\\alpha}{N}\\sum_i \\big[\\beta\\, g_i \\ln q_i + (1-\\beta)(1-g_i)\\ln(1-q_i)\\big] - (1-\\alpha)\\,\\frac{2\\,TP + s}{\\sum_i p_i + \\sum_i g_i + s}',
    convention:
      'Taghanaki et al. 2019, paper form: the Dice coefficient is subtracted, so the loss can be negative (≥ −(1 − α)). The survey has a typo β(y − log ŷ) and subtracts the Dice loss; the authors’ code puts β on both CE terms.',
    whenToUse:
      'Imbalanced data where Dice alone is unstable: the cross-entropy term keeps gradients smooth while Dice handles the imbalance.',
    range: [-1, 1],
  },
  {
    id: 'exp_log',
    name: 'Exponential logarithmic loss',
    short: 'Exp-Log',
    family: 'compound',
    reduction: 'region',
    params: [
      num({
        key: 'w_dice',
        symbol: 'w_{D}',
        label: 'Dice weight',
        default: 0.8,
        min: 0,
        max: 1,
        step: 0.01,
        scale: 'linear',
        doc: 'Weight of the Dice term; the cross term gets 1 − w_dice.',
      }),
      num({
        key: 'gamma_dice',
        symbol: '\\gamma_{D}',
        label: 'Dice exponent γ_D',
        default: 0.3,
        min: 0.1,
        max: 2,
        step: 0.01,
        scale: 'linear',
        doc: 'Exponent of −ln(Dice); below 1 it focuses on the less accurate label.',
      }),
      num({
        key: 'gamma_cross',
        symbol: '\\gamma_{C}',
        label: 'cross exponent γ_C',
        default: 0.3,
        min: 0.1,
        max: 2,
        step: 0.01,
        scale: 'linear',
        doc: 'Exponent of −ln p in the cross term.',
      }),
      ...REGION_SMOOTHING,
    ],
    tex: 'L = w_D\\,\\tfrac12\\sum_{l\\in\\{0,1\\}}\\big(-\\ln D_l\\big)^{\\gamma_D} + (1-w_D)\\,\\frac{1}{N}\\sum_i w_{l_i}\\big(-\\ln q_{l_i}\\big)^{\\gamma_C},\\; w_l = \\sqrt{N/f_l}',
    convention:
      'Wong et al. (MICCAI 2018), paper form over background and foreground, label weights (N/f_l)^½, ε = 1. SegLoss instead applies the exponent to the mean Dice and none to the cross-entropy.',
    whenToUse:
      'Several structures of very different sizes: both terms are flattened by the exponents, so small, poorly segmented structures keep a large share of the gradient.',
    range: [0, 2],
  },
  {
    id: 'structural',
    name: 'Correlation-maximised structural similarity loss',
    short: 'Structural',
    family: 'compound',
    reduction: 'pixel',
    params: [
      num({
        key: 'c4',
        symbol: 'C_4',
        label: 'stability C₄',
        default: 0.01,
        min: 0.001,
        max: 0.1,
        step: 0.001,
        scale: 'log',
        doc: 'Added to the centred values and to the local standard deviations.',
      }),
      num({
        key: 'beta',
        symbol: '\\beta',
        label: 'cut-off β',
        default: 0.1,
        min: 0,
        max: 1,
        step: 0.01,
        scale: 'linear',
        doc: 'Only pixels with e > β·e_max contribute.',
      }),
      num({
        key: 'window',
        symbol: 'k',
        label: 'window size',
        default: 3,
        min: 3,
        max: 7,
        step: 2,
        scale: 'linear',
        choices: [3, 5, 7],
        doc: 'Side of the Gaussian window (σ = 1.5) of the local mean and deviation.',
      }),
      EPS,
    ],
    tex: 'L = \\frac{1}{M}\\sum_i e_i f_i\\, \\mathrm{CE}_i,\\; e_i = \\Big|\\frac{g_i - \\mu^g_i + C_4}{\\sigma^g_i + C_4} - \\frac{p_i - \\mu^p_i + C_4}{\\sigma^p_i + C_4}\\Big|,\\; f_i = [e_i > \\beta\\, e_{\\max}],\\; M = \\sum_i f_i',
    convention:
      'Zhao et al. 2019 as the survey states it. The window (3 × 3 Gaussian, σ = 1.5) follows the public re-implementation; the cut-off is the survey’s β·e_max instead of its fixed 0.3. Gradient through e, with f and M constant.',
    whenToUse:
      'When the structure of the prediction (edges, thin parts) should correlate with the ground truth: pixels whose local structure disagrees most get the cross-entropy.',
    range: [0, 10],
  },
];

const BY_ID = new Map<LossId, LossInfo>(LOSSES.map((l) => [l.id, l]));

export function isLossId(id: unknown): id is LossId {
  return typeof id === 'string' && (LOSS_IDS as readonly string[]).includes(id);
}

export function lossInfo(id: LossId): LossInfo {
  const info = BY_ID.get(id);
  if (!info) throw new Error(`unknown loss id "${id}"`);
  return info;
}

export function paramSpec(id: LossId, key: string): ParamSpec | undefined {
  return lossInfo(id).params.find((p) => p.key === key);
}

export function defaultParams(id: LossId): ParamSet {
  const out: ParamSet = {};
  for (const p of lossInfo(id).params) out[p.key] = p.default;
  return out;
}

/** Every loss's full parameter set: registry defaults overlaid with the given (sparse) values. */
export function fillParams(params: ParamsByLoss): Record<LossId, ParamSet> {
  const out = {} as Record<LossId, ParamSet>;
  for (const id of LOSS_IDS) out[id] = { ...defaultParams(id), ...(params[id] ?? {}) };
  return out;
}

/** A null value's short meaning ("auto", "no α weighting", "same as smooth"), before any explanation. */
export function nullLabel(spec: ParamSpec): string {
  const meaning = spec.kind === 'number' ? spec.nullMeaning : undefined;
  return meaning?.split(/[:(]/)[0]?.trim() || 'auto';
}

/** The parameters of `loss` that, when set, replace `key` in part of its formula (their `overrides`). */
export function overridersOf(loss: LossId, key: string): NumberParamSpec[] {
  return lossInfo(loss).params.filter((p): p is NumberParamSpec => p.kind === 'number' && p.overrides === key);
}

/** Whether a slider for this parameter can change anything in this gradient view (see onlyAffects). */
export function paramMatters(spec: ParamSpec, space: DerivativeSpace): boolean {
  return spec.kind !== 'number' || spec.onlyAffects !== 'logit-gradient' || space === 'logit';
}

/** Why a value is not acceptable for a parameter, or null when it is. */
export function checkParam(spec: ParamSpec, value: unknown): string | null {
  if (spec.kind === 'boolean') return typeof value === 'boolean' ? null : `"${spec.key}" must be true or false`;
  if (value === null) return spec.nullMeaning ? null : `"${spec.key}" cannot be null`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `"${spec.key}" must be a finite number`;
  if (spec.choices && !spec.choices.includes(value)) return `"${spec.key}" must be one of ${spec.choices.join(', ')}`;
  if (value < spec.min || value > spec.max) return `"${spec.key}" must be in [${spec.min}, ${spec.max}], got ${value}`;
  return null;
}

/**
 * Fills in defaults and validates. Throws with a message naming the loss and key on unknown keys or
 * invalid values.
 */
export function resolveParams(id: LossId, given: Record<string, unknown> = {}): ParamSet {
  const info = lossInfo(id);
  const out = defaultParams(id);
  for (const [key, value] of Object.entries(given)) {
    const spec = info.params.find((p) => p.key === key);
    if (!spec) {
      const known = info.params.map((p) => p.key).join(', ');
      throw new Error(`loss "${id}" has no parameter "${key}" (known: ${known})`);
    }
    const problem = checkParam(spec, value);
    if (problem) throw new Error(`loss "${id}": ${problem}`);
    out[key] = value as ParamValue;
  }
  return out;
}

export { LOSS_IDS };
