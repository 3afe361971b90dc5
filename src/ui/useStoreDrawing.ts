/**
 * Drawing outside React's render: a component renders its elements once and `draw` writes into them
 * (canvas pixels, a caption's text) straight from the store — after mount, and then in the next animation
 * frame after any store change that `changed` reports (several in one frame draw once).
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { appStore } from '../state/store.ts';
import type { AppState } from '../state/types.ts';
import { cancelFrame, onNextFrame } from './frame.ts';

export function useStoreDrawing(
  draw: (s: AppState) => void,
  changed: (next: AppState, prev: AppState) => boolean,
  /** A change of this value draws again at once (e.g. the canvas was resized). */
  redrawKey: unknown = null,
): void {
  const latest = useRef({ draw, changed });
  useLayoutEffect(() => {
    latest.current = { draw, changed };
  });
  useEffect(() => {
    const owner = {};
    const run = () => latest.current.draw(appStore.getState());
    run();
    const unsubscribe = appStore.subscribe((s, p) => {
      if (latest.current.changed(s, p)) onNextFrame(owner, run);
    });
    return () => {
      unsubscribe();
      cancelFrame(owner);
    };
  }, [redrawKey]);
}

/** Puts a picture on a canvas unless it is already there (same version); resizes the canvas to it. */
export function paintPicture(
  canvas: HTMLCanvasElement,
  img: ImageData | null,
  version: number,
  shown: { version: number },
): void {
  if (img && canvas.width === img.width && canvas.height === img.height && shown.version === version) return;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (!img) {
    if (shown.version !== 0) ctx.clearRect(0, 0, canvas.width, canvas.height);
    shown.version = 0;
    return;
  }
  if (canvas.width !== img.width) canvas.width = img.width;
  if (canvas.height !== img.height) canvas.height = img.height;
  ctx.putImageData(img, 0, 0);
  shown.version = version;
}
