/**
 * Keeps a chart's drawing out of the Tab order. recharts 3 renders its layers through React portals into
 * bare <g> elements; React listens for focus events on every portal container, and Chromium makes an
 * SVG element with focus listeners a Tab stop: about four unnamed stops per chart. An explicit
 * tabindex="-1" takes such an element out of sequential navigation (it stays focusable from script).
 * Elements that carry their own tabindex (the FP × FN map) keep it.
 */
import { useEffect } from 'react';
import type { RefObject } from 'react';

/** Every <g> inside `root` without a tabindex of its own gets tabindex="-1". */
export function removeStrayFocusStops(root: ParentNode): void {
  for (const el of root.querySelectorAll('g:not([tabindex])')) el.setAttribute('tabindex', '-1');
}

/** removeStrayFocusStops on `ref`'s element now and whenever elements are added under it. */
export function useNoStrayFocusStops(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    removeStrayFocusStops(root);
    const observer = new MutationObserver(() => removeStrayFocusStops(root));
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [ref]);
}
