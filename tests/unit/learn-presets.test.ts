/** Every learn preset's claims, checked on the very run the preset makes (its scene, lanes, optimiser, start, seed). */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import { LearnSession } from '../../src/worker/learn.ts';
import type { LaneReport } from '../../src/worker/learn.ts';
import { LEARN_PRESETS, backgroundMean } from '../../src/scene/learnPresets.ts';
import type { ClaimMeasure, LearnClaim } from '../../src/scene/learnPresets.ts';
import { checkLearnSettings } from '../../src/worker/learnSettings.ts';

tf.enableProdMode();
beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

function measure(lane: LaneReport, m: ClaimMeasure, target: Float32Array): number {
  if (m === 'background_p') return backgroundMean(lane.levels, target);
  const v = lane.metrics[m];
  if (v === null) throw new Error(`${m} is undefined for this lane`);
  return v;
}

describe.each(LEARN_PRESETS.map((p) => [p.id, p] as const))('learn preset %s', (_id, preset) => {
  it('has valid settings and its lesson holds on its own run', () => {
    expect(checkLearnSettings(preset.settings)).toBeNull();
    const scene = preset.build();
    const session = new LearnSession();
    session.reset({ ...scene, ...preset.settings });
    const byStep = new Map<number, LearnClaim[]>();
    for (const c of preset.claims) byStep.set(c.step, [...(byStep.get(c.step) ?? []), c]);
    let at = 0;
    for (const step of [...byStep.keys()].sort((a, b) => a - b)) {
      const { lanes } = session.step(step - at);
      at = step;
      for (const c of byStep.get(step)!) {
        const what = `${preset.id}, step ${step}, ${c.measure}`;
        if ('higher' in c) {
          const [hi, lo] = [
            measure(lanes[c.higher]!, c.measure, scene.target),
            measure(lanes[c.lower]!, c.measure, scene.target),
          ];
          expect(hi, `${what}: lane ${c.higher} (${hi}) above lane ${c.lower} (${lo})`).toBeGreaterThan(lo);
        } else {
          const v = measure(lanes[c.lane]!, c.measure, scene.target);
          if (c.atLeast !== undefined) expect(v, `${what} of lane ${c.lane}`).toBeGreaterThanOrEqual(c.atLeast);
          if (c.atMost !== undefined) expect(v, `${what} of lane ${c.lane}`).toBeLessThanOrEqual(c.atMost);
        }
      }
    }
    session.dispose();
  });
});
