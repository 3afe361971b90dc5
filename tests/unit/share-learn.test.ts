/** Learn settings in a share link (meta key `n`): round trip, sparse parameters, refusal as a whole. */
import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/core/registry.ts';
import { PRESETS } from '../../src/scene/index.ts';
import { decodeScene } from '../../src/share/decode.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { learnFromWire, learnToWire } from '../../src/share/learn.ts';
import { DEFAULT_LEARN } from '../../src/worker/learnSettings.ts';
import type { LearnSettings } from '../../src/worker/learnSettings.ts';
import { plainMasks, rawLink, scene } from './share-fixtures.ts';

const SETTINGS: LearnSettings = {
  lanes: [
    { loss: 'tversky', params: { fp_weight: 0.1, fn_weight: 0.9 } },
    { loss: 'focal', params: { gamma: 2, alpha: null } },
    { loss: 'bce', params: {} },
  ],
  optimizer: { kind: 'adam', lr: 0.0316, momentum: 0.9, beta1: 0.85, beta2: 0.995, eps: 1e-8 },
  start: 'noise',
  seed: 4_000_000_001,
  stopAfter: 750,
  yardstick: 'hd95',
};

const full = (s: LearnSettings) => ({
  ...s,
  lanes: s.lanes.map((l) => ({ loss: l.loss, params: { ...defaultParams(l.loss), ...l.params } })),
});

const base = () => scene(PRESETS[0]!.id, 32);

describe('learn settings in a link', () => {
  it('come back exactly', () => {
    const { scene: out, warnings } = decodeScene(encodeScene({ ...base(), learn: SETTINGS }));
    expect(warnings).toEqual([]);
    // Parameters at their default do not travel: the same settings once the defaults are filled in.
    expect(full(out!.learn!)).toEqual(full(SETTINGS));
    expect(out!.learn!.lanes[0]!.params).toEqual({ fp_weight: 0.1, fn_weight: 0.9 });
  });

  it('are absent when the link has none', () => {
    const { scene: out, warnings } = decodeScene(encodeScene(base()));
    expect(warnings).toEqual([]);
    expect(out).not.toBeNull();
    expect(out!.learn).toBeUndefined();
  });

  it('carry only parameters that differ from the defaults', () => {
    const wire = learnToWire({
      ...DEFAULT_LEARN,
      lanes: [
        { loss: 'focal', params: { gamma: 2, alpha: 0.25 } },
        { loss: 'focal', params: { gamma: 3 } },
      ],
    }) as { l: unknown[] };
    // γ = 2 and α = 0.25 are focal's defaults: nothing of the first lane's parameters travels.
    expect(wire.l).toEqual([
      ['focal', {}],
      ['focal', { gamma: 3 }],
    ]);
  });

  it('refuse a bad field as a whole, with a warning, and still open the scene', () => {
    const good = learnToWire(SETTINGS) as Record<string, unknown>;
    const bad: Record<string, unknown>[] = [
      { ...good, l: [] },
      { ...good, l: [['no_such_loss', {}]] },
      { ...good, l: [['focal', { gamma: -1 }]] },
      { ...good, l: [['focal', { nope: 1 }]] },
      { ...good, o: ['adam', -1, 0.9, 0.9, 0.999, 1e-8] },
      { ...good, s: 'sideways' },
      { ...good, r: 1.5 },
      { ...good, t: 0 },
      { ...good, y: 'accuracy' },
      { ...good, extra: 1 },
      'not an object' as unknown as Record<string, unknown>,
    ];
    for (const n of bad) {
      expect('problem' in learnFromWire(n), JSON.stringify(n)).toBe(true);
      // The same masks with and without a meta section that holds the bad `n`.
      const { scene: plain } = decodeScene(rawLink({ meta: {}, ...plainMasks(64, 77) }));
      const { scene: out, warnings } = decodeScene(rawLink({ meta: { n }, ...plainMasks(64, 77) }));
      expect(out, JSON.stringify(n)).not.toBeNull();
      expect(out!.learn).toBeUndefined();
      expect(warnings.join(' ')).toMatch(/learn settings/);
      expect(out!.pred).toEqual(plain!.pred);
      expect(out!.params).toEqual(plain!.params);
    }
  });
});
