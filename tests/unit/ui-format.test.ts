import { describe, expect, it } from 'vitest';
import { formatDelta, formatParam, formatTick, formatValue, texNumber } from '../../src/ui/format.ts';

describe('formatValue', () => {
  it('gives 5 significant digits in fixed notation for ordinary values', () => {
    expect(formatValue(0.139262).text).toBe('0.13926');
    expect(formatValue(37.78812).text).toBe('37.788');
    expect(formatValue(-0.282894).text).toBe('−0.28289');
    expect(formatValue(1).text).toBe('1.0000');
  });

  it('switches to scientific notation outside [1e-3, 1e5)', () => {
    expect(formatValue(1.2345e-7).text).toBe('1.2345e−7');
    expect(formatValue(6.1e7).text).toBe('6.1000e7');
    expect(formatValue(-4.2e-5, 3).text).toBe('−4.20e−5');
  });

  it('never shows NaN: non-finite values read "undefined" with a reason', () => {
    const nan = formatValue(Number.NaN);
    expect(nan.text).toBe('undefined');
    expect(nan.why).toMatch(/0\/0/);
    expect(formatValue(Infinity).why).toMatch(/∞/);
    expect(formatValue(null).text).toBe('undefined');
    expect(formatValue(undefined, 4, 'no contour').why).toBe('no contour');
  });

  it('prints zero and negative zero as 0', () => {
    expect(formatValue(0).text).toBe('0');
    expect(formatValue(-0).text).toBe('0');
  });
});

describe('formatDelta', () => {
  it('signs changes and calls float noise 0', () => {
    expect(formatDelta(0.0123).text).toBe('+0.0123');
    expect(formatDelta(-0.0123).text).toBe('−0.0123');
    expect(formatDelta(1e-9, 0.5).text).toBe('0');
    expect(formatDelta(Number.NaN).text).toBe('undefined');
  });
});

describe('tick, TeX and parameter numbers', () => {
  it('formats ticks briefly', () => {
    expect(formatTick(0)).toBe('0');
    expect(formatTick(0.00049)).toBe('4.9e−4');
    expect(formatTick(-1e-4)).toBe('−1e−4');
    expect(formatTick(0.25)).toBe('0.25');
  });

  it('writes TeX numbers as a·10^{b} when small or large', () => {
    expect(texNumber(1e-7)).toBe('10^{-7}');
    expect(texNumber(2.5e-6)).toBe('2.5\\times 10^{-6}');
    expect(texNumber(16384)).toBe('16384');
    expect(texNumber(0.333333)).toBe('0.3333');
    expect(texNumber(Number.NaN)).toBe('\\text{undefined}');
  });

  it('writes parameter values without float noise', () => {
    expect(formatParam(0.30000000000000004)).toBe('0.3');
    expect(formatParam(1e-5)).toBe('1e-5');
    expect(formatParam(1 / 3)).toBe('0.333333');
  });
});
