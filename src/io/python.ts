/**
 * A Python script (PyTorch + MONAI) that loads the exported .npy layers and recomputes every loss
 * MONAI has with MONAI's own classes, with the arguments that match the page's parameters, printing
 * each value beside the page's. Losses MONAI lacks are computed by a short PyTorch expression where
 * one exists, else listed. Arguments follow MONAI 1.5.0 (docs/data.md); not run in this repository.
 */
import type { LossId, ParamSet, ParamValue } from '../core/types.ts';
import { LOSS_IDS, lossInfo } from '../core/registry.ts';
import { EXPORT_NAMES } from './report.ts';

export const MONAI_VERSION = '1.5.0';

export interface PythonSnippetInput {
  /** Every loss's parameters as the page uses them (all keys). */
  params: Record<LossId, ParamSet>;
  /** The page's values. */
  values: Partial<Record<LossId, number>>;
  /** The convention's name, for the header (e.g. "MONAI"). */
  convention?: string;
  files?: { target: string; pred: string };
  height: number;
  width: number;
}

/** How one loss is reproduced. */
export type Recipe =
  | { kind: 'monai'; monaiClass: string; expr: string }
  | { kind: 'expression'; expr: string; why: string }
  | { kind: 'missing'; why: string };

/** A Python literal for a parameter or value. */
export function py(v: ParamValue | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Number.isNaN(v)) return 'float("nan")';
  if (!Number.isFinite(v)) return v > 0 ? 'float("inf")' : 'float("-inf")';
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? `${v}.0` : String(v);
}

const num = (set: ParamSet, key: string): number => set[key] as number;

/** Effective MONAI smoothing: smooth_nr / smooth_dr when given, else smooth (docs/losses.md). */
function smoothing(set: ParamSet): { nr: number; dr: number } {
  const s = num(set, 'smooth');
  return { nr: (set.smooth_nr as number | null) ?? s, dr: (set.smooth_dr as number | null) ?? s };
}

function diceLoss(set: ParamSet, squared: boolean): string {
  const { nr, dr } = smoothing(set);
  return `DiceLoss(include_background=True, sigmoid=False, squared_pred=${py(squared)}, smooth_nr=${py(nr)}, smooth_dr=${py(dr)})`;
}

function tverskyLoss(set: ParamSet): string {
  const { nr, dr } = smoothing(set);
  return `TverskyLoss(include_background=True, sigmoid=False, alpha=${py(num(set, 'fp_weight'))}, beta=${py(num(set, 'fn_weight'))}, smooth_nr=${py(nr)}, smooth_dr=${py(dr)})`;
}

const NOT_IN_MONAI = 'MONAI has no such loss';

/** The recipe of each loss for the given parameters. */
export function recipe(id: LossId, set: ParamSet): Recipe {
  const eps = py(num(set, 'eps'));
  switch (id) {
    case 'bce':
      return {
        kind: 'expression',
        why: 'plain PyTorch (MONAI has no separate BCE)',
        expr: `torch.nn.BCEWithLogitsLoss()(logit(${eps}), g)`,
      };
    case 'weighted_bce':
      return {
        kind: 'expression',
        why: 'plain PyTorch: pos_weight = β',
        expr: `torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(${py(num(set, 'beta'))}))(logit(${eps}), g)`,
      };
    case 'balanced_bce': {
      const beta = set.beta === null ? '1 - g.mean()' : py(num(set, 'beta'));
      return { kind: 'expression', why: NOT_IN_MONAI, expr: `balanced_ce(${beta}, ${eps})` };
    }
    case 'focal':
      return {
        kind: 'monai',
        monaiClass: 'FocalLoss',
        expr: `FocalLoss(include_background=True, use_softmax=False, gamma=${py(num(set, 'gamma'))}, alpha=${py(set.alpha)})(logit(${eps}), g)`,
      };
    case 'dice':
      return { kind: 'monai', monaiClass: 'DiceLoss', expr: `${diceLoss(set, set.squared === true)}(p, g)` };
    case 'sens_spec': {
      const r = py(num(set, 'r'));
      const e = eps;
      return {
        kind: 'expression',
        why: NOT_IN_MONAI,
        expr: `${r} * (((g - p) ** 2 * g).sum() / (g.sum() + ${e})) + (1 - ${r}) * (((g - p) ** 2 * (1 - g)).sum() / ((1 - g).sum() + ${e}))`,
      };
    }
    case 'tversky':
      return { kind: 'monai', monaiClass: 'TverskyLoss', expr: `${tverskyLoss(set)}(p, g)` };
    case 'focal_tversky':
      return {
        kind: 'expression',
        why: 'MONAI has only AsymmetricFocalTverskyLoss, a different loss: MONAI’s TverskyLoss raised to 1/γ',
        expr: `${tverskyLoss(set)}(p, g).clamp(min=0) ** (1 / ${py(num(set, 'gamma'))})`,
      };
    case 'log_cosh_dice':
      return {
        kind: 'expression',
        why: 'MONAI has no log-cosh Dice: log cosh of MONAI’s DiceLoss',
        expr: `torch.log(torch.cosh(${diceLoss(set, false)}(p, g)))`,
      };
    case 'hausdorff_dt':
      if (num(set, 'threshold') !== 0.5) {
        return {
          kind: 'missing',
          why: `MONAI’s HausdorffDTLoss thresholds the prediction at 0.5; the page uses ${num(set, 'threshold')}`,
        };
      }
      return {
        kind: 'monai',
        monaiClass: 'HausdorffDTLoss',
        expr: `HausdorffDTLoss(alpha=${py(num(set, 'alpha'))}, include_background=True, sigmoid=False)(p, g)`,
      };
    case 'combo': {
      const { nr, dr } = smoothing(set);
      const a = py(num(set, 'alpha'));
      return {
        kind: 'expression',
        why: 'MONAI’s DiceCELoss is another combination: Taghanaki’s form with MONAI’s DiceLoss',
        expr: `${a} * balanced_ce(${py(num(set, 'beta'))}, ${eps}) - (1 - ${a}) * (1 - DiceLoss(include_background=True, sigmoid=False, smooth_nr=${py(nr)}, smooth_dr=${py(dr)})(p, g))`,
      };
    }
    case 'distance_bce':
      return { kind: 'missing', why: `${NOT_IN_MONAI} (needs the distance map Φ of docs/losses.md §5)` };
    case 'shape_aware':
      return { kind: 'missing', why: `${NOT_IN_MONAI} (no public implementation; docs/losses.md §12)` };
    case 'exp_log':
      return { kind: 'missing', why: `${NOT_IN_MONAI} (docs/losses.md §14)` };
    case 'structural':
      return { kind: 'missing', why: `${NOT_IN_MONAI} (docs/losses.md §15)` };
  }
}

/** MONAI's composite losses, checked against sums of two page values. */
function composites(params: Record<LossId, ParamSet>, values: Partial<Record<LossId, number>>): string[] {
  const dice = params.dice;
  const { nr, dr } = smoothing(dice);
  const sq = py(dice.squared === true);
  const lines: string[] = [];
  const d = values.dice;
  const bce = values.bce;
  const focal = values.focal;
  if (d !== undefined && bce !== undefined) {
    lines.push(
      `report("DiceCELoss = dice + bce", DiceCELoss(include_background=True, sigmoid=True, squared_pred=${sq}, smooth_nr=${py(nr)}, smooth_dr=${py(dr)})(logit(${py(num(params.bce, 'eps'))}), g), ${py(d + bce)})`,
    );
  }
  if (d !== undefined && focal !== undefined) {
    const f = params.focal;
    lines.push(
      `report("DiceFocalLoss = dice + focal", DiceFocalLoss(include_background=True, sigmoid=True, squared_pred=${sq}, smooth_nr=${py(nr)}, smooth_dr=${py(dr)}, gamma=${py(num(f, 'gamma'))}, alpha=${py(f.alpha)})(logit(${py(num(f, 'eps'))}), g), ${py(d + focal)})`,
    );
  }
  return lines;
}

export function pythonSnippet(input: PythonSnippetInput): string {
  const files = input.files ?? { target: EXPORT_NAMES.target, pred: EXPORT_NAMES.pred };
  const monaiLines: string[] = [];
  const exprLines: string[] = [];
  const missing: string[] = [];
  for (const id of LOSS_IDS) {
    const page = input.values[id];
    if (page === undefined) continue;
    const r = recipe(id, input.params[id]);
    if (r.kind === 'missing') missing.push(`#   ${id} (${lossInfo(id).name}): ${r.why}. Page value: ${py(page)}`);
    else if (r.kind === 'monai') monaiLines.push(`report(${JSON.stringify(id)}, ${r.expr}, ${py(page)})`);
    else exprLines.push(`report(${JSON.stringify(id)}, ${r.expr}, ${py(page)})  # ${r.why}`);
  }
  return [
    "# Loss Explorer: the page's numbers recomputed with PyTorch + MONAI.",
    `# Scene ${input.height} × ${input.width}${input.convention ? `, convention: ${input.convention}` : ''}.`,
    `# MONAI arguments follow MONAI ${MONAI_VERSION} (HausdorffDTLoss needs >= 1.3, DiceFocalLoss(alpha=...) >= 1.4).`,
    '# Requires: numpy, torch, monai, scipy. Definitions: docs/losses.md of Loss Explorer.',
    '# Expect agreement to about 1e-6: the page computes per-pixel terms in float32.',
    'import numpy as np',
    'import torch',
    'from monai.losses import DiceCELoss, DiceFocalLoss, DiceLoss, FocalLoss, HausdorffDTLoss, TverskyLoss',
    '',
    '# (B, C, H, W) = (1, 1, H, W); float64 holds the exported float32 values exactly.',
    `g = torch.from_numpy(np.load(${JSON.stringify(files.target)}).astype(np.float64))[None, None]`,
    `p = torch.from_numpy(np.load(${JSON.stringify(files.pred)}).astype(np.float64))[None, None]`,
    '',
    '',
    'def clipped(eps):',
    '    # The page clips at float32 bounds: 1 - 1e-7 is 1 - 1.19e-7 in float32.',
    '    return p.clamp(float(np.float32(eps)), float(np.float32(1 - eps)))',
    '',
    '',
    'def logit(eps):',
    "    # Logits of the clipped prediction: MONAI's FocalLoss and torch's BCEWithLogitsLoss take logits.",
    '    q = clipped(eps)',
    '    return torch.log(q) - torch.log1p(-q)',
    '',
    '',
    'def balanced_ce(beta, eps):',
    '    q = clipped(eps)',
    '    return (-(beta * g * torch.log(q) + (1 - beta) * (1 - g) * torch.log(1 - q))).mean()',
    '',
    '',
    'def report(name, ours, page):',
    '    ours = float(ours)',
    '    print(f"{name:<30} {ours:>22.12g} {page:>22.12g} {abs(ours - page):>10.2e}")',
    '',
    '',
    `print(f"{'loss':<30} {'MONAI / PyTorch':>22} {'page':>22} {'|diff|':>10}")`,
    'with torch.no_grad():',
    '    # MONAI classes',
    ...monaiLines.map((l) => `    ${l}`),
    '    # PyTorch expressions (MONAI has no such class, or only a different one)',
    ...exprLines.map((l) => `    ${l}`),
    '    # MONAI composites against the sum of two page values (the Dice part sees sigmoid(logit(clip(p)))).',
    ...composites(input.params, input.values).map((l) => `    ${l}`),
    '',
    '# Not reproduced here (no MONAI class and no short expression):',
    ...(missing.length ? missing : ['#   none']),
    '',
  ].join('\n');
}
