/**
 * Learn presets: purpose-made scenes with learn settings that show a known behaviour of the losses.
 * Each lesson sentence says what to look at; `claims` state the same thing as numbers, and
 * tests/unit/learn-presets.test.ts runs every preset and checks them, so a sentence cannot silently
 * become false. The runs are deterministic (fixed grid, start, seed and optimiser).
 */
import type { Scene } from './types.ts';
import { squareGrid } from './types.ts';
import { binaryMask, circle, ellipse, softMask, union } from './raster.ts';
import { fillLayer } from './ops.ts';
import type { LearnSettings, Yardstick } from '../worker/learnSettings.ts';
import { DEFAULT_OPTIMIZER } from '../core/optimizers.ts';

/** What a claim compares: a yardstick metric, or the mean prediction on the true background (g = 0). */
export type ClaimMeasure = Yardstick | 'background_p';

/** At `step`: measure(higher) > measure(lower) (lane indices), or one lane's measure within [atLeast, atMost]. */
export type LearnClaim =
  | { step: number; measure: ClaimMeasure; higher: number; lower: number }
  | { step: number; measure: ClaimMeasure; lane: number; atLeast?: number; atMost?: number };

export interface LearnPreset {
  id: string;
  name: string;
  /** What to look at, in one or two sentences. */
  lesson: string;
  /** All learn presets use a 64² grid: 4 lanes train fast, and the claims are pinned at this size. */
  build(): Scene;
  settings: LearnSettings;
  claims: LearnClaim[];
}

export const LEARN_PRESET_SIZE = 64;
const size = LEARN_PRESET_SIZE;
const grid = squareGrid(size);
const sgd = (lr: number) => ({ ...DEFAULT_OPTIMIZER, kind: 'sgd' as const, lr });
const twoObjects = union(circle(0.35, 0.4, 0.17), ellipse(0.69, 0.66, 0.15, 0.09, -0.5));

export const LEARN_PRESETS: readonly LearnPreset[] = [
  {
    id: 'learn_small_object',
    name: 'Small object, blank start',
    lesson:
      'A small object on a prediction of 0.05 everywhere, one learning rate for all. Dice and Tversky find it within 20 steps; ' +
      'BCE’s recall is still 0 at step 20 (it gets there by step 50), because its gradient per object pixel is no larger than a ' +
      'background pixel’s; ' +
      'focal, whose α = 0.25 weights the object down, is still at 0 at step 100.',
    build: () => ({ ...grid, target: binaryMask(size, circle(0.5, 0.5, 0.06)), pred: fillLayer(grid, 0.05) }),
    settings: {
      lanes: [
        { loss: 'bce', params: {} },
        { loss: 'dice', params: {} },
        { loss: 'focal', params: {} },
        { loss: 'tversky', params: {} },
      ],
      optimizer: sgd(0.1),
      start: 'current',
      seed: 1,
      stopAfter: 300,
      yardstick: 'recall',
    },
    claims: [
      { step: 20, measure: 'recall', lane: 1, atLeast: 1 },
      { step: 20, measure: 'recall', lane: 3, atLeast: 1 },
      { step: 20, measure: 'recall', lane: 0, atMost: 0 },
      { step: 50, measure: 'recall', lane: 0, atLeast: 1 },
      { step: 100, measure: 'recall', lane: 2, atMost: 0 },
    ],
  },
  {
    id: 'learn_tversky_weights',
    name: 'Tversky: FN weight against FP weight',
    lesson:
      'Three Tversky lanes from the same noisy start. The lane with FN weight 0.9 recovers the objects first (recall at step 50 above ' +
      'the FN-weight-0.1 lane’s) and pays for it later: at step 200 its precision is the lowest, because false positives cost it little.',
    build: () => ({ ...grid, target: binaryMask(size, twoObjects), pred: fillLayer(grid, 0.5) }),
    settings: {
      lanes: [
        { loss: 'tversky', params: { fp_weight: 0.5, fn_weight: 0.5 } },
        { loss: 'tversky', params: { fp_weight: 0.1, fn_weight: 0.9 } },
        { loss: 'tversky', params: { fp_weight: 0.9, fn_weight: 0.1 } },
      ],
      optimizer: sgd(0.05),
      start: 'noise',
      seed: 7,
      stopAfter: 400,
      yardstick: 'precision',
    },
    claims: [
      { step: 50, measure: 'recall', higher: 1, lower: 2 },
      { step: 200, measure: 'precision', higher: 2, lower: 1 },
      { step: 200, measure: 'precision', higher: 0, lower: 1 },
    ],
  },
  {
    id: 'learn_focal_background',
    name: 'Focal: easy background left alone',
    lesson:
      'One object found, one missed, and a background at 0.2: easy, but not clean. BCE darkens the background steadily; focal ' +
      '(γ = 2, no α) hardly touches it, since (1 − p_t)² shrinks its gradient on well-classified pixels, yet both find the missed ' +
      'object by step 50. At step 200 BCE’s background is below 0.05, focal’s still above 0.15.',
    build: () => ({
      ...grid,
      target: binaryMask(size, twoObjects),
      pred: softMask(size, circle(0.35, 0.4, 0.17), 1, 0.9, 0.2),
    }),
    settings: {
      lanes: [
        { loss: 'bce', params: {} },
        { loss: 'focal', params: { gamma: 2, alpha: null } },
      ],
      optimizer: sgd(0.1),
      start: 'current',
      seed: 1,
      stopAfter: 300,
      yardstick: 'recall',
    },
    claims: [
      { step: 50, measure: 'recall', lane: 0, atLeast: 1 },
      { step: 50, measure: 'recall', lane: 1, atLeast: 1 },
      { step: 200, measure: 'background_p', lane: 0, atMost: 0.05 },
      { step: 200, measure: 'background_p', lane: 1, atLeast: 0.15 },
    ],
  },
  {
    id: 'learn_far_false_positive',
    name: 'A far-off false positive',
    lesson:
      'The object is found, but a blob far from it is predicted too. The Hausdorff loss weights each error by its squared distance ' +
      'from the true contour, so it removes the far blob within a few steps and HD95 drops to 0, while Dice and BCE, for which a far ' +
      'pixel costs no more than a near one, still have it (HD95 above 30 pixels) at step 10.',
    build: () => {
      const obj = softMask(size, circle(0.35, 0.4, 0.15), 1, 0.9, 0.1);
      const far = softMask(size, circle(0.85, 0.85, 0.06), 1, 0.9, 0.1);
      return {
        ...grid,
        target: binaryMask(size, circle(0.35, 0.4, 0.15)),
        pred: obj.map((p, i) => Math.max(p, far[i]!)),
      };
    },
    settings: {
      lanes: [
        { loss: 'bce', params: {} },
        { loss: 'dice', params: {} },
        { loss: 'hausdorff_dt', params: {} },
      ],
      optimizer: sgd(0.1),
      start: 'current',
      seed: 1,
      stopAfter: 200,
      yardstick: 'hd95',
    },
    claims: [
      { step: 5, measure: 'hd95', lane: 2, atMost: 0 },
      { step: 10, measure: 'hd95', lane: 0, atLeast: 30 },
      { step: 10, measure: 'hd95', lane: 1, atLeast: 30 },
    ],
  },
];

export function getLearnPreset(id: string): LearnPreset | undefined {
  return LEARN_PRESETS.find((p) => p.id === id);
}

/** Mean p over the true background, from a lane's 8-bit levels. */
export function backgroundMean(levels: Uint8Array, target: Float32Array): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < levels.length; i++) {
    if (target[i]! < 0.5) {
      sum += levels[i]! / 255;
      n++;
    }
  }
  return n ? sum / n : 0;
}
