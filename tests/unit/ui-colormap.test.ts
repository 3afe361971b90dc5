import { describe, expect, it } from 'vitest';
import {
  DIVERGING_ANCHORS,
  DIVERGING_LUT,
  LUT_SIZE,
  divergingColor,
  hexToRgb,
  lutIndex,
  overlayClass,
  renderMask,
  renderOverlay,
} from '../../src/ui/colormap.ts';
import {
  absQuantile,
  countClipped,
  poolMaxAbs,
  renderGradient,
  scaleFor,
  scalePosition,
  scaleTicks,
  scaleValue,
  select,
  sharedScale,
} from '../../src/ui/scale.ts';
import type { ColorScale } from '../../src/ui/scale.ts';

/** Relative luminance (WCAG) of an sRGB colour. */
function luminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

describe('diverging colour map', () => {
  it('runs from purple through a light neutral to orange', () => {
    expect(divergingColor(-1)).toEqual(hexToRgb(DIVERGING_ANCHORS[0]!));
    expect(divergingColor(1)).toEqual(hexToRgb(DIVERGING_ANCHORS[DIVERGING_ANCHORS.length - 1]!));
    expect(divergingColor(0)).toEqual(hexToRgb('#f7f7f7'));
    const [r, , b] = divergingColor(-0.8);
    expect(b).toBeGreaterThan(r); // purple side
    const [r2, , b2] = divergingColor(0.8);
    expect(r2).toBeGreaterThan(b2); // orange side
  });

  it('gets monotonically darker away from zero on both sides', () => {
    let prev = luminance(divergingColor(0));
    for (let t = 0.05; t <= 1; t += 0.05) {
      const l = luminance(divergingColor(t));
      expect(l).toBeLessThanOrEqual(prev + 1e-9);
      prev = l;
    }
    prev = luminance(divergingColor(0));
    for (let t = -0.05; t >= -1; t -= 0.05) {
      const l = luminance(divergingColor(t));
      expect(l).toBeLessThanOrEqual(prev + 1e-9);
      prev = l;
    }
  });

  it('clamps and maps NaN to the middle', () => {
    expect(lutIndex(5)).toBe(LUT_SIZE - 1);
    expect(lutIndex(-5)).toBe(0);
    expect(lutIndex(Number.NaN)).toBe((LUT_SIZE - 1) / 2);
    expect(DIVERGING_LUT.length).toBe(LUT_SIZE * 3);
  });
});

describe('colour scales', () => {
  const map = Float32Array.from([0, 1e-6, -1e-5, 1e-4, -1e-3, 2e-3, 5e-3, -1e-2, 0.3, 600]);

  it('selects order statistics', () => {
    const a = Float64Array.from([5, 1, 4, 2, 3]);
    expect(select(a, 0)).toBe(1);
    expect(select(Float64Array.from([5, 1, 4, 2, 3]), 4)).toBe(5);
    expect(select(Float64Array.from([5, 1, 4, 2, 3]), 2)).toBe(3);
    expect(absQuantile([0, 0, -3, 1, 2], 0.5)).toBe(2);
    expect(absQuantile([0, 0], 0.99)).toBe(0);
  });

  it('symlog spans every order of magnitude, symmetric and monotone', () => {
    const s = scaleFor(map, 'symlog');
    expect(s.max).toBeCloseTo(600);
    expect(s.linthresh).toBeGreaterThan(0);
    expect(scalePosition(600, s)).toBeCloseTo(1);
    expect(scalePosition(-600, s)).toBeCloseTo(-1);
    expect(scalePosition(0, s)).toBe(0);
    // 1e-3 is 5.8 decades below the max and still clearly coloured.
    expect(scalePosition(1e-3, s)).toBeGreaterThan(0.2);
    let prev = -Infinity;
    for (const v of [-600, -1, -1e-3, -1e-6, 0, 1e-6, 1e-3, 1, 600]) {
      const t = scalePosition(v, s);
      expect(t).toBeGreaterThan(prev);
      prev = t;
    }
    for (const t of [-0.9, -0.3, 0, 0.2, 0.7, 1]) expect(scalePosition(scaleValue(t, s), s)).toBeCloseTo(t, 9);
  });

  it('robust scale clips at the 99th percentile of |value| and counts what it clips', () => {
    const big = new Float32Array(1000);
    for (let i = 0; i < 1000; i++) big[i] = (i % 2 ? 1 : -1) * (i < 995 ? 1e-4 * (1 + i / 1000) : 1e7 / 16384);
    const s = scaleFor(big, 'robust');
    expect(s.max).toBeLessThan(2e-4);
    expect(s.absMax).toBeCloseTo(1e7 / 16384, 0);
    expect(countClipped(big, s)).toBe(10); // 1 % of the pixels lie beyond the 99th percentile
    expect(scalePosition(1e7, s)).toBe(1);
  });

  it('a shared scale covers every map', () => {
    const a = scaleFor(Float32Array.from([1e-3, -2e-3]), 'symlog');
    const b = scaleFor(Float32Array.from([5, -1e-6]), 'symlog');
    const s = sharedScale([a, b], 'symlog');
    expect(s.max).toBe(5);
    expect(s.linthresh).toBeLessThanOrEqual(Math.min(a.linthresh, b.linthresh));
  });

  it('an all-zero map is drawn in the neutral colour', () => {
    const s = scaleFor(new Float32Array(4), 'symlog');
    expect(s.max).toBe(0);
    const out = new Uint8ClampedArray(16);
    renderGradient(new Float32Array(4), s, out);
    expect([out[0], out[1], out[2], out[3]]).toEqual([...hexToRgb('#f7f7f7'), 255]);
  });

  it('renders through the same lookup table as divergingColor', () => {
    const s: ColorScale = { kind: 'robust', max: 1, linthresh: 0, absMax: 1 };
    const out = new Uint8ClampedArray(12);
    renderGradient(Float32Array.from([-1, 0.5, 3]), s, out);
    expect([out[0], out[1], out[2]]).toEqual([...divergingColor(-1)]);
    expect([out[4], out[5], out[6]]).toEqual([...divergingColor(0.5)]);
    expect([out[8], out[9], out[10]]).toEqual([...divergingColor(1)]);
  });

  it('symlog rendering by bucket edges matches the colour of each value’s position', () => {
    const values = Float32Array.from(
      { length: 2000 },
      (_, i) => Math.sign(Math.sin(i * 7.1)) * 10 ** (-8 + (i % 97) / 10) * (1 + (i % 13) / 7),
    );
    values[0] = 0;
    values[1] = Infinity;
    values[2] = -Infinity;
    values[3] = Number.NaN;
    const s = scaleFor(values, 'symlog');
    const out = new Uint8ClampedArray(values.length * 4);
    renderGradient(values, s, out);
    let mismatches = 0;
    values.forEach((v, i) => {
      const t = Number.isNaN(v) ? 0 : scalePosition(v, s);
      const [r, g, b] = divergingColor(t);
      if (out[i * 4] !== r || out[i * 4 + 1] !== g || out[i * 4 + 2] !== b || out[i * 4 + 3] !== 255) mismatches++;
    });
    expect(mismatches).toBe(0);
  });

  it('legend ticks: 0, ±max and one readable value per side', () => {
    const s = scaleFor(map, 'symlog');
    const ticks = scaleTicks(s);
    expect(ticks.map((t) => t.t)).toEqual([...ticks.map((t) => t.t)].sort((a, b) => a - b));
    expect(ticks.some((t) => t.value === 0 && t.t === 0)).toBe(true);
    expect(ticks[0]!.t).toBeCloseTo(-1);
    expect(ticks[ticks.length - 1]!.t).toBeCloseTo(1);
    expect(ticks.length).toBeLessThanOrEqual(5);
    const robust = scaleTicks({ kind: 'robust', max: 2, linthresh: 0, absMax: 4 });
    expect(robust.map((t) => t.value)).toEqual([-2, -1, 0, 1, 2]);
  });
});

describe('thumbnails', () => {
  it('pool by the value of largest magnitude, keeping its sign', () => {
    const m = Float32Array.from([1, -5, 0, 0, 2, 3, 0, 0, 0, 0, 0.1, 0, 0, 0, 0, -0.2]);
    expect(Array.from(poolMaxAbs(m, 4, 2))).toEqual([-5, 0, 0, Math.fround(-0.2)]);
    expect(poolMaxAbs(m, 4, 4)).toBe(m);
    expect(() => poolMaxAbs(m, 4, 3)).toThrow();
  });
});

describe('masks and overlay', () => {
  it('draws 0 dark and 1 light, the same for both layers', () => {
    const out = new Uint8ClampedArray(8);
    renderMask(Float32Array.from([0, 1]), out);
    expect(out[0]).toBeLessThan(40);
    expect(out[4]).toBeGreaterThan(220);
  });

  it('classifies pixels at p > 0.5 and counts them', () => {
    expect(overlayClass(1, 0.9)).toBe('tp');
    expect(overlayClass(0, 0.9)).toBe('fp');
    expect(overlayClass(1, 0.5)).toBe('fn');
    expect(overlayClass(0, 0.1)).toBe('tn');
    const counts = renderOverlay(
      Float32Array.from([1, 0, 1, 0]),
      Float32Array.from([0.9, 0.9, 0.2, 0.2]),
      new Uint8ClampedArray(16),
    );
    expect(counts).toEqual({ tp: 1, fp: 1, fn: 1, tn: 1 });
  });
});
