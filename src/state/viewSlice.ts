/** View slice: what is selected and how pictures are drawn. */
import type { StateCreator } from 'zustand';
import { LOSS_IDS } from '../core/registry.ts';
import type { Theme } from '../share/format.ts';
import type { AppState, ViewSlice } from './types.ts';

export function initialTheme(): Theme {
  try {
    const q = new URLSearchParams(globalThis.location?.search ?? '').get('theme');
    if (q === 'light' || q === 'dark') return q;
    const saved = globalThis.localStorage?.getItem('loss-explorer-theme');
    if (saved === 'light' || saved === 'dark') return saved;
    return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  } catch {
    return 'light';
  }
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  selected: LOSS_IDS[0],
  gradientSpace: 'prob',
  scaleKind: 'symlog',
  scaleMode: 'per-loss',
  scaleExcluded: [],
  layout: 'auto',
  theme: initialTheme(),
  showOutline: true,
  hover: null,
  chartTab: 'pixel',
  responseQuantity: 'shift',
  chartParam: {},
  chartsVisible: false,
  select: (selected) => set({ selected }),
  setGradientSpace: (gradientSpace) => set({ gradientSpace }),
  setScaleKind: (scaleKind) => set({ scaleKind }),
  setScaleMode: (scaleMode) => set({ scaleMode }),
  setLayout: (layout) => set({ layout }),
  setScaleExcluded: (id, excluded) =>
    set((s) => {
      if (s.scaleExcluded.includes(id) === excluded) return s;
      const next = new Set(s.scaleExcluded);
      if (excluded) next.add(id);
      else next.delete(id);
      return { scaleExcluded: LOSS_IDS.filter((l) => next.has(l)) };
    }),
  setTheme: (theme) => {
    try {
      globalThis.localStorage?.setItem('loss-explorer-theme', theme);
    } catch {
      /* private mode: the choice lasts for this page */
    }
    set({ theme });
  },
  setShowOutline: (showOutline) => set({ showOutline }),
  setHover: (hover) => set((s) => (s.hover?.x === hover?.x && s.hover?.y === hover?.y ? s : { hover })),
  setChartTab: (chartTab) => set({ chartTab }),
  setResponseQuantity: (responseQuantity) => set({ responseQuantity }),
  setChartParam: (id, key) =>
    set((s) => (s.chartParam[id] === key ? s : { chartParam: { ...s.chartParam, [id]: key } })),
  setChartsVisible: (chartsVisible) => set((s) => (s.chartsVisible === chartsVisible ? s : { chartsVisible })),
});
