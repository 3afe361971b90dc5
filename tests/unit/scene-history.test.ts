import { describe, expect, it } from 'vitest';
import type { Scene } from '../../src/scene/index.ts';
import { History, fillLayer } from '../../src/scene/index.ts';
import { squareGrid } from '../../src/scene/types.ts';

function sceneOf(size: number, v: number): Scene {
  return {
    height: size,
    width: size,
    target: fillLayer(squareGrid(size), v > 0.5 ? 1 : 0),
    pred: fillLayer(squareGrid(size), v),
  };
}

describe('History', () => {
  it('undo and redo restore scenes exactly', () => {
    const h = new History();
    expect(h.canUndo).toBe(false);
    expect(h.canRedo).toBe(false);
    expect(h.undo(sceneOf(4, 0))).toBeNull();
    expect(h.redo(sceneOf(4, 0))).toBeNull();

    let current = sceneOf(4, 0.1);
    const first = structuredClone(current);
    h.push(current);
    // Paint in place, as the UI does: the snapshot must not change with it.
    current.pred[3] = 0.77;
    current.target[2] = 1;
    const second = structuredClone(current);
    h.push(current);
    current = { ...current, pred: Float32Array.from(current.pred).fill(0.9) };
    const third = structuredClone(current);

    current = h.undo(current)!;
    expect(current).toEqual(second);
    expect(h.canRedo).toBe(true);
    current = h.undo(current)!;
    expect(current).toEqual(first);
    expect(h.canUndo).toBe(false);
    expect(h.undo(current)).toBeNull();
    current = h.redo(current)!;
    expect(current).toEqual(second);
    current = h.redo(current)!;
    expect(current).toEqual(third);
    expect(h.canRedo).toBe(false);
  });

  it('a new change clears the redo stack', () => {
    const h = new History();
    h.push(sceneOf(2, 0));
    const back = h.undo(sceneOf(2, 1))!;
    expect(h.canRedo).toBe(true);
    h.push(back);
    expect(h.canRedo).toBe(false);
    expect(h.undoDepth).toBe(1);
  });

  it('restores the grid size too', () => {
    const h = new History();
    h.push(sceneOf(64, 0.3));
    const back = h.undo(sceneOf(128, 0.3))!;
    expect(back).toMatchObject({ height: 64, width: 64 });
    expect(back.pred.length).toBe(64 * 64);
    expect(h.redo(back)!).toMatchObject({ height: 128, width: 128 });
  });

  it('keeps at most `limit` undo steps, dropping the oldest', () => {
    const h = new History(3);
    for (let i = 0; i < 10; i++) h.push(sceneOf(2, i / 10));
    expect(h.undoDepth).toBe(3);
    let cur = sceneOf(2, 1);
    const seen: number[] = [];
    for (let s = h.undo(cur); s; s = h.undo(cur)) {
      seen.push(s.pred[0]!);
      cur = s;
    }
    expect(seen).toEqual([0.9, 0.8, 0.7].map(Math.fround));
  });

  it('keeps memory within the byte budget, but always the newest step', () => {
    const bytes = 2 * 4 * 64 * 64; // one 64² snapshot
    const h = new History(100, 5 * bytes);
    for (let i = 0; i < 20; i++) h.push(sceneOf(64, 0.5));
    expect(h.undoDepth).toBe(5);
    expect(h.byteSize).toBeLessThanOrEqual(5 * bytes);
    const tiny = new History(100, 10);
    tiny.push(sceneOf(64, 0.2));
    tiny.push(sceneOf(64, 0.4));
    expect(tiny.undoDepth).toBe(1);
    expect(tiny.undo(sceneOf(64, 0.6))!.pred[0]).toBe(Math.fround(0.4));
  });

  it('clear empties both stacks', () => {
    const h = new History();
    h.push(sceneOf(2, 0));
    h.push(sceneOf(2, 0.5));
    h.undo(sceneOf(2, 1));
    h.clear();
    expect(h.canUndo).toBe(false);
    expect(h.canRedo).toBe(false);
    expect(h.byteSize).toBe(0);
  });
});
