/** Tools slice: which tool paints, and the brush and operation settings. */
import type { StateCreator } from 'zustand';
import type { AppState, ToolsSlice } from './types.ts';

const clamp = (v: number, lo: number, hi: number) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo);

export const MAX_RADIUS = 40;

export const createToolsSlice: StateCreator<AppState, [], [], ToolsSlice> = (set) => ({
  tool: 'brush',
  radius: 5,
  predValue: 0.9,
  hardness: 0.7,
  opacity: 1,
  noiseAmount: 0.1,
  noiseSeed: 1,
  shiftStep: 1,
  setTool: (tool) => set({ tool }),
  setRadius: (r) => set({ radius: clamp(r, 0.5, MAX_RADIUS) }),
  setPredValue: (v) => set({ predValue: clamp(v, 0, 1) }),
  setHardness: (v) => set({ hardness: clamp(v, 0, 1) }),
  setOpacity: (v) => set({ opacity: clamp(v, 0.01, 1) }),
  setNoiseAmount: (v) => set({ noiseAmount: clamp(v, 0, 1) }),
  setShiftStep: (v) => set({ shiftStep: Math.round(clamp(v, 1, 8)) }),
});
