import { describe, expect, it } from 'vitest';
import type { Brush } from '../../src/scene/index.ts';
import { drawShape } from '../../src/scene/index.ts';
import { squareGrid } from '../../src/scene/types.ts';

const HARD: Brush = { radius: 1, value: 1, hardness: 1, opacity: 1, erase: false };

describe('drawShape', () => {
  it('a binary rectangle covers the pixels whose centres lie inside, whichever corner comes first', () => {
    const size = 16;
    for (const [a, b] of [
      [
        { x: 2, y: 3 },
        { x: 7, y: 9 },
      ],
      [
        { x: 7, y: 9 },
        { x: 2, y: 3 },
      ],
      [
        { x: 7, y: 3 },
        { x: 2, y: 9 },
      ],
    ] as const) {
      const l = new Float32Array(size * size);
      const rect = drawShape(l, squareGrid(size), 'rect', a, b, HARD, true);
      expect(rect).toEqual({ x0: 2, y0: 3, x1: 7, y1: 9 });
      for (let row = 0; row < size; row++) {
        for (let col = 0; col < size; col++) {
          expect(l[row * size + col]).toBe(col >= 2 && col < 7 && row >= 3 && row < 9 ? 1 : 0);
        }
      }
    }
  });

  it('a binary ellipse is exactly the pixel centres inside the ellipse', () => {
    const size = 40;
    const l = new Float32Array(size * size);
    drawShape(l, squareGrid(size), 'ellipse', { x: 4.3, y: 10.1 }, { x: 35.9, y: 29.7 }, HARD, true);
    const cx = (4.3 + 35.9) / 2,
      cy = (10.1 + 29.7) / 2,
      rx = (35.9 - 4.3) / 2,
      ry = (29.7 - 10.1) / 2;
    let count = 0;
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const k = ((col + 0.5 - cx) / rx) ** 2 + ((row + 0.5 - cy) / ry) ** 2;
        expect(l[row * size + col], `${col},${row}`).toBe(k <= 1 ? 1 : 0);
        count += k <= 1 ? 1 : 0;
      }
    }
    // Close to the analytic area π·rx·ry.
    expect(Math.abs(count - Math.PI * rx * ry) / (Math.PI * rx * ry)).toBeLessThan(0.03);
  });

  it('a soft shape is 1 in the middle, falls off monotonically towards the edge and is 0 outside', () => {
    const size = 48;
    for (const kind of ['rect', 'ellipse'] as const) {
      const l = new Float32Array(size * size);
      drawShape(l, squareGrid(size), kind, { x: 4, y: 4 }, { x: 44, y: 44 }, { ...HARD, hardness: 0.4 }, false);
      expect(l[24 * size + 24]).toBe(1);
      // Along the middle row, from the centre outwards.
      for (let col = 25; col < size; col++) expect(l[24 * size + col]!).toBeLessThanOrEqual(l[24 * size + col - 1]!);
      expect(l[24 * size + 38]!).toBeGreaterThan(0);
      expect(l[24 * size + 38]!).toBeLessThan(1);
      expect(l[24 * size + 45]).toBe(0);
      expect(l[1 * size + 1]).toBe(0);
      for (const v of l) expect(v >= 0 && v <= 1).toBe(true);
    }
  });

  it('blends with value, opacity and erase like the brush', () => {
    const size = 16;
    const l = new Float32Array(size * size).fill(0.4);
    drawShape(
      l,
      squareGrid(size),
      'rect',
      { x: 2, y: 2 },
      { x: 14, y: 14 },
      { ...HARD, value: 0.9, opacity: 0.5 },
      false,
    );
    expect(l[8 * size + 8]).toBeCloseTo(0.4 + 0.5 * 0.5, 6);
    drawShape(l, squareGrid(size), 'ellipse', { x: 2, y: 2 }, { x: 14, y: 14 }, { ...HARD, erase: true }, false);
    expect(l[8 * size + 8]).toBe(0);
  });

  it('returns null for an empty or off-grid shape', () => {
    const l = new Float32Array(64);
    expect(drawShape(l, squareGrid(8), 'rect', { x: 2, y: 2 }, { x: 2, y: 6 }, HARD, true)).toBeNull();
    expect(drawShape(l, squareGrid(8), 'ellipse', { x: 20, y: 20 }, { x: 30, y: 30 }, HARD, true)).toBeNull();
    expect(
      drawShape(l, squareGrid(8), 'rect', { x: Number.POSITIVE_INFINITY, y: 2 }, { x: 2, y: 6 }, HARD, true),
    ).toBeNull();
    expect([...l].every((v) => v === 0)).toBe(true);
  });
});
