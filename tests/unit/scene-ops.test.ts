import { describe, expect, it } from 'vitest';
import {
  addNoise,
  applyTemperature,
  blurLayer,
  copyTargetToPred,
  fillLayer,
  invertLayer,
  isBinaryLayer,
  mulberry32,
  shiftLayer,
  thresholdLayer,
} from '../../src/scene/index.ts';
import { squareGrid } from '../../src/scene/types.ts';

/** A deterministic test layer with every kind of value: 0, 1, 0.5 and a ramp. */
function sample(size: number): Float32Array {
  const l = new Float32Array(size * size);
  const rnd = mulberry32(7);
  for (let i = 0; i < l.length; i++) l[i] = i % 7 === 0 ? 0 : i % 7 === 1 ? 1 : i % 7 === 2 ? 0.5 : rnd();
  return l;
}

function expectUnit(l: Float32Array): void {
  for (const v of l) expect(v >= 0 && v <= 1).toBe(true);
}

describe('scene ops', () => {
  it('fillLayer clamps and rejects bad sizes', () => {
    expect([...fillLayer(squareGrid(2), 0.3)]).toEqual(new Array(4).fill(Math.fround(0.3)));
    expect([...fillLayer(squareGrid(2), 7)]).toEqual([1, 1, 1, 1]);
    expect([...fillLayer(squareGrid(2), Number.NaN)]).toEqual([0, 0, 0, 0]);
    expect(() => fillLayer(squareGrid(0), 1)).toThrow(RangeError);
  });

  it('invert twice is the identity (exact for 0, 1 and v ≥ 0.5; within float32 rounding otherwise)', () => {
    const l = sample(16);
    const copy = Float32Array.from(l);
    const back = invertLayer(invertLayer(l));
    expect(l).toEqual(copy); // input untouched
    for (let i = 0; i < l.length; i++) {
      if (l[i]! >= 0.5 || l[i] === 0) expect(back[i]).toBe(l[i]);
      else expect(Math.abs(back[i]! - l[i]!)).toBeLessThanOrEqual(6e-8);
    }
    expect([...invertLayer(Float32Array.of(0, 1, Number.NaN, 2))]).toEqual([1, 0, 1, 0]);
  });

  it('thresholdLayer and isBinaryLayer', () => {
    const t = thresholdLayer(Float32Array.of(0, 0.49, 0.5, 0.9));
    expect([...t]).toEqual([0, 0, 1, 1]);
    expect(isBinaryLayer(t)).toBe(true);
    expect(isBinaryLayer(Float32Array.of(0, 0.5))).toBe(false);
  });

  it('shift then shift back restores the interior; vacated pixels get fill', () => {
    const size = 12;
    const l = sample(size);
    const copy = Float32Array.from(l);
    const moved = shiftLayer(l, squareGrid(size), 3, -2, 0.25);
    expect(l).toEqual(copy);
    expect(moved[0 * size + 0]).toBe(0.25); // left columns are vacated
    expect(moved[(size - 1) * size + 5]).toBe(0.25); // bottom rows are vacated
    expect(moved[4 * size + 7]).toBe(l[6 * size + 4]);
    const back = shiftLayer(moved, squareGrid(size), -3, 2);
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const i = row * size + col;
        if (col < size - 3 && row >= 2) expect(back[i]).toBe(l[i]);
        else expect(back[i]).toBe(0);
      }
    }
    expect(shiftLayer(l, squareGrid(size), 0, 0)).toEqual(l);
    expect([...shiftLayer(l, squareGrid(size), 99, 0, 1)].every((v) => v === 1)).toBe(true);
  });

  it('temperature 1 is the identity, 0.5 is fixed, and the map stays monotone', () => {
    const l = sample(16);
    expect(applyTemperature(l, 1)).toEqual(l);
    const ramp = Float32Array.from({ length: 101 }, (_, i) => i / 100);
    for (const t of [0, 0.1, 0.5, 0.9, 1.5, 3, 100, Number.POSITIVE_INFINITY]) {
      const out = applyTemperature(ramp, t);
      expectUnit(out);
      expect(out[50]).toBe(0.5);
      for (let i = 1; i < out.length; i++) expect(out[i]!).toBeGreaterThanOrEqual(out[i - 1]!);
    }
  });

  it('sharpening keeps 0 and 1 exact and pushes values away from 0.5; softening pulls them in', () => {
    const l = Float32Array.of(0, 0.2, 0.7, 1);
    const sharp = applyTemperature(l, 0.5);
    expect(sharp[0]).toBe(0);
    expect(sharp[3]).toBe(1);
    expect(sharp[1]!).toBeLessThan(0.2);
    expect(sharp[2]!).toBeGreaterThan(0.7);
    // σ(logit(0.2)/0.5) = 0.2² / (0.2² + 0.8²)
    expect(sharp[1]).toBeCloseTo(0.04 / 0.68, 6);
    const soft = applyTemperature(l, 2);
    expect(soft[0]!).toBeGreaterThan(0);
    expect(soft[0]!).toBeLessThan(0.01);
    expect(soft[3]!).toBeLessThan(1);
    expect(soft[1]!).toBeGreaterThan(0.2);
    expect(soft[2]!).toBeLessThan(0.7);
    expect([...applyTemperature(l, 0)]).toEqual([0, 0, 1, 1]);
    expect([...applyTemperature(l, Number.POSITIVE_INFINITY)]).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('noise is deterministic per seed, stays in [0, 1] and has about the requested spread', () => {
    const size = 64;
    const half = fillLayer(squareGrid(size), 0.5);
    const a = addNoise(half, 0.1, 42);
    expect(addNoise(half, 0.1, 42)).toEqual(a);
    expect(addNoise(half, 0.1, 43)).not.toEqual(a);
    expect(half.every((v) => v === 0.5)).toBe(true);
    expectUnit(a);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(std - 0.1)).toBeLessThan(0.005);
    expectUnit(addNoise(sample(16), 5, 1));
    expect(addNoise(sample(16), 0, 1)).toEqual(sample(16));
  });

  it('copyTargetToPred: confidence on foreground, 1 − confidence on background', () => {
    const g = Float32Array.of(0, 1, 1, 0, 0.5);
    expect([...copyTargetToPred(g)]).toEqual([0, 1, 1, 0, 0.5]);
    const p = copyTargetToPred(g, 0.9);
    expect(p[0]).toBeCloseTo(0.1, 6);
    expect(p[1]).toBeCloseTo(0.9, 6);
    expect(p[4]).toBeCloseTo(0.5, 6);
  });

  it('blur keeps uniform layers uniform, conserves mass away from edges and is symmetric', () => {
    const size = 33;
    const flat = fillLayer(squareGrid(size), 0.3);
    for (const v of blurLayer(flat, squareGrid(size), 4)) expect(v).toBeCloseTo(0.3, 6);
    const dot = new Float32Array(size * size);
    dot[16 * size + 16] = 1;
    const b = blurLayer(dot, squareGrid(size), 2);
    expect(dot[16 * size + 16]).toBe(1); // input untouched
    expect(b.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    expect(b[16 * size + 16]!).toBeLessThan(0.1);
    expect(b[16 * size + 19]).toBeCloseTo(b[19 * size + 16]!, 7);
    expect(b[16 * size + 19]).toBeCloseTo(b[16 * size + 13]!, 7);
    expect(blurLayer(dot, squareGrid(size), 0)).toEqual(dot);
    expectUnit(blurLayer(sample(size), squareGrid(size), 50));
  });
});
