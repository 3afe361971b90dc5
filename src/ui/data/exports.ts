/**
 * What each "Export …" button writes, from the evaluation on screen (its inputs, values, maps and
 * parameters: the numbers shown), through the src/io encoders.
 */
import { LOSS_IDS } from '../../core/registry.ts';
import type { Plane } from '../../io/index.ts';
import {
  EXPORT_NAMES,
  encodeLayerPng,
  encodePlaneNpy,
  pythonSnippet,
  reportCsv,
  reportJson,
  sceneCaseFile,
} from '../../io/index.ts';
import type { SceneReport } from '../../io/index.ts';
import { conventionInfo } from '../../core/conventions.ts';
import type { AppState, Results } from '../../state/types.ts';

export interface ExportFile {
  name: string;
  data: Uint8Array | string;
  type: string;
}

function plane(r: Results, layer: 'target' | 'pred'): Plane {
  return { height: r.height, width: r.width, data: layer === 'target' ? r.target : r.pred };
}

function report(r: Results): SceneReport {
  return {
    height: r.height,
    width: r.width,
    losses: LOSS_IDS.map((id) => ({ id, value: r.values[id] ?? Number.NaN, params: r.params[id] })),
    metrics: r.metrics,
  };
}

export type ExportKind =
  'target-png' | 'pred-png' | 'target-npy' | 'pred-npy' | 'gradient-npy' | 'csv' | 'json' | 'case' | 'python';

export function exportFile(kind: ExportKind, s: AppState, r: Results): ExportFile {
  switch (kind) {
    case 'target-png':
      return {
        name: EXPORT_NAMES.target.replace(/\.npy$/, '.png'),
        data: encodeLayerPng(plane(r, 'target')),
        type: 'image/png',
      };
    case 'pred-png':
      return {
        name: EXPORT_NAMES.pred.replace(/\.npy$/, '.png'),
        data: encodeLayerPng(plane(r, 'pred')),
        type: 'image/png',
      };
    case 'target-npy':
      return { name: EXPORT_NAMES.target, data: encodePlaneNpy(plane(r, 'target')), type: 'application/octet-stream' };
    case 'pred-npy':
      return { name: EXPORT_NAMES.pred, data: encodePlaneNpy(plane(r, 'pred')), type: 'application/octet-stream' };
    case 'gradient-npy': {
      const map = r.gradients[s.selected] ?? new Float32Array(r.height * r.width);
      return {
        name: EXPORT_NAMES.gradient(s.selected, r.space),
        data: encodePlaneNpy({ height: r.height, width: r.width, data: map }),
        type: 'application/octet-stream',
      };
    }
    case 'csv':
      return { name: 'losses.csv', data: reportCsv(report(r)), type: 'text/csv' };
    case 'json':
      return { name: 'losses.json', data: reportJson(report(r)), type: 'application/json' };
    case 'case': {
      const text = sceneCaseFile({
        target: plane(r, 'target'),
        pred: plane(r, 'pred'),
        losses: LOSS_IDS.map((id) => ({ id, params: r.params[id] })),
        gradient: r.space,
      });
      return { name: 'eval_case.json', data: text, type: 'application/json' };
    }
    case 'python': {
      const text = pythonSnippet({
        params: r.params,
        values: r.values,
        convention: conventionInfo(s.convention).name,
        files: { target: EXPORT_NAMES.target, pred: EXPORT_NAMES.pred },
        height: r.height,
        width: r.width,
      });
      return { name: 'reproduce_losses.py', data: text, type: 'text/x-python' };
    }
  }
}
