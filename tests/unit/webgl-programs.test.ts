/**
 * The program path's GLSL (src/core/webgl/), checked in Node, where WebGL cannot run (the programs run in
 * tests/e2e/webgl-programs.test.ts): every loss's code names uniform slots, never values, so new
 * parameter values re-run a compiled program; the values do reach the uniforms; each loss has as many
 * summands as its value reads sums. And the engine says which path evaluated.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import { EvalContext, TargetCache } from '../../src/core/context.ts';
import { LossEngine } from '../../src/core/engine.ts';
import { IMPLEMENTATIONS } from '../../src/core/losses/index.ts';
import { LOSS_IDS, resolveParams } from '../../src/core/registry.ts';
import type { LossId, ParamsByLoss } from '../../src/core/types.ts';
import { Uniforms } from '../../src/core/webgl/glsl.ts';
import { LOSS_PROGRAMS, logitFactor } from '../../src/core/webgl/lossPrograms.ts';

const H = 9;
const W = 12;

/** A parameter of every loss that has one away from its default (the structural loss's enter no uniform). */
const EDITED: ParamsByLoss = {
  bce: { eps: 1e-4 },
  weighted_bce: { beta: 3 },
  balanced_bce: { beta: 0.3 },
  focal: { gamma: 2.5, alpha: 0.4 },
  distance_bce: { lambda: 2 },
  dice: { squared: true },
  sens_spec: { r: 0.2 },
  tversky: { fp_weight: 0.45 },
  focal_tversky: { gamma: 2 },
  log_cosh_dice: { smooth: 0.5 },
  hausdorff_dt: { alpha: 1.5 },
  shape_aware: { scale: 2 },
  combo: { alpha: 0.6 },
  exp_log: { w_dice: 0.6, gamma_cross: 0.7 },
  structural: { window: 5 },
};

function scene(seed: number): { g: Float32Array; p: Float32Array } {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) as number;
  const g = Float32Array.from({ length: H * W }, (_, i) => (i % 5 === 0 ? next() : next() > 0.6 ? 1 : 0));
  const p = Float32Array.from({ length: H * W }, () => Math.fround(next()));
  return { g, p };
}

/** The GLSL, uniform values and inputs of one loss's summands and map. */
function generated(id: LossId, params: ParamsByLoss, seed = 1) {
  const { g, p } = scene(seed);
  const target = new TargetCache(g, H, W);
  try {
    const ctx = new EvalContext(target, p);
    const resolved = resolveParams(id, params[id] ?? {});
    const u = new Uniforms();
    const inputs: string[] = [];
    const bind = (name: string) => {
      inputs.push(name);
      return `get_${name}`;
    };
    const program = LOSS_PROGRAMS[id];
    const sums = program.sums(ctx, resolved, u, bind);
    const map = [program.map(ctx, resolved, u, bind), logitFactor(u, IMPLEMENTATIONS[id].clipEps(resolved))];
    return { code: [...sums, ...map].join('\n'), sums: sums.length, values: u.values(), inputs, ctx, resolved };
  } finally {
    target.dispose();
  }
}

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('program path code', () => {
  for (const id of LOSS_IDS) {
    it(`${id}: the same code for any parameters and scene, the values in its uniforms`, () => {
      const plain = generated(id, {});
      const edited = generated(id, EDITED, 7);
      expect(edited.code).toBe(plain.code);
      expect(edited.inputs).toEqual(plain.inputs);
      expect(edited.values.length).toBe(plain.values.length);
      if (id !== 'structural') expect(edited.values).not.toEqual(plain.values);
      // No number of the parameters or the scene is written into the code: slots only.
      expect(plain.code).not.toMatch(/\d\.\d{5,}/);
      // As many summands as the loss's value reads sums.
      expect(plain.sums).toBe(IMPLEMENTATIONS[id].host.sums(plain.ctx, plain.resolved).length);
    });
  }

  it('names slots in order, four to a vec4, and pads the values to whole vec4s', () => {
    const u = new Uniforms();
    expect([1, 2, 3, 4, 5].map((v) => u.slot(v))).toEqual(['u[0].x', 'u[0].y', 'u[0].z', 'u[0].w', 'u[1].x']);
    expect(u.vec4Count).toBe(2);
    expect(u.values()).toEqual([1, 2, 3, 4, 5, 0, 0, 0]);
    expect(new Uniforms().vec4Count).toBe(1);
  });
});

describe('the engine says which path evaluated', () => {
  it('host by default off webgl, device when forced; the program path needs webgl', () => {
    const { g, p } = scene(3);
    for (const [path, expected] of [
      ['auto', 'host'],
      ['host', 'host'],
      ['device', 'device'],
    ] as const) {
      const engine = new LossEngine({ path });
      engine.setTarget(g, H, W);
      expect(engine.activePath).toBe(expected);
      expect(engine.evaluate(p, {}, { losses: ['bce'] }).path).toBe(expected);
      engine.dispose();
    }
    const engine = new LossEngine({ path: 'program' });
    engine.setTarget(g, H, W);
    expect(() => engine.evaluate(p)).toThrow(/needs the webgl backend/);
    engine.dispose();
  });
});
