/** Share slice: the classroom flags a link brought (hidden controls) and what was wrong with the link. */
import type { StateCreator } from 'zustand';
import { normalizeHide } from '../share/codec.ts';
import type { AppState, ShareSlice } from './types.ts';

export const createShareSlice: StateCreator<AppState, [], [], ShareSlice> = (set) => ({
  hidden: [],
  shareMessage: null,
  setHidden: (flags) => set({ hidden: normalizeHide(flags) }),
  setShareMessage: (shareMessage) => set({ shareMessage }),
  dismissShareMessage: () => set({ shareMessage: null }),
});
