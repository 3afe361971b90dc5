import { describe, expect, it } from 'vitest';
import type { Scene } from '../../src/scene/index.ts';
import { getPreset, isBinaryLayer, resampleScene } from '../../src/scene/index.ts';

function mean(l: Float32Array): number {
  return l.reduce((s, v) => s + v, 0) / l.length;
}

describe('resampleScene', () => {
  it('same size is an independent copy', () => {
    const s = getPreset('one_missed')!.build(64);
    const r = resampleScene(s, 64);
    expect(r).toEqual(s);
    r.pred[0] = 0.5;
    expect(s.pred[0]).not.toBe(0.5);
  });

  it('keeps a binary target binary both ways, and the objects where they were', () => {
    const s = getPreset('one_missed')!.build(128);
    for (const size of [64, 256, 512, 96]) {
      const r = resampleScene(s, size);
      expect(r.size).toBe(size);
      expect(r.target.length).toBe(size * size);
      expect(isBinaryLayer(r.target)).toBe(true);
      expect(Math.abs(mean(r.target) - mean(s.target))).toBeLessThan(0.005);
      expect(Math.abs(mean(r.pred) - mean(s.pred))).toBeLessThan(0.005);
      expect(r.pred.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it('a 2× grow then shrink restores a binary target exactly', () => {
    const s = getPreset('thin_vessel')!.build(64);
    const back = resampleScene(resampleScene(s, 128), 64);
    expect(back.target).toEqual(s.target);
    // pred is smoothed a little (bilinear up, box down) but keeps its mass.
    expect(mean(back.pred)).toBeCloseTo(mean(s.pred), 5);
  });

  it('a shrink averages areas: the mean of pred is kept and 1-px lines survive', () => {
    const size = 8;
    const s: Scene = { size, target: new Float32Array(size * size), pred: new Float32Array(size * size) };
    for (let i = 0; i < size; i++) s.target[3 * size + i] = 1; // a 1-px horizontal line
    for (let i = 0; i < s.pred.length; i++) s.pred[i] = (i % 5) / 4;
    const r = resampleScene(s, 4);
    expect(mean(r.pred)).toBeCloseTo(mean(s.pred), 6);
    expect([...r.target.subarray(4, 8)]).toEqual([1, 1, 1, 1]);
    expect(mean(r.target)).toBeCloseTo(0.25, 6);
  });

  it('a soft target stays soft', () => {
    const s = getPreset('blurred_gt')!.build(128);
    const r = resampleScene(s, 64);
    expect(isBinaryLayer(r.target)).toBe(false);
    expect(Math.abs(mean(r.target) - mean(s.target))).toBeLessThan(1e-4);
  });

  it('rejects bad sizes', () => {
    const s = getPreset('perfect')!.build(64);
    expect(() => resampleScene(s, 0)).toThrow(RangeError);
    expect(() => resampleScene({ ...s, size: 32 }, 64)).toThrow(RangeError);
  });
});
