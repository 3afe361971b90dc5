import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRESET_ID,
  PRESETS,
  buildPreset,
  getPreset,
  isBinaryLayer,
  shiftLayer,
} from '../../src/scene/index.ts';
import { squareGrid } from '../../src/scene/types.ts';

const IDS = [
  'perfect',
  'empty',
  'all_foreground',
  'small_object',
  'shifted',
  'thin_vessel',
  'one_missed',
  'uncertain',
  'overconfident_wrong',
  'blurred_gt',
];

function mean(l: Float32Array): number {
  return l.reduce((s, v) => s + v, 0) / l.length;
}

describe('presets', () => {
  it('has exactly the teaching presets, with stable ids, names and one-sentence hints', () => {
    expect(PRESETS.map((p) => p.id)).toEqual(IDS);
    expect(IDS).toContain(DEFAULT_PRESET_ID);
    for (const p of PRESETS) {
      expect(p.name.length).toBeGreaterThan(0);
      expect(p.lookAt.endsWith('.')).toBe(true);
      expect(p.lookAt.match(/[.!?](\s|$)/g)).toHaveLength(1);
    }
  });

  for (const size of [64, 128, 256]) {
    it(`every preset builds at ${size}: right size, values in [0, 1], binary targets except blurred_gt`, () => {
      for (const p of PRESETS) {
        const s = p.build(size);
        expect(s).toMatchObject({ height: size, width: size });
        expect(s.target).toBeInstanceOf(Float32Array);
        expect(s.pred).toBeInstanceOf(Float32Array);
        expect(s.target.length).toBe(size * size);
        expect(s.pred.length).toBe(size * size);
        for (const l of [s.target, s.pred]) expect(l.every((v) => v >= 0 && v <= 1)).toBe(true);
        expect(isBinaryLayer(s.target), p.id).toBe(p.id !== 'blurred_gt');
        const fg = mean(s.target);
        expect(fg, p.id).toBeGreaterThan(0);
        expect(fg, p.id).toBeLessThan(0.5);
      }
    });
  }

  it('shapes scale with the grid: the foreground fraction hardly changes from 64 to 512', () => {
    // thin_vessel keeps a 1-px minimum half-width, so it is relatively thicker on coarse grids.
    for (const p of PRESETS.filter((q) => q.id !== 'thin_vessel')) {
      const f64 = mean(p.build(64).target);
      const f512 = mean(p.build(512).target);
      expect(Math.abs(f64 - f512) / f512, p.id).toBeLessThan(0.12);
    }
  });

  it('each preset shows what its name says', () => {
    const size = 128;
    const get = (id: string) => getPreset(id)!.build(size);
    const perfect = get('perfect');
    expect(perfect.pred).toEqual(perfect.target);
    expect(get('empty').pred.every((v) => v === 0)).toBe(true);
    expect(get('all_foreground').pred.every((v) => v === 1)).toBe(true);
    expect(mean(get('small_object').target)).toBeLessThan(0.01);
    expect(mean(get('thin_vessel').target)).toBeLessThan(0.05);
    for (const n of [64, 128, 256, 512]) {
      // Thin but never broken up: about 2–3 px wide at 64, growing slowly with the grid.
      const f = mean(getPreset('thin_vessel')!.build(n).target);
      expect(f).toBeGreaterThan(0.015);
      expect(f).toBeLessThan(0.06);
    }

    // shifted: the thresholded prediction is the target moved right by 2 px (at 128).
    const sh = get('shifted');
    const moved = shiftLayer(sh.target, squareGrid(size), 2, 0);
    let diff = 0;
    for (let i = 0; i < moved.length; i++) if ((sh.pred[i]! > 0.5 ? 1 : 0) !== moved[i]) diff++;
    expect(diff).toBeLessThan(0.02 * mean(sh.target) * size * size);

    // uncertain: right side of 0.5 everywhere, but never confident.
    const un = get('uncertain');
    for (let i = 0; i < un.pred.length; i++) {
      expect(un.pred[i]! > 0.5).toBe(un.target[i] === 1);
      expect(Math.abs(un.pred[i]! - 0.5)).toBeLessThan(0.16);
    }

    // one_missed: one object found (p > 0.5 over much of the target), the other below 0.5 everywhere.
    const om = get('one_missed');
    let hit = 0,
      fg = 0;
    for (let i = 0; i < om.pred.length; i++) {
      if (om.target[i] === 1) {
        fg++;
        if (om.pred[i]! > 0.5) hit++;
      }
    }
    expect(hit / fg).toBeGreaterThan(0.5);
    expect(hit / fg).toBeLessThan(0.8);

    const ow = get('overconfident_wrong');
    expect(Math.max(...ow.pred)).toBeGreaterThan(0.98);
    expect(Math.min(...ow.pred)).toBeLessThan(0.02);

    const bl = get('blurred_gt');
    expect(bl.pred).toEqual(bl.target);
    expect(bl.target.some((v) => v > 0.1 && v < 0.9)).toBe(true);
  });

  it('builds fresh arrays each time and falls back to the default for unknown ids', () => {
    const a = buildPreset('perfect', 64);
    a.target.fill(0);
    expect(buildPreset('perfect', 64).target.some((v) => v === 1)).toBe(true);
    expect(buildPreset('no_such_preset', 64)).toEqual(getPreset(DEFAULT_PRESET_ID)!.build(64));
  });
});
