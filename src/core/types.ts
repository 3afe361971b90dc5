/** Shared types of the numeric core. No tf.js, React or DOM here. */

export const LOSS_IDS = [
  'bce',
  'weighted_bce',
  'balanced_bce',
  'focal',
  'distance_bce',
  'dice',
  'sens_spec',
  'tversky',
  'focal_tversky',
  'log_cosh_dice',
  'hausdorff_dt',
  'shape_aware',
  'combo',
  'exp_log',
  'structural',
] as const;

export type LossId = (typeof LOSS_IDS)[number];

export type LossFamily = 'distribution' | 'region' | 'boundary' | 'compound';

/** A parameter value: numbers, booleans for toggles, null for "auto"/"off" where the spec allows it. */
export type ParamValue = number | boolean | null;

/** Which derivative a gradient map shows: ∂L/∂p ('prob') or ∂L/∂z with z the logit ('logit'). */
export type DerivativeSpace = 'prob' | 'logit';
/** What an evaluation computes besides the values: no maps, or the maps in a derivative space. */
export type GradientSpace = 'none' | DerivativeSpace;
/** How a numeric axis (a parameter's slider, a chart's x) is spaced. */
export type AxisScale = 'linear' | 'log';
/** A 2-D axis: x across (columns), y down (rows). */
export type Axis = 'x' | 'y';

export interface NumberParamSpec {
  kind: 'number';
  key: string;
  /** Symbol as written in formulas (TeX). */
  symbol: string;
  label: string;
  default: number | null;
  min: number;
  max: number;
  step: number;
  scale: AxisScale;
  /**
   * When set, null is allowed and means this (e.g. "auto: 1 − foreground fraction"); the part before any
   * ":" or "(" is its short form (registry.nullLabel).
   */
  nullMeaning?: string;
  /**
   * The parameter of the same loss this one stands in for in part of the formula (smooth_nr: 'smooth',
   * in the numerator): null means that parameter's value, a number replaces it there.
   */
  overrides?: string;
  /** A finite set of allowed values (e.g. window ∈ {3, 5, 7}). */
  choices?: readonly number[];
  /** Hidden from the default slider panel (e.g. eps, smooth_nr): still in URL, CLI and tests. */
  advanced?: boolean;
  /**
   * 'logit-gradient': the value and ∂L/∂p do not depend on it, only the ∂L/∂z map does (the clip of the
   * logit factor q(1 − q)). The UI offers it only in the logit view and never as a chart's x axis.
   */
  onlyAffects?: 'logit-gradient';
  doc: string;
}

export interface BooleanParamSpec {
  kind: 'boolean';
  key: string;
  symbol: string;
  label: string;
  default: boolean;
  advanced?: boolean;
  doc: string;
}

export type ParamSpec = NumberParamSpec | BooleanParamSpec;

export type ParamSet = Record<string, ParamValue>;

/** Parameters of every loss, keyed by loss id; missing keys take the registry defaults. */
export type ParamsByLoss = Partial<Record<LossId, ParamSet>>;

export interface LossInfo {
  id: LossId;
  name: string;
  /** Short label for tables and chart legends. */
  short: string;
  family: LossFamily;
  /** 'pixel': a mean over pixels of a per-pixel term; 'region': a function of whole-image sums. */
  reduction: 'pixel' | 'region';
  params: readonly ParamSpec[];
  /** The formula as implemented, TeX (KaTeX subset). */
  tex: string;
  /** Which source the implementation follows and how the others differ. */
  convention: string;
  /** One paragraph: when to reach for this loss. */
  whenToUse: string;
  /** Value range for a given scene is not fixed; this is the typical range for chart axes. */
  range: readonly [number, number];
}

/** Whole-image sums of the prediction against the ground truth (float64, from the raw p). */
export interface RegionStats {
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  sumP: number;
  sumG: number;
  sumP2: number;
  sumG2: number;
  /** Σ (p − g)², and its parts on foreground and background pixels (weighted by g and 1 − g). */
  sqErr: number;
  sqErrPos: number;
  sqErrNeg: number;
}

export interface ThresholdMetrics {
  dice: number;
  iou: number;
  /** null: undefined for this scene (no predicted / no true foreground). */
  precision: number | null;
  recall: number | null;
  /** Pixels; null when either mask is empty. */
  hausdorff: number | null;
  hd95: number | null;
}
