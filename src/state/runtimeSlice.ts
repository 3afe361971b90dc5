/** Runtime slice: backend, boot progress and the latest evaluation (written only by the runner). */
import type { StateCreator } from 'zustand';
import type { AppState, RuntimeSlice } from './types.ts';

export const createRuntimeSlice: StateCreator<AppState, [], [], RuntimeSlice> = (set) => ({
  status: 'booting',
  progress: { step: 'Starting', done: 0, total: 4 },
  backend: null,
  backendMessage: null,
  results: null,
  baseline: null,
  error: null,
  setStatus: (status, progress = null) => set({ status, progress }),
  setBackend: (backend, message = null) => set({ backend, backendMessage: message }),
  setResults: (results) => set({ results, error: null }),
  setError: (error) => set({ error }),
  dismissBackendMessage: () => set({ backendMessage: null }),
});
