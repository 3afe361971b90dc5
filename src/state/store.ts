/**
 * The one store, composed of small slices (scene, tools, params, view, runtime, share). Components read it
 * with useApp(selector) and never compute a loss: the runner (runner.ts) evaluates and writes
 * `results`.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { History } from '../scene/index.ts';
import { createSceneSlice } from './sceneSlice.ts';
import { createToolsSlice } from './toolsSlice.ts';
import { createParamsSlice } from './paramsSlice.ts';
import { createViewSlice } from './viewSlice.ts';
import { createRuntimeSlice } from './runtimeSlice.ts';
import { createShareSlice } from './shareSlice.ts';
import type { AppState } from './types.ts';

export function createAppStore() {
  const history = new History();
  return createStore<AppState>()((...a) => ({
    ...createSceneSlice(history)(...a),
    ...createToolsSlice(...a),
    ...createParamsSlice(...a),
    ...createViewSlice(...a),
    ...createRuntimeSlice(...a),
    ...createShareSlice(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

export const appStore: AppStore = createAppStore();

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
