/** Canvas keyboard: arrows move the readout's pixel (clamped to the grid), Space paints a dab there. */
import { describe, expect, it } from 'vitest';
import type { KeyboardEvent } from 'react';
import { BIG_STEP, canvasKeyboardProps, movedCursor } from '../../src/ui/canvasKeyboard.ts';
import { appStore } from '../../src/state/store.ts';

const grid = { height: 64, width: 96 };

function key(k: string, shift = false) {
  let prevented = false;
  const e = {
    key: k,
    shiftKey: shift,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    preventDefault: () => {
      prevented = true;
    },
  };
  return { e: e as unknown as KeyboardEvent<HTMLCanvasElement>, prevented: () => prevented };
}

describe('canvas keyboard', () => {
  it('arrows move by 1, Shift by 8, clamped to the grid; other keys do not move', () => {
    expect(movedCursor('ArrowRight', false, { x: 3, y: 4 }, grid)).toEqual({ x: 4, y: 4 });
    expect(movedCursor('ArrowDown', true, { x: 3, y: 4 }, grid)).toEqual({ x: 3, y: 4 + BIG_STEP });
    expect(movedCursor('ArrowLeft', true, { x: 3, y: 4 }, grid)).toEqual({ x: 0, y: 4 });
    expect(movedCursor('ArrowRight', false, { x: 95, y: 63 }, grid)).toEqual({ x: 95, y: 63 });
    expect(movedCursor('a', false, { x: 3, y: 4 }, grid)).toBeNull();
  });

  it('keys set the hover pixel (the readout) and Space paints one undoable dab there', () => {
    appStore.getState().setGridSize(64);
    const g = { height: appStore.getState().scene.height, width: appStore.getState().scene.width };
    appStore.getState().setHover(null);
    const props = canvasKeyboardProps('target', true, g);
    const right = key('ArrowRight');
    props.onKeyDown(right.e);
    expect(right.prevented()).toBe(true);
    // From the centre, one to the right.
    expect(appStore.getState().hover).toEqual({ x: g.width / 2 + 1, y: g.height / 2 });
    appStore.getState().setHover({ x: 2, y: 2 });
    appStore.getState().setTool('brush');
    const before = appStore.getState().scene.target[2 * g.width + 2];
    const space = key(' ');
    props.onKeyDown(space.e);
    expect(space.prevented()).toBe(true);
    expect(before).toBe(0);
    expect(appStore.getState().scene.target[2 * g.width + 2]).toBe(1);
    expect(appStore.getState().canUndo).toBe(true);
    expect(appStore.getState().stroking).toBe(false);
  });

  it('not paintable: the cursor moves, Space paints nothing', () => {
    const g = { height: appStore.getState().scene.height, width: appStore.getState().scene.width };
    appStore.getState().setHover({ x: 40, y: 5 });
    const rev = appStore.getState().sceneRev;
    const props = canvasKeyboardProps('pred', false, g);
    props.onKeyDown(key('ArrowUp').e);
    expect(appStore.getState().hover).toEqual({ x: 40, y: 4 });
    const space = key(' ');
    props.onKeyDown(space.e);
    expect(space.prevented()).toBe(false);
    expect(appStore.getState().sceneRev).toBe(rev);
  });
});
