/**
 * Full-size scenes: the wasm backend gives the cpu backend's values to 1e-5 relative on every preset at
 * 256², with every loss's parameters away from their defaults too, on the tf.js device path; and the host
 * path (the engine's default on both, and the eval CLI's) gives the device path's values to the same 1e-5. The small random scenes of engine.test.ts cannot show this: a one-pass float32 reduction over 65,536
 * pixels drifted by up to 5e-4 before sums went row by row (losses/shared.ts sumAll).
 */
import { describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import '@tensorflow/tfjs-backend-wasm';
import { LossEngine } from '../../src/core/engine.ts';
import { LOSS_IDS } from '../../src/core/registry.ts';
import type { LossId, ParamsByLoss } from '../../src/core/types.ts';
import { PRESETS, buildPreset, resampleScene } from '../../src/scene/index.ts';
import type { Grid } from '../../src/scene/index.ts';
import { quantizePrediction } from '../../src/scene/levels.ts';

tf.enableProdMode();

const SIZE = 256;
const EDITED: ParamsByLoss = {
  weighted_bce: { beta: 3 },
  balanced_bce: { beta: 0.3 },
  focal: { gamma: 2.5, alpha: 0.4 },
  distance_bce: { lambda: 2 },
  dice: { squared: true },
  tversky: { fp_weight: 0.45 },
  focal_tversky: { gamma: 2 },
  hausdorff_dt: { alpha: 1.5 },
  shape_aware: { scale: 2 },
  combo: { alpha: 0.6 },
  exp_log: { w_dice: 0.6, gamma_cross: 0.7 },
  structural: { window: 5 },
};

/** Rectangular grids too (an imported scene's shape): each preset squeezed to 256 × 144 or stretched to 120 × 256. */
const GRIDS = [
  { height: SIZE, width: SIZE },
  { height: SIZE, width: 144 },
  { height: 120, width: SIZE },
] as const;

async function valuesOn(
  backend: 'cpu' | 'wasm',
  params: ParamsByLoss,
  path: 'device' | 'host' = 'device',
  grid: Grid = GRIDS[0],
): Promise<Record<LossId, number>[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  await tf.ready();
  const engine = new LossEngine({ path });
  try {
    return PRESETS.map((p) => {
      const s = resampleScene(buildPreset(p.id, SIZE), grid);
      engine.setTarget(s.target, s.height, s.width);
      return engine.evaluate(quantizePrediction(s.pred), params).values as Record<LossId, number>;
    });
  } finally {
    engine.dispose();
  }
}

/** Where two runs over the presets differ by more than 1e-5 relative (1e-7 absolute). */
function disagreements(first: Record<LossId, number>[], second: Record<LossId, number>[]): string[] {
  const off: string[] = [];
  for (const [k, p] of PRESETS.entries()) {
    for (const id of LOSS_IDS) {
      const a = first[k]![id];
      const b = second[k]![id];
      if (!Number.isFinite(a) || !Number.isFinite(b)) {
        if (!Object.is(a, b)) off.push(`${p.id} ${id}: ${a} vs ${b}`);
      } else if (Math.abs(a - b) > Math.max(1e-7, 1e-5 * Math.abs(a))) off.push(`${p.id} ${id}: ${a} vs ${b}`);
    }
  }
  return off;
}

describe('every path agrees on full-size scenes', () => {
  for (const [name, params] of [
    ['default parameters', {}],
    ['edited parameters', EDITED],
  ] as const) {
    it(`every preset at ${SIZE}², ${name}: cpu and wasm device paths within 1e-5`, async () => {
      expect(disagreements(await valuesOn('cpu', params), await valuesOn('wasm', params))).toEqual([]);
    }, 120_000);

    it(`every preset at ${SIZE}², ${name}: host path and cpu device path within 1e-5`, async () => {
      expect(disagreements(await valuesOn('cpu', params), await valuesOn('cpu', params, 'host'))).toEqual([]);
    }, 120_000);
  }

  for (const grid of GRIDS.slice(1)) {
    it(`every preset at ${grid.height} × ${grid.width}, edited parameters: wasm device, host and cpu device paths within 1e-5`, async () => {
      const cpu = await valuesOn('cpu', EDITED, 'device', grid);
      expect(disagreements(cpu, await valuesOn('wasm', EDITED, 'device', grid))).toEqual([]);
      expect(disagreements(cpu, await valuesOn('cpu', EDITED, 'host', grid))).toEqual([]);
    }, 120_000);
  }
});
