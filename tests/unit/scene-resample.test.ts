import { describe, expect, it } from 'vitest';
import type { Scene } from '../../src/scene/index.ts';
import { fitGrid, getPreset, isBinaryLayer, resampleLayer, resampleScene, squareGrid } from '../../src/scene/index.ts';

function mean(l: Float32Array): number {
  return l.reduce((s, v) => s + v, 0) / l.length;
}

describe('resampleScene', () => {
  it('same size is an independent copy', () => {
    const s = getPreset('one_missed')!.build(64);
    const r = resampleScene(s, squareGrid(64));
    expect(r).toEqual(s);
    r.pred[0] = 0.5;
    expect(s.pred[0]).not.toBe(0.5);
  });

  it('keeps a binary target binary both ways, and the objects where they were', () => {
    const s = getPreset('one_missed')!.build(128);
    for (const size of [64, 256, 512, 96]) {
      const r = resampleScene(s, squareGrid(size));
      expect(r).toMatchObject({ height: size, width: size });
      expect(r.target.length).toBe(size * size);
      expect(isBinaryLayer(r.target)).toBe(true);
      expect(Math.abs(mean(r.target) - mean(s.target))).toBeLessThan(0.005);
      expect(Math.abs(mean(r.pred) - mean(s.pred))).toBeLessThan(0.005);
      expect(r.pred.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it('a 2× grow then shrink restores a binary target exactly', () => {
    const s = getPreset('thin_vessel')!.build(64);
    const back = resampleScene(resampleScene(s, squareGrid(128)), squareGrid(64));
    expect(back.target).toEqual(s.target);
    // pred is smoothed a little (bilinear up, box down) but keeps its mass.
    expect(mean(back.pred)).toBeCloseTo(mean(s.pred), 5);
  });

  it('a shrink averages areas: the mean of pred is kept and 1-px lines survive', () => {
    const size = 8;
    const s: Scene = {
      height: size,
      width: size,
      target: new Float32Array(size * size),
      pred: new Float32Array(size * size),
    };
    for (let i = 0; i < size; i++) s.target[3 * size + i] = 1; // a 1-px horizontal line
    for (let i = 0; i < s.pred.length; i++) s.pred[i] = (i % 5) / 4;
    const r = resampleScene(s, squareGrid(4));
    expect(mean(r.pred)).toBeCloseTo(mean(s.pred), 6);
    expect([...r.target.subarray(4, 8)]).toEqual([1, 1, 1, 1]);
    expect(mean(r.target)).toBeCloseTo(0.25, 6);
  });

  it('a soft target stays soft', () => {
    const s = getPreset('blurred_gt')!.build(128);
    const r = resampleScene(s, squareGrid(64));
    expect(isBinaryLayer(r.target)).toBe(false);
    expect(Math.abs(mean(r.target) - mean(s.target))).toBeLessThan(1e-4);
  });

  it('rejects bad sizes', () => {
    const s = getPreset('perfect')!.build(64);
    expect(() => resampleScene(s, squareGrid(0))).toThrow(RangeError);
    expect(() => resampleScene({ ...s, height: 32 }, squareGrid(64))).toThrow(RangeError);
    expect(() => resampleLayer(s.pred, { height: 32, width: 64 }, squareGrid(8))).toThrow(RangeError);
  });

  it('resamples a rectangle per axis: 24 × 40 to 48 × 20 and back keeps a binary target binary and the mean', () => {
    const from = { height: 24, width: 40 };
    const target = new Float32Array(24 * 40);
    const pred = new Float32Array(24 * 40);
    for (let r = 0; r < 24; r++) {
      for (let c = 0; c < 40; c++) {
        target[r * 40 + c] = r >= 6 && r < 18 && c >= 10 && c < 30 ? 1 : 0;
        pred[r * 40 + c] = ((r * 7 + c * 3) % 11) / 10;
      }
    }
    const to = { height: 48, width: 20 };
    const r = resampleScene({ ...from, target, pred }, to);
    expect(r).toMatchObject(to);
    expect(r.target).toHaveLength(48 * 20);
    expect(isBinaryLayer(r.target)).toBe(true);
    expect(mean(r.target)).toBeCloseTo(mean(target), 6);
    // The box rows 6 … 18 become rows 12 … 36; columns 10 … 30 become 5 … 15.
    expect(r.target[11 * 20 + 10]).toBe(0);
    expect(r.target[12 * 20 + 5]).toBe(1);
    expect(r.target[35 * 20 + 14]).toBe(1);
    expect(r.target[36 * 20 + 14]).toBe(0);
    expect(mean(resampleLayer(pred, from, { height: 12, width: 20 }))).toBeCloseTo(mean(pred), 6);
  });

  it('fitGrid keeps the aspect ratio with the long side given', () => {
    expect(fitGrid({ height: 24, width: 40 }, 128)).toEqual({ height: 77, width: 128 });
    expect(fitGrid({ height: 1000, width: 250 }, 512)).toEqual({ height: 512, width: 128 });
    expect(fitGrid(squareGrid(64), 256)).toEqual(squareGrid(256));
    expect(fitGrid({ height: 1, width: 5000 }, 512)).toEqual({ height: 1, width: 512 });
  });
});
