/**
 * Every preset's "Look at:" sentence, checked as numbers: the claims beside the sentence are evaluated with
 * the real engine on the scene the app shows (quantised as a link carries it, survey convention) on every
 * grid the UI offers, so a change that makes a sentence false fails here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';
import { thresholdMetrics } from '../../src/core/metrics.ts';
import type { LossId } from '../../src/core/types.ts';
import { LOSS_IDS } from '../../src/core/registry.ts';
import { PRESETS, UI_GRID_SIZES, holds } from '../../src/scene/index.ts';
import type { PresetClaim, PresetQuantity, Scene } from '../../src/scene/index.ts';
import { quantizePrediction, quantizeTarget } from '../../src/scene/levels.ts';
import { conventionParams } from '../../src/core/conventions.ts';

tf.enableProdMode();
let engine: LossEngine;
beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  engine = new LossEngine();
});

const EPS = 1e-7; // BCE's default log clip (registry)

function binaryEntropy(g: number): number {
  return g <= 0 || g >= 1 ? 0 : -(g * Math.log(g) + (1 - g) * Math.log(1 - g));
}

/** Every quantity a claim can name, for one scene (docs in src/scene/presetClaims.ts). */
function measure(scene: Scene, size: number): (q: PresetQuantity) => number {
  // The scene as the app holds it: on a link's 8-bit levels (docs/share-links.md).
  const target = quantizeTarget(scene.target);
  const pred = quantizePrediction(scene.pred);
  const [height, width] = [size, size]; // presets are square
  const params = conventionParams('survey');
  engine.setTarget(target, height, width);
  const { values, stats } = engine.evaluate(pred, params);
  const metrics = thresholdMetrics(target, pred, height, width);
  const hardened = engine.evaluate(
    pred.map((p) => (p > 0.5 ? 1 : 0)),
    params,
    { losses: ['dice'] },
  ).values.dice!;
  let maxBce = 0,
    entropy = 0;
  for (let i = 0; i < pred.length; i++) {
    const q = Math.min(Math.max(pred[i]!, EPS), 1 - EPS);
    const g = target[i]!;
    maxBce = Math.max(maxBce, -(g * Math.log(q) + (1 - g) * Math.log(1 - q)));
    entropy += binaryEntropy(g);
  }
  return (q) => {
    if ((LOSS_IDS as readonly string[]).includes(q)) return values[q as LossId] ?? NaN;
    if (q.startsWith('metric.')) return metrics[q.slice(7) as keyof typeof metrics] ?? NaN;
    switch (q) {
      case 'stat.tp':
        return stats.tp;
      case 'stat.fp':
        return stats.fp;
      case 'stat.fn':
        return stats.fn;
      case 'pixel.max_bce':
        return maxBce;
      case 'labels.entropy':
        return entropy / pred.length;
      case 'dice.hardened':
        return hardened;
    }
    return NaN;
  };
}

function describeClaim(c: PresetClaim): string {
  return 'value' in c ? `${c.of} ${c.op} ${c.value}` : `${c.of} ${c.op} ${c.times ?? 1} × ${c.than}`;
}

describe('preset claims', () => {
  it('every preset states at least one claim, each about a defined number', () => {
    for (const p of PRESETS) expect(p.claims.length, p.id).toBeGreaterThan(0);
  });

  describe.each(PRESETS.map((p) => [p.id, p] as const))('%s', (id, preset) => {
    it.each(UI_GRID_SIZES.map((n) => [n]))('its sentence holds at %i²', (size) => {
      const read = measure(preset.build(size), size);
      for (const c of preset.claims) {
        const actual = read(c.of);
        const bound = 'value' in c ? c.value : (c.times ?? 1) * read(c.than);
        expect(
          Number.isFinite(actual) && Number.isFinite(bound),
          `${id} at ${size}: ${describeClaim(c)} is about a defined number`,
        ).toBe(true);
        expect(
          holds(actual, c.op, bound),
          `${id} at ${size}: ${describeClaim(c)} (measured ${actual}, bound ${bound})`,
        ).toBe(true);
      }
    });
  });
});
