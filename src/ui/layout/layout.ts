/**
 * The page layout: 'presentation' is compact (both canvases, the selected heatmap with its legend and all
 * 15 values on one 1280 × 720 screen, e.g. a projector or 150 % zoom of 1920 × 1080); 'full' is the
 * roomy page. The store's 'auto' picks presentation on short, wide screens.
 */
import { useSyncExternalStore } from 'react';
import type { ViewLayout } from '../../share/format.ts';
import { useApp } from '../../state/store.ts';
import './presentation.css';

/** Short and wide: a projector's 1280 × 720 or a 1366 × 768 laptop, not the 1280 × 800 of an ordinary window. */
export const PRESENTATION_QUERY = '(max-height: 780px) and (min-width: 1000px)';

function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const m = globalThis.matchMedia?.(query);
      m?.addEventListener('change', onChange);
      return () => m?.removeEventListener('change', onChange);
    },
    () => globalThis.matchMedia?.(query).matches ?? false,
    () => false,
  );
}

/** The layout in effect. */
export function useLayout(): ViewLayout {
  const chosen = useApp((s) => s.layout);
  const short = useMediaQuery(PRESENTATION_QUERY);
  if (chosen !== 'auto') return chosen;
  return short ? 'presentation' : 'full';
}
