/** The learn session: determinism, descent on a convex loss, flat memory over 10,000 steps (on EngineService directly). */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import { EngineService } from '../../src/worker/service.ts';
import { LearnSession, checkSetup, startLogits } from '../../src/worker/learn.ts';
import type { LearnSetup } from '../../src/worker/learn.ts';
import { DEFAULT_OPTIMIZER } from '../../src/core/optimizers.ts';
import { binaryMask, circle, softMask } from '../../src/scene/raster.ts';

tf.enableProdMode();

function setup(size: number, over: Partial<LearnSetup> = {}): LearnSetup {
  return {
    target: binaryMask(size, circle(0.4, 0.45, 0.2)),
    pred: softMask(size, circle(0.55, 0.5, 0.18), 1, 0.85, 0.1),
    height: size,
    width: size,
    lanes: [
      { loss: 'bce', params: {} },
      { loss: 'dice', params: {} },
      { loss: 'focal', params: { gamma: 3 } },
      { loss: 'hausdorff_dt', params: {} },
    ],
    optimizer: { ...DEFAULT_OPTIMIZER, kind: 'adam', lr: 0.05 },
    start: 'noise',
    seed: 42,
    ...over,
  };
}

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('learn session', () => {
  it('gives bitwise identical runs from the same settings', () => {
    const runs = [new LearnSession(), new LearnSession()].map((s) => {
      s.reset(setup(32));
      s.step(20);
      const r = s.step(30);
      s.dispose();
      return r.lanes;
    });
    for (let i = 0; i < runs[0]!.length; i++) {
      const [a, b] = [runs[0]![i]!, runs[1]![i]!];
      expect(a.step).toBe(50);
      expect(Object.is(a.value, b.value)).toBe(true);
      expect([...a.values]).toEqual([...b.values]);
      expect(Buffer.from(a.levels).equals(Buffer.from(b.levels))).toBe(true);
    }
  });

  it('seeded noise depends on the seed only', () => {
    const p = new Float32Array(64).fill(0.3);
    expect([...startLogits(p, 'noise', 3)]).toEqual([...startLogits(p, 'noise', 3)]);
    expect([...startLogits(p, 'noise', 3)]).not.toEqual([...startLogits(p, 'noise', 4)]);
    expect([...startLogits(p, 'uniform', 3)].every((z) => z === 0)).toBe(true);
  });

  it('a small SGD step never increases BCE (convex in z)', () => {
    const s = new LearnSession();
    s.reset(
      setup(32, { lanes: [{ loss: 'bce', params: {} }], optimizer: { ...DEFAULT_OPTIMIZER, kind: 'sgd', lr: 0.05 } }),
    );
    const { values } = s.step(200).lanes[0]!;
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]!);
    expect(values[199]).toBeLessThan(values[0]! * 0.9);
    s.dispose();
  });

  it('trains on a rectangular 24 × 40 scene: every lane reports 24 × 40 levels and gradient maps, and BCE descends', () => {
    const h = 24;
    const w = 40;
    const target = Float32Array.from({ length: h * w }, (_, i) =>
      i % w >= 8 && i % w < 28 && Math.floor(i / w) >= 6 && Math.floor(i / w) < 18 ? 1 : 0,
    );
    const pred = new Float32Array(h * w).fill(0.3);
    const session = new LearnSession();
    const first = session.reset(
      {
        ...setup(8),
        target,
        pred,
        height: h,
        width: w,
        start: 'current',
        optimizer: { ...DEFAULT_OPTIMIZER, kind: 'sgd', lr: 0.1 },
      },
      { gradients: true },
    );
    const later = session.step(10, { gradients: true });
    for (const lane of later.lanes) {
      expect(lane.levels).toHaveLength(h * w);
      expect(lane.gradient).toHaveLength(h * w);
    }
    expect(later.lanes[0]!.value).toBeLessThan(first.lanes[0]!.value);
    expect(checkSetup({ ...setup(8), target, pred, height: w, width: h + 1 })).toMatch(/must hold/);
    session.dispose();
  });

  it('refuses a setup it cannot run', () => {
    expect(checkSetup(setup(16, { lanes: [] }))).toMatch(/lanes/);
    expect(checkSetup(setup(16, { lanes: [{ loss: 'nope' as never, params: {} }] }))).toMatch(/unknown loss/);
    expect(checkSetup(setup(16, { lanes: [{ loss: 'focal', params: { gamma: -1 } }] }))).not.toBeNull();
    expect(checkSetup(setup(16, { seed: 1.5 }))).toMatch(/seed/);
    expect(() => new LearnSession().reset(setup(16, { optimizer: { ...DEFAULT_OPTIMIZER, lr: -1 } }))).toThrow(
      /learning rate/,
    );
  });

  describe('through EngineService', () => {
    const service = new EngineService();

    it('keeps the tensor count flat over 10,000 steps, resets included', async () => {
      await service.start({ forced: 'cpu' });
      await service.learnReset(setup(16), { gradients: true });
      await service.learnStep(10, { gradients: true });
      const before = tf.memory().numTensors;
      let steps = 10;
      for (let i = 0; i < 100; i++) {
        const r = await service.learnStep(100, { gradients: i % 2 === 0, limit: 100_000 });
        steps += 100;
        expect(r.lanes[0]!.step).toBe(steps);
        if (i % 25 === 24) {
          await service.learnReset(setup(16, { seed: i }));
          steps = 0;
        }
        expect(tf.memory().numTensors).toBe(before);
      }
    }, 120_000);

    it('stops each lane at the limit', async () => {
      await service.learnReset(setup(16));
      const r = await service.learnStep(50, { limit: 30 });
      expect(r.lanes.map((l) => l.step)).toEqual([30, 30, 30, 30]);
      expect(r.lanes[0]!.values.length).toBe(30);
    });
  });
});
