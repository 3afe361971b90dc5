/** Parameters slice: every loss's parameters, and the convention they came from. */
import type { StateCreator } from 'zustand';
import { checkParam, defaultParams, paramSpec } from '../core/registry.ts';
import {
  CONVENTION_IDS,
  DEFAULT_CONVENTION,
  conventionInfo,
  conventionParams,
  describeChanges,
  diffParams,
  matchesConvention,
} from '../core/conventions.ts';
import { fitToSpec } from './paramInput.ts';
import type { AppState, ParamsSlice } from './types.ts';
import { lossInfo } from '../core/registry.ts';

/** Changes of one parameter closer together than this are one edit (a drag): Δ counts from before the first. */
export const PARAM_GESTURE_MS = 1500;

export const createParamsSlice: StateCreator<AppState, [], [], ParamsSlice> = (set, get) => {
  let lastParamChange = { label: '', at: -Infinity };
  /** The values shown before this edit become the Δ column's baseline, as a scene edit does. */
  const edit = (label: string, coalesce = false): Partial<AppState> => {
    const s = get();
    const now = Date.now();
    const same =
      coalesce &&
      s.lastEdit === label &&
      lastParamChange.label === label &&
      now - lastParamChange.at < PARAM_GESTURE_MS;
    lastParamChange = { label, at: now };
    return same ? {} : { baseline: s.results?.values ?? null, lastEdit: label };
  };
  return {
    params: conventionParams(DEFAULT_CONVENTION),
    convention: DEFAULT_CONVENTION,
    conventionEdited: false,
    conventionReport: null,

    setParam(id, key, value) {
      const spec = paramSpec(id, key);
      if (!spec) return;
      let v = value;
      // Numbers are clamped into range (a typed 12 on a [0, 10] slider becomes 10) instead of refused.
      if (spec.kind === 'number' && typeof v === 'number') {
        if (!Number.isFinite(v)) return;
        v = fitToSpec(spec, v);
      }
      if (checkParam(spec, v) !== null) return;
      const s = get();
      if (Object.is(s.params[id][key], v)) return;
      const params = { ...s.params, [id]: { ...s.params[id], [key]: v } };
      // The chart of the selected loss follows the numeric parameter being moved.
      const chartParam =
        spec.kind === 'number' && s.chartParam[id] !== key ? { ...s.chartParam, [id]: key } : s.chartParam;
      set({
        ...edit(`parameter ${id}.${key}`, true),
        params,
        chartParam,
        conventionEdited: !matchesConvention(params, s.convention),
      });
    },

    resetLoss(id) {
      const s = get();
      const base = conventionParams(s.convention)[id] ?? defaultParams(id);
      const params = { ...s.params, [id]: { ...base } };
      set({ ...edit(`reset ${id}`), params, conventionEdited: !matchesConvention(params, s.convention) });
    },

    applyConvention(id) {
      const s = get();
      const next = conventionParams(id);
      const changes = describeChanges(diffParams(s.params, next));
      const info = conventionInfo(id);
      const notes = Object.entries(info.notes).map(
        ([loss, note]) => `${lossInfo(loss as Parameters<typeof lossInfo>[0]).short}: ${note}`,
      );
      set({
        ...edit(`convention ${id}`),
        params: next,
        convention: id,
        conventionEdited: false,
        conventionReport: { id, changes, notes },
      });
    },

    dismissConventionReport() {
      set({ conventionReport: null });
    },

    loadParams(params) {
      const matching = CONVENTION_IDS.find((c) => matchesConvention(params, c));
      set({
        params,
        convention: matching ?? DEFAULT_CONVENTION,
        conventionEdited: matching === undefined,
        conventionReport: null,
      });
    },
  };
};
