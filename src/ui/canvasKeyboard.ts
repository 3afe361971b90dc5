/**
 * Keyboard use of a picture: the canvas takes focus, the arrow keys move a cursor (the hover pixel, so the
 * readout shows that pixel; Shift moves 8 pixels), Space or Enter paints one dab of the current brush there.
 * A tap on a touch screen sets the same cursor, so the readout appears without a hover.
 */
import type { FocusEvent, KeyboardEvent } from 'react';
import type { Grid, Layer } from '../scene/types.ts';
import { appStore } from '../state/store.ts';
import './canvasKeyboard.css';

/** Pixels one Shift + arrow press moves. */
export const BIG_STEP = 8;

/** The cursor after a key press, or null when the key does not move it. */
export function movedCursor(
  key: string,
  shift: boolean,
  at: { x: number; y: number },
  grid: Grid,
): { x: number; y: number } | null {
  const step = shift ? BIG_STEP : 1;
  const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[key];
  if (!d) return null;
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  return { x: clamp(at.x + d[0]!, grid.width), y: clamp(at.y + d[1]!, grid.height) };
}

function cursorOrCentre(grid: Grid): { x: number; y: number } {
  const { hover } = appStore.getState();
  if (hover && hover.x < grid.width && hover.y < grid.height) return hover;
  return { x: Math.floor(grid.width / 2), y: Math.floor(grid.height / 2) };
}

export const CANVAS_KEYS_HINT = 'Arrow keys move the cursor (Shift: 8 pixels); the readout shows that pixel.';
export const CANVAS_PAINT_HINT = ' Space or Enter paints there.';

/** Props that make a layer canvas keyboard-operable; `paintable` false: the cursor moves, nothing paints. */
export function canvasKeyboardProps(layer: Layer, paintable: boolean, grid: Grid) {
  return {
    tabIndex: 0,
    'aria-keyshortcuts': paintable
      ? 'ArrowLeft ArrowRight ArrowUp ArrowDown Space Enter'
      : 'ArrowLeft ArrowRight ArrowUp ArrowDown',
    onFocus: (e: FocusEvent<HTMLCanvasElement>) => {
      // Focus from the keyboard shows the cursor at once (a click sets it from the pointer anyway).
      if (e.currentTarget.matches(':focus-visible')) appStore.getState().setHover(cursorOrCentre(grid));
    },
    onKeyDown: (e: KeyboardEvent<HTMLCanvasElement>) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const at = cursorOrCentre(grid);
      const next = movedCursor(e.key, e.shiftKey, at, grid);
      if (next) {
        e.preventDefault();
        appStore.getState().setHover(next);
        return;
      }
      if ((e.key === ' ' || e.key === 'Enter') && paintable) {
        e.preventDefault();
        const s = appStore.getState();
        // Painting a dab is a stroke of one point: undoable, quantised, like a click.
        const p = { x: at.x + 0.5, y: at.y + 0.5 };
        s.beginStroke(layer, p);
        s.endStroke();
        s.setHover(at);
      }
    },
  };
}
