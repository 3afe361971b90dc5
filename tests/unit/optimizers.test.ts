/** Each optimiser's step against a hand-computed step on a 2 × 2 case. */
import { describe, expect, it } from 'vitest';
import {
  checkOptimizer,
  createOptimizerState,
  optimizerStep,
  DEFAULT_OPTIMIZER,
  Z_LIMIT,
} from '../../src/core/optimizers.ts';
import type { OptimizerSettings } from '../../src/core/optimizers.ts';

const f32 = (xs: number[]) => Float32Array.from(xs);
const settings = (o: Partial<OptimizerSettings>): OptimizerSettings => ({ ...DEFAULT_OPTIMIZER, ...o });
const z0 = [0.5, -1, 2, 0];
const g = [0.2, -0.4, 0.1, 0];

describe('optimizers', () => {
  it('SGD: z − η·s·g', () => {
    const z = f32(z0);
    optimizerStep(settings({ kind: 'sgd', lr: 0.5 }), createOptimizerState('sgd', 4), z, f32(g), 2);
    // η·s = 1: z − g
    expect([...z]).toEqual([...f32([0.5 - 0.2, -1 + 0.4, 2 - 0.1, 0])]);
  });

  it('momentum: v ← μv + s·g, z ← z − ηv, over two steps', () => {
    const z = f32(z0);
    const s = settings({ kind: 'momentum', lr: 0.1, momentum: 0.5 });
    const state = createOptimizerState('momentum', 4);
    optimizerStep(s, state, z, f32(g));
    optimizerStep(s, state, z, f32(g));
    // v₁ = g, v₂ = 0.5g + g = 1.5g; z₂ = z₀ − 0.1g − 0.15g = z₀ − 0.25g
    expect([...state.m!]).toEqual([...f32(g.map((x) => 1.5 * x))]);
    for (let i = 0; i < 4; i++) expect(z[i]).toBeCloseTo(z0[i]! - 0.25 * g[i]!, 6);
  });

  it('Adam: the first step moves each coordinate by η·sign(g) (bias-corrected), the second by hand', () => {
    const z = f32(z0);
    const s = settings({ kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    const state = createOptimizerState('adam', 4);
    optimizerStep(s, state, z, f32(g));
    // m̂ = g, v̂ = g²: step η·g/(|g| + ε)
    for (let i = 0; i < 4; i++) expect(z[i]).toBeCloseTo(z0[i]! - (g[i] === 0 ? 0 : 0.01 * Math.sign(g[i]!)), 6);
    const g2 = [0.1, 0.4, -0.1, 1];
    const before = Array.from(z);
    optimizerStep(s, state, z, f32(g2));
    for (let i = 0; i < 4; i++) {
      const m = 0.9 * (0.1 * g[i]!) + 0.1 * g2[i]!;
      const v = 0.999 * (0.001 * g[i]! ** 2) + 0.001 * g2[i]! ** 2;
      const mh = m / (1 - 0.9 ** 2);
      const vh = v / (1 - 0.999 ** 2);
      expect(z[i]).toBeCloseTo(before[i]! - (0.01 * mh) / (Math.sqrt(vh) + 1e-8), 5);
    }
  });

  it('keeps logits within ±Z_LIMIT and rejects bad settings', () => {
    const z = f32([29, -29, 0, 0]);
    optimizerStep(settings({ kind: 'sgd', lr: 10 }), createOptimizerState('sgd', 4), z, f32([-1, 1, 0, 0]));
    expect([z[0], z[1]]).toEqual([Z_LIMIT, -Z_LIMIT]);
    expect(checkOptimizer(settings({ lr: 0 }))).toMatch(/learning rate/);
    expect(checkOptimizer(settings({ momentum: 1 }))).toMatch(/momentum/);
    expect(checkOptimizer(settings({ kind: 'rmsprop' as never }))).toMatch(/unknown/);
    expect(checkOptimizer(DEFAULT_OPTIMIZER)).toBeNull();
  });
});
