import { describe, expect, it } from 'vitest';
import type { Brush } from '../../src/scene/index.ts';
import { beginStroke, stampStroke } from '../../src/scene/index.ts';
import { squareGrid } from '../../src/scene/types.ts';

const HARD: Brush = { radius: 2, value: 1, hardness: 1, opacity: 1, erase: false };

function layer(size: number, fill = 0): Float32Array {
  return new Float32Array(size * size).fill(fill);
}

function painted(l: Float32Array, size: number): Set<string> {
  const s = new Set<string>();
  for (let i = 0; i < l.length; i++) if (l[i]! > 0) s.add(`${i % size},${Math.floor(i / size)}`);
  return s;
}

describe('stampStroke: a single stamp', () => {
  it('a radius-2 hard binary stamp covers exactly the 13 pixels whose centres lie within 2 px', () => {
    const size = 21;
    const l = layer(size);
    const rect = stampStroke(l, squareGrid(size), { x: 10.5, y: 10.5 }, { x: 10.5, y: 10.5 }, HARD, true);
    const expected = new Set<string>();
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) if (dx * dx + dy * dy <= 4) expected.add(`${10 + dx},${10 + dy}`);
    }
    expect(expected.size).toBe(13);
    expect(painted(l, size)).toEqual(expected);
    expect(rect).toEqual({ x0: 8, y0: 8, x1: 13, y1: 13 });
    for (const v of l) expect(v === 0 || v === 1).toBe(true);
  });

  it('a hard non-binary stamp is 1 inside r − 0.5, 0.5 at r and 0 from r + 0.5 (a 1-px antialiased rim)', () => {
    const size = 21;
    const l = layer(size);
    stampStroke(l, squareGrid(size), { x: 10.5, y: 10.5 }, { x: 10.5, y: 10.5 }, { ...HARD, radius: 4 }, false);
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const d = Math.hypot(col - 10, row - 10);
        const v = l[row * size + col]!;
        if (d <= 3.5) expect(v).toBe(1);
        if (d >= 4.5) expect(v).toBe(0);
      }
    }
    expect(l[10 * size + 14]).toBeCloseTo(0.5, 6); // d = 4 = r
  });

  it('a 0.5-px brush clicked exactly on a pixel corner still paints (binary and soft)', () => {
    for (const binary of [true, false]) {
      const l = layer(8);
      const rect = stampStroke(l, squareGrid(8), { x: 3, y: 3 }, { x: 3, y: 3 }, { ...HARD, radius: 0.5 }, binary);
      expect(rect).not.toBeNull();
      expect(l[2 * 8 + 2]).toBe(1);
      expect(l[3 * 8 + 3]).toBe(1);
    }
  });

  it('a 0.5-px click inside a pixel paints that one pixel only in binary mode', () => {
    const l = layer(8);
    stampStroke(l, squareGrid(8), { x: 5.2, y: 1.9 }, { x: 5.2, y: 1.9 }, { ...HARD, radius: 0.5 }, true);
    expect(painted(l, 8)).toEqual(new Set(['5,1']));
  });

  it('clips to the grid and returns null off the grid', () => {
    const l = layer(16);
    const rect = stampStroke(l, squareGrid(16), { x: -1, y: 0.5 }, { x: -1, y: 0.5 }, { ...HARD, radius: 3 }, true);
    expect(rect).toEqual({ x0: 0, y0: 0, x1: 2, y1: 3 });
    expect(stampStroke(l, squareGrid(16), { x: -50, y: -50 }, { x: -40, y: -60 }, HARD, true)).toBeNull();
    expect(stampStroke(l, squareGrid(16), { x: Number.NaN, y: 1 }, { x: 2, y: 2 }, HARD, true)).toBeNull();
  });

  it('returns null when nothing changes', () => {
    const l = layer(16, 1);
    expect(stampStroke(l, squareGrid(16), { x: 8, y: 8 }, { x: 9, y: 9 }, HARD, true)).toBeNull();
    expect(
      stampStroke(layer(16), squareGrid(16), { x: 8, y: 8 }, { x: 9, y: 9 }, { ...HARD, opacity: 0 }, false),
    ).toBeNull();
  });

  it('rejects a layer of the wrong length', () => {
    expect(() => stampStroke(layer(4), squareGrid(5), { x: 1, y: 1 }, { x: 1, y: 1 }, HARD, true)).toThrow(RangeError);
  });
});

describe('stampStroke: strokes', () => {
  it('a fast long stroke leaves no gaps: the pixel under every point of the segment is painted', () => {
    const size = 64;
    for (const radius of [0.5, 1, 2.5]) {
      for (const binary of [true, false]) {
        const l = layer(size);
        const a = { x: 2.3, y: 3.7 };
        const b = { x: 61.1, y: 41.9 };
        stampStroke(l, squareGrid(size), a, b, { ...HARD, radius }, binary);
        for (let k = 0; k <= 2000; k++) {
          const t = k / 2000;
          const col = Math.floor(a.x + t * (b.x - a.x));
          const row = Math.floor(a.y + t * (b.y - a.y));
          const v = l[row * size + col]!;
          // Soft mode antialiases, so a pixel the segment only grazes may get slightly less than 1.
          if (binary) expect(v, `r=${radius} binary at ${col},${row}`).toBe(1);
          else expect(v, `r=${radius} soft at ${col},${row}`).toBeGreaterThan(0.5);
        }
      }
    }
  });

  it('a thin binary stroke is 8-connected in every column it spans', () => {
    const size = 64;
    const l = layer(size);
    stampStroke(l, squareGrid(size), { x: 0.5, y: 10.2 }, { x: 63.5, y: 40.7 }, { ...HARD, radius: 0.5 }, true);
    let prev: number[] | null = null;
    for (let col = 0; col < size; col++) {
      const rows: number[] = [];
      for (let row = 0; row < size; row++) if (l[row * size + col] === 1) rows.push(row);
      expect(rows.length).toBeGreaterThan(0);
      if (prev) expect(Math.min(...rows) - Math.max(...prev)).toBeLessThanOrEqual(1);
      prev = rows;
    }
  });

  it('binary mode writes exactly 0 or 1 whatever the brush', () => {
    const size = 32;
    const l = layer(size);
    const soft: Brush = { radius: 6, value: 0.7, hardness: 0.2, opacity: 0.3, erase: false };
    stampStroke(l, squareGrid(size), { x: 4, y: 4 }, { x: 28, y: 20 }, soft, true);
    expect([...new Set(l)].sort()).toEqual([0, 1]);
    stampStroke(l, squareGrid(size), { x: 10, y: 4 }, { x: 20, y: 20 }, { ...soft, erase: true }, true);
    expect([...new Set(l)].sort()).toEqual([0, 1]);
    // A soft brush on a binary layer paints the 0.5-coverage disc: radius·(1 + hardness)/2.
    const one = layer(size);
    stampStroke(one, squareGrid(size), { x: 16.5, y: 16.5 }, { x: 16.5, y: 16.5 }, { ...soft, hardness: 0 }, true);
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        expect(one[row * size + col]).toBe(Math.hypot(col - 16, row - 16) <= 3 ? 1 : 0);
      }
    }
  });

  it('blends towards value by opacity·coverage, once per call however long the segment', () => {
    const size = 32;
    const l = layer(size, 0.2);
    const brush: Brush = { radius: 3, value: 0.8, hardness: 1, opacity: 0.5, erase: false };
    // The segment passes over pixel (16, 16) along its whole length: still blended once.
    stampStroke(l, squareGrid(size), { x: 5, y: 16.5 }, { x: 27, y: 16.5 }, brush, false);
    expect(l[16 * size + 16]).toBeCloseTo(0.2 + (0.8 - 0.2) * 0.5, 6);
    // A second call blends again from the new value.
    stampStroke(l, squareGrid(size), { x: 5, y: 16.5 }, { x: 27, y: 16.5 }, brush, false);
    expect(l[16 * size + 16]).toBeCloseTo(0.5 + (0.8 - 0.5) * 0.5, 6);
    // Erase blends towards 0.
    stampStroke(l, squareGrid(size), { x: 16.5, y: 16.5 }, { x: 16.5, y: 16.5 }, { ...brush, erase: true }, false);
    expect(l[16 * size + 16]).toBeCloseTo(0.65 * 0.5, 6);
  });

  it('a StrokeState stops opacity stacking at the joints of a multi-segment stroke', () => {
    const size = 32;
    const brush: Brush = { radius: 3, value: 1, hardness: 1, opacity: 0.5, erase: false };
    const pts = [
      { x: 4, y: 16.5 },
      { x: 16.5, y: 16.5 },
      { x: 28, y: 16.5 },
      { x: 16.5, y: 16.5 },
    ];
    const plain = layer(size);
    const withState = layer(size);
    const stroke = beginStroke(withState);
    for (let i = 1; i < pts.length; i++) {
      stampStroke(plain, squareGrid(size), pts[i - 1]!, pts[i]!, brush, false);
      stampStroke(withState, squareGrid(size), pts[i - 1]!, pts[i]!, brush, false, stroke);
    }
    expect(plain[16 * size + 16]).toBeGreaterThan(0.7);
    for (let col = 5; col < 27; col++) expect(withState[16 * size + col]).toBeCloseTo(0.5, 6);
  });

  it('the soft edge falls off monotonically with distance from the centre', () => {
    const size = 41;
    const l = layer(size);
    const brush: Brush = { radius: 12, value: 1, hardness: 0.3, opacity: 1, erase: false };
    stampStroke(l, squareGrid(size), { x: 20.5, y: 20.5 }, { x: 20.5, y: 20.5 }, brush, false);
    const byDistance = [...l.keys()]
      .map((i) => ({ d: Math.hypot((i % size) - 20, Math.floor(i / size) - 20), v: l[i]! }))
      .sort((a, b) => a.d - b.d);
    for (let k = 1; k < byDistance.length; k++) {
      expect(byDistance[k]!.v).toBeLessThanOrEqual(byDistance[k - 1]!.v);
    }
    expect(l[20 * size + 20]).toBe(1); // hard core up to r·h − 0.5 = 3.1 px
    expect(l[20 * size + 23]).toBe(1);
    const mid = l[20 * size + 28]!;
    expect(mid).toBeGreaterThan(0.05);
    expect(mid).toBeLessThan(0.95);
    expect(l[20 * size + 33]).toBe(0); // beyond r + 0.5
  });

  it('the returned rectangle bounds exactly the changed pixels', () => {
    const size = 32;
    const l = layer(size);
    const before = Float32Array.from(l);
    const rect = stampStroke(
      l,
      squareGrid(size),
      { x: 7.2, y: 9.9 },
      { x: 20.4, y: 13.1 },
      { ...HARD, radius: 2.2 },
      false,
    )!;
    let x0 = size,
      y0 = size,
      x1 = 0,
      y1 = 0;
    for (let i = 0; i < l.length; i++) {
      if (l[i] !== before[i]) {
        const col = i % size,
          row = Math.floor(i / size);
        x0 = Math.min(x0, col);
        y0 = Math.min(y0, row);
        x1 = Math.max(x1, col + 1);
        y1 = Math.max(y1, row + 1);
      }
    }
    expect(rect).toEqual({ x0, y0, x1, y1 });
  });
});
