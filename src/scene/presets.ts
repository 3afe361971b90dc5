/**
 * Teaching presets. Ids are a public contract (they go into share URLs): never rename one.
 * Geometry is defined in unit coordinates so every preset scales with the grid (64 … 512).
 */
import type { Scene } from './types.ts';
import { squareGrid } from './types.ts';
import type { PresetClaim } from './presetClaims.ts';
import { clamp01, falloff } from './brush.ts';
import { blurLayer, copyTargetToPred, fillLayer } from './ops.ts';
import {
  binaryFromField,
  binaryMask,
  circle,
  distanceField,
  ellipse,
  softFromField,
  softMask,
  translate,
  tubeField,
  union,
} from './raster.ts';

export interface Preset {
  /** Stable id, used in share URLs. */
  id: string;
  /** Short display name. */
  name: string;
  /** One sentence: what to look at in the loss table. */
  lookAt: string;
  /** The sentence as numbers, checked on every UI grid by tests/unit/preset-claims.test.ts. */
  claims: readonly PresetClaim[];
  build(size: number): Scene;
}

// The two objects most presets share: a round one and a tilted oval one.
const blobA = circle(0.35, 0.4, 0.17);
const blobB = ellipse(0.69, 0.66, 0.15, 0.09, -0.5);
const twoObjects = union(blobA, blobB);

/** Edge width of a soft prediction in pixels: about a pixel at 64, wider on finer grids. */
function edge(size: number, fraction = 0.008): number {
  return Math.max(0.6, fraction * size);
}

/** A gently curving vessel with one side branch, as polylines in unit coordinates. */
function vesselPaths(): [number, number][][] {
  const main: [number, number][] = [];
  for (let i = 0; i <= 120; i++) {
    const s = i / 120;
    main.push([0.07 + 0.86 * s, 0.5 + 0.2 * Math.sin(2 * Math.PI * 1.15 * s + 0.3) - 0.08 * s]);
  }
  const branch: [number, number][] = [];
  const root = main[48]!;
  for (let i = 0; i <= 40; i++) {
    const s = i / 40;
    branch.push([root[0] + 0.22 * s, root[1] + 0.3 * s - 0.1 * s * s]);
  }
  return [main, branch];
}

function scene(size: number, target: Float32Array, pred: Float32Array): Scene {
  return { height: size, width: size, target, pred };
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'perfect',
    name: 'Perfect prediction',
    lookAt:
      'Every loss is within 10⁻⁶ of its minimum (0 for most, −0.5 for Combo) except Exp-Log at about 0.002, whose power 0.3 lifts the log clip’s 10⁻⁷ to 0.008: the baseline to compare the other presets with.',
    claims: [
      ...(
        [
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
          'structural',
        ] as const
      ).map((of) => ({ of, op: '<=' as const, value: 1e-6 })),
      { of: 'combo', op: '<=', value: -0.5 + 1e-6 },
      { of: 'exp_log', op: '>=', value: 0.0015 },
      { of: 'exp_log', op: '<=', value: 0.0025 },
    ],
    build: (size) => {
      const target = binaryMask(size, twoObjects);
      return scene(size, target, copyTargetToPred(target, 1));
    },
  },
  {
    id: 'empty',
    name: 'Empty prediction',
    lookAt:
      'Dice and Tversky sit just under their ceiling of 1 (above 0.99; the smoothing term keeps them off it) whatever the objects’ size, while BCE pays −ln ε ≈ 16 for each missed pixel, averaged over all pixels: about 2.1 here.',
    claims: [
      { of: 'dice', op: '>=', value: 0.99 },
      { of: 'dice', op: '<', value: 1 },
      { of: 'tversky', op: '>=', value: 0.99 },
      { of: 'tversky', op: '<', value: 1 },
      { of: 'bce', op: '>=', value: 2.05 },
      { of: 'bce', op: '<=', value: 2.2 },
    ],
    build: (size) => scene(size, binaryMask(size, twoObjects), fillLayer(squareGrid(size), 0)),
  },
  {
    id: 'all_foreground',
    name: 'Everything foreground',
    lookAt:
      'Recall is perfect but every background pixel is a false positive: BCE is huge (about 14), and Tversky (FP weight 0.3) forgives this more than Dice does.',
    claims: [
      { of: 'metric.recall', op: '>=', value: 1 },
      { of: 'bce', op: '>=', value: 13.5 },
      { of: 'bce', op: '<=', value: 14.5 },
      { of: 'tversky', op: '<', than: 'dice' },
    ],
    build: (size) => scene(size, binaryMask(size, twoObjects), fillLayer(squareGrid(size), 1)),
  },
  {
    id: 'small_object',
    name: 'Small object',
    lookAt:
      'BCE is small (under 0.03) because thousands of easy background pixels dilute the few object pixels, while Dice and Tversky stay above 0.7, largely because the prediction’s 0.02 floor on every background pixel adds more to Σp than the object does.',
    claims: [
      { of: 'bce', op: '<', value: 0.03 },
      { of: 'dice', op: '>', value: 0.7 },
      { of: 'tversky', op: '>', value: 0.7 },
      // Σp = TP + FP: the background's share (FP) is larger than the object's (TP).
      { of: 'stat.fp', op: '>', than: 'stat.tp', times: 1.5 },
    ],
    build: (size) => {
      const target = binaryMask(size, circle(0.63, 0.37, 0.045));
      const pred = softMask(size, circle(0.645, 0.385, 0.036), edge(size), 0.8, 0.02);
      return scene(size, target, pred);
    },
  },
  {
    id: 'shifted',
    name: 'Shifted boundary',
    lookAt:
      'Only a thin band along the contour is wrong, so Dice stays near 0.1 and the Hausdorff loss under 3, because no error lies more than 3 pixels from the true boundary.',
    claims: [
      { of: 'dice', op: '<=', value: 0.11 },
      { of: 'dice', op: '>=', value: 0.05 },
      { of: 'hausdorff_dt', op: '<', value: 3 },
      { of: 'metric.hausdorff', op: '<=', value: 3 },
    ],
    build: (size) => {
      const shape = ellipse(0.5, 0.5, 0.3, 0.2, -0.35);
      // 1 px at 64, 2 at 128, 3 from 192 up: a "slightly off" boundary at every grid size.
      const shiftPx = Math.min(3, Math.max(1, Math.round(size / 64)));
      const target = binaryMask(size, shape);
      const pred = softMask(size, translate(shape, shiftPx / size, 0), 0.5, 0.98, 0.02);
      return scene(size, target, pred);
    },
  },
  {
    id: 'thin_vessel',
    name: 'Thin vessel',
    lookAt:
      'The prediction looks right, yet a one-pixel offset, soft edges and a small gap cost a thin structure about half its overlap: Dice is about 0.5 while BCE, averaged over a mostly empty image, stays under 0.1.',
    claims: [
      { of: 'dice', op: '>=', value: 0.45 },
      { of: 'dice', op: '<=', value: 0.55 },
      { of: 'bce', op: '<', value: 0.1 },
    ],
    build: (size) => {
      // At least 1 px half-width, so the vessel stays visible (and a 1-px offset matters) at 64.
      const halfWidth = Math.max(1, 0.01 * size) / size;
      const paths = vesselPaths();
      const w = edge(size, 0.004);
      const target = binaryFromField(tubeField(size, paths, halfWidth, 3));
      const soft = softFromField(tubeField(size, paths, halfWidth * 1.15, 16 * w, 0, 1 / size), w, 0.9, 0.02);
      const [gu, gv] = paths[0]![80]!;
      const gapR = 0.035 * size;
      const gap = distanceField(size, circle(gu, gv, 0.035));
      // A gap: the predicted vessel fades out smoothly, as a real network's output does.
      const pred = soft.map((p, i) =>
        clamp01(0.02 + (p - 0.02) * (1 - 0.88 * falloff(gap[i]!, -0.6 * gapR, 0.2 * gapR))),
      );
      return scene(size, target, pred);
    },
  },
  {
    id: 'one_missed',
    name: 'One object missed',
    lookAt:
      'Dice is only about 0.37, but the Hausdorff loss jumps above 9 (under 3 for “Shifted boundary”): the missed object lies more than 20 pixels from any predicted boundary.',
    claims: [
      { of: 'dice', op: '>=', value: 0.34 },
      { of: 'dice', op: '<=', value: 0.4 },
      { of: 'hausdorff_dt', op: '>', value: 9 },
      { of: 'metric.hausdorff', op: '>', value: 20 },
    ],
    build: (size) => {
      const target = binaryMask(size, twoObjects);
      // Object A found, a little off and soft; object B only a faint ghost that stays below 0.5.
      const found = softMask(size, circle(0.36, 0.41, 0.16), edge(size, 0.012), 0.93, 0.03);
      const ghost = softMask(size, blobB, edge(size, 0.03), 0.22, 0.03);
      const pred = found.map((p, i) => Math.max(p, ghost[i]!));
      return scene(size, target, pred);
    },
  },
  {
    id: 'uncertain',
    name: 'Uncertain prediction',
    lookAt:
      'Thresholded at 0.5 the prediction is exactly right (the metrics are perfect), yet BCE (about 0.5) and Dice (about 0.7) stay far from 0: losses reward confidence, not just the right side of 0.5.',
    claims: [
      { of: 'metric.dice', op: '>=', value: 1 },
      { of: 'metric.iou', op: '>=', value: 1 },
      { of: 'metric.precision', op: '>=', value: 1 },
      { of: 'metric.recall', op: '>=', value: 1 },
      { of: 'bce', op: '>=', value: 0.45 },
      { of: 'bce', op: '<=', value: 0.55 },
      { of: 'dice', op: '>=', value: 0.65 },
      { of: 'dice', op: '<=', value: 0.75 },
    ],
    build: (size) => {
      const target = binaryMask(size, twoObjects);
      const d = distanceField(size, twoObjects);
      const pred = new Float32Array(size * size);
      for (let i = 0; i < pred.length; i++) {
        const inside = target[i] === 1;
        const depth = Math.tanh(Math.abs(d[i]!) / (0.06 * size));
        const row = Math.floor(i / size) / size;
        const col = (i % size) / size;
        const wobble = 0.02 * Math.sin(9 * col + 4 * row) * Math.cos(7 * row - 2 * col);
        // Always at least 0.02 on the correct side of 0.5, so thresholding is exact.
        const margin = 0.04 + 0.08 * depth + wobble;
        pred[i] = inside ? 0.5 + margin : 0.5 - margin;
      }
      return scene(size, target, pred);
    },
  },
  {
    id: 'overconfident_wrong',
    name: 'Over-confident and wrong',
    lookAt:
      'Every wrong pixel is 98.8 % sure and costs BCE −ln 0.012 ≈ 4.4, a cost with no ceiling as confidence rises, while Dice (about 0.73) can never pass 1: averaged over all pixels BCE still reads under 1 here, but a log loss has no ceiling and a region loss does.',
    claims: [
      { of: 'pixel.max_bce', op: '>=', value: 4.4 },
      { of: 'pixel.max_bce', op: '<=', value: 4.5 },
      { of: 'dice', op: '>=', value: 0.7 },
      { of: 'dice', op: '<', value: 0.76 },
      { of: 'bce', op: '<', value: 1 },
    ],
    build: (size) => {
      const target = binaryMask(size, circle(0.4, 0.44, 0.2));
      const pred = softMask(size, circle(0.6, 0.58, 0.2), 0.5, 0.99, 0.01);
      return scene(size, target, pred);
    },
  },
  {
    id: 'blurred_gt',
    name: 'Blurred ground truth',
    lookAt:
      'The prediction equals the soft ground truth, yet BCE (about 0.08) and Dice (about 0.19) are not 0: with soft labels BCE bottoms out at the labels’ entropy, and Dice would rather see a harder prediction (the same prediction thresholded at 0.5 scores about 0.14).',
    claims: [
      { of: 'bce', op: '>=', value: 0.07 },
      { of: 'bce', op: '<=', value: 0.09 },
      { of: 'bce', op: '>=', than: 'labels.entropy', times: 0.999 },
      { of: 'bce', op: '<=', than: 'labels.entropy', times: 1.001 },
      { of: 'dice', op: '>=', value: 0.17 },
      { of: 'dice', op: '<=', value: 0.21 },
      { of: 'dice.hardened', op: '<', than: 'dice', times: 0.8 },
      { of: 'dice.hardened', op: '>=', value: 0.12 },
      { of: 'dice.hardened', op: '<=', value: 0.16 },
    ],
    build: (size) => {
      const target = blurLayer(binaryMask(size, twoObjects), squareGrid(size), 0.025 * size);
      return scene(size, target, Float32Array.from(target));
    },
  },
];

/** Two objects, one found softly and imperfectly, one missed: most losses have something to say. */
export const DEFAULT_PRESET_ID = 'one_missed';

export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** Builds a preset by id; unknown ids (e.g. from an old share URL) fall back to the default. */
export function buildPreset(id: string, size: number): Scene {
  return (getPreset(id) ?? getPreset(DEFAULT_PRESET_ID)!).build(size);
}
