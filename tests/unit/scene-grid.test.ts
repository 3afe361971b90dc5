/** H × W scenes: brushes, shapes, whole-layer operations and history on rectangular grids. */
import { describe, expect, it } from 'vitest';
import {
  History,
  blurLayer,
  checkLayer,
  drawShape,
  fillLayer,
  fitGrid,
  isValidGrid,
  shiftLayer,
  squareGrid,
  stampStroke,
} from '../../src/scene/index.ts';
import type { Grid } from '../../src/scene/index.ts';

const WIDE: Grid = { height: 24, width: 40 };
const TALL: Grid = { height: 40, width: 24 };
const HARD = { radius: 3, value: 1, hardness: 1, opacity: 1, erase: false };

function painted(layer: Float32Array, grid: Grid): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < layer.length; i++) if (layer[i]! > 0) out.push([i % grid.width, Math.floor(i / grid.width)]);
  return out;
}

describe('rectangular grids', () => {
  it('a dab lands at (x = column, y = row) and is clipped to each side on its own', () => {
    for (const grid of [WIDE, TALL]) {
      const l = fillLayer(grid, 0);
      const rect = stampStroke(
        l,
        grid,
        { x: grid.width - 0.5, y: grid.height - 0.5 },
        { x: grid.width - 0.5, y: grid.height - 0.5 },
        HARD,
        true,
      );
      expect(rect).toEqual({ x0: grid.width - 4, y0: grid.height - 4, x1: grid.width, y1: grid.height });
      for (const [x, y] of painted(l, grid))
        expect(Math.hypot(x + 0.5 - (grid.width - 0.5), y + 0.5 - (grid.height - 0.5))).toBeLessThanOrEqual(3);
    }
  });

  it('a stroke on a wide grid equals the same stroke on a square grid that holds it, cropped', () => {
    const square = squareGrid(40);
    const a = fillLayer(WIDE, 0);
    const b = fillLayer(square, 0);
    const from = { x: 2.3, y: 5.1 };
    const to = { x: 37.2, y: 18.4 };
    stampStroke(a, WIDE, from, to, { ...HARD, hardness: 0.4, value: 0.7, opacity: 0.8 }, false);
    stampStroke(b, square, from, to, { ...HARD, hardness: 0.4, value: 0.7, opacity: 0.8 }, false);
    expect(a).toEqual(b.subarray(0, 24 * 40));
  });

  it('shapes, shifts and blurs agree with the square computation cropped', () => {
    const square = squareGrid(40);
    const a = fillLayer(TALL, 0);
    const b = fillLayer(square, 0);
    drawShape(a, TALL, 'ellipse', { x: 3, y: 10 }, { x: 20, y: 36 }, HARD, true);
    drawShape(b, square, 'ellipse', { x: 3, y: 10 }, { x: 20, y: 36 }, HARD, true);
    const crop = (l: Float32Array) =>
      Float32Array.from({ length: 40 * 24 }, (_, i) => l[Math.floor(i / 24) * 40 + (i % 24)]!);
    expect(a).toEqual(crop(b));
    expect(shiftLayer(a, TALL, 2, -3)[(20 - 3) * 24 + 12]).toBe(a[20 * 24 + 10]);
    const blurred = blurLayer(a, TALL, 1.5);
    expect(blurred).toHaveLength(40 * 24);
    expect(blurred.reduce((s, v) => s + v, 0)).toBeCloseTo(
      a.reduce((s, v) => s + v, 0),
      0,
    );
  });

  it('checkLayer and fillLayer refuse a layer of another shape or a bad grid', () => {
    expect(() => checkLayer(new Float32Array(24 * 40), TALL)).not.toThrow();
    expect(() => checkLayer(new Float32Array(24 * 39), WIDE)).toThrow(RangeError);
    expect(() => fillLayer({ height: 0, width: 3 }, 0)).toThrow(RangeError);
    expect(isValidGrid({ height: 512, width: 1 })).toBe(true);
    expect(isValidGrid({ height: 513, width: 1 })).toBe(false);
    expect(fitGrid(WIDE, 40)).toEqual(WIDE);
  });

  it('history restores a scene of another shape exactly', () => {
    const h = new History();
    const wide = { ...WIDE, target: fillLayer(WIDE, 1), pred: fillLayer(WIDE, 0.25) };
    const tall = { ...TALL, target: fillLayer(TALL, 0), pred: fillLayer(TALL, 0.5) };
    h.push(wide);
    const back = h.undo(tall)!;
    expect(back).toEqual(wide);
    expect(h.redo(back)).toEqual(tall);
  });
});
