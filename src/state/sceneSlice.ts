/** Scene slice: the two layers, painting, whole-layer operations, presets, grid size, undo/redo. */
import type { StateCreator } from 'zustand';
import type { Layer, Scene } from '../scene/types.ts';
import { DEFAULT_GRID } from '../scene/types.ts';
import type { Brush, Point, StrokeState } from '../scene/index.ts';
import {
  DEFAULT_PRESET_ID, History, addNoise, applyTemperature, beginStroke, blurLayer, buildPreset, copyTargetToPred,
  drawShape, fillLayer, getPreset, invertLayer, resampleScene, shiftLayer, stampStroke,
} from '../scene/index.ts';
import type { AppState, PredOp, SceneSlice, ToolsSlice } from './types.ts';

const LAYER_NAMES: Record<Layer, string> = { target: 'Ground truth', pred: 'Prediction' };

/** The brush the tools describe, for one layer: the ground truth paints exactly 0/1. */
export function brushFor(tools: Pick<ToolsSlice, 'tool' | 'radius' | 'predValue' | 'hardness' | 'opacity'>, layer: Layer): Brush {
  const erase = tools.tool === 'eraser';
  if (layer === 'target') return { radius: tools.radius, value: 1, hardness: 1, opacity: 1, erase };
  return { radius: tools.radius, value: tools.predValue, hardness: tools.hardness, opacity: tools.opacity, erase };
}

interface ActiveStroke {
  layer: Layer;
  last: Point;
  state: StrokeState;
}

export function initialScene(size: number = DEFAULT_GRID, presetId: string = DEFAULT_PRESET_ID): Scene {
  return buildPreset(presetId, size);
}

export const createSceneSlice = (history: History): StateCreator<AppState, [], [], SceneSlice> => (set, get) => {
  let stroke: ActiveStroke | null = null;

  /** Before any change: snapshot for undo, and remember the values shown for the Δ column. */
  const beginEdit = (label: string) => {
    const s = get();
    history.push(s.scene);
    set({ baseline: s.results?.values ?? null, lastEdit: label, canUndo: true, canRedo: false });
  };

  const replace = (scene: Scene, targetChanged: boolean, extra: Partial<AppState> = {}) => {
    const s = get();
    set({
      scene,
      sceneRev: s.sceneRev + 1,
      targetRev: targetChanged ? s.targetRev + 1 : s.targetRev,
      canUndo: history.canUndo,
      canRedo: history.canRedo,
      ...extra,
    });
  };

  const layerOf = (scene: Scene, layer: Layer) => (layer === 'target' ? scene.target : scene.pred);

  return {
    scene: initialScene(),
    sceneRev: 0,
    targetRev: 0,
    presetId: DEFAULT_PRESET_ID,
    canUndo: false,
    canRedo: false,
    lastEdit: null,

    beginStroke(layer, at) {
      if (stroke) get().endStroke();
      beginEdit(`stroke on ${LAYER_NAMES[layer]}`);
      const s = get();
      // The snapshot is a copy, so painting in place from here on is safe.
      const data = layerOf(s.scene, layer);
      stroke = { layer, last: at, state: beginStroke(data) };
      const dirty = stampStroke(data, s.scene.size, at, at, brushFor(s, layer), layer === 'target', stroke.state);
      set({ sceneRev: s.sceneRev + (dirty ? 1 : 0), targetRev: s.targetRev + (dirty && layer === 'target' ? 1 : 0), presetId: null });
    },

    continueStroke(to) {
      if (!stroke) return;
      const s = get();
      const data = layerOf(s.scene, stroke.layer);
      const dirty = stampStroke(data, s.scene.size, stroke.last, to, brushFor(s, stroke.layer), stroke.layer === 'target', stroke.state);
      stroke.last = to;
      if (dirty) set({ sceneRev: s.sceneRev + 1, targetRev: s.targetRev + (stroke.layer === 'target' ? 1 : 0) });
    },

    endStroke() {
      stroke = null;
    },

    drawShape(layer, kind, a, b) {
      beginEdit(`${kind === 'rect' ? 'rectangle' : 'ellipse'} on ${LAYER_NAMES[layer]}`);
      const s = get();
      const data = Float32Array.from(layerOf(s.scene, layer));
      drawShape(data, s.scene.size, kind, a, b, brushFor(s, layer), layer === 'target');
      const scene = layer === 'target' ? { ...s.scene, target: data } : { ...s.scene, pred: data };
      replace(scene, layer === 'target', { presetId: null });
    },

    applyLayerOp(layer, op) {
      const s = get();
      const size = s.scene.size;
      const value = layer === 'target' ? 1 : s.predValue;
      const data = op === 'fill' ? fillLayer(size, value) : op === 'clear' ? fillLayer(size, 0) : invertLayer(layerOf(s.scene, layer));
      beginEdit(`${op} ${LAYER_NAMES[layer]}`);
      const scene = layer === 'target' ? { ...s.scene, target: data } : { ...s.scene, pred: data };
      replace(scene, layer === 'target', { presetId: null });
    },

    applyPredOp(op: PredOp) {
      const s = get();
      const { pred, target, size } = s.scene;
      let next: Float32Array;
      let label: string;
      switch (op.kind) {
        case 'temperature':
          next = applyTemperature(pred, op.t);
          label = op.t < 1 ? 'sharpen' : 'soften';
          break;
        case 'noise':
          next = addNoise(pred, op.amount, s.noiseSeed);
          label = 'noise';
          set({ noiseSeed: s.noiseSeed + 1 });
          break;
        case 'shift':
          next = shiftLayer(pred, size, op.dx, op.dy, 0);
          label = `shift (${op.dx}, ${op.dy})`;
          break;
        case 'copyTarget':
          next = copyTargetToPred(target, 1);
          label = 'copy ground truth';
          break;
        case 'blur':
          next = blurLayer(pred, size, op.radius);
          label = 'blur';
          break;
      }
      beginEdit(label);
      replace({ ...s.scene, pred: next }, false, { presetId: null });
    },

    loadPreset(id) {
      if (!getPreset(id)) return;
      const s = get();
      beginEdit(`preset “${getPreset(id)!.name}”`);
      replace(buildPreset(id, s.scene.size), true, { presetId: id });
    },

    setGridSize(size) {
      const s = get();
      if (size === s.scene.size) return;
      beginEdit(`grid ${size} × ${size}`);
      const scene = s.presetId ? buildPreset(s.presetId, size) : resampleScene(s.scene, size);
      const radius = Math.max(0.5, Math.round(s.radius * (size / s.scene.size) * 2) / 2);
      replace(scene, true, { radius, hover: null });
    },

    undo() {
      stroke = null;
      const s = get();
      const prev = history.undo(s.scene);
      if (!prev) return;
      set({ baseline: s.results?.values ?? null, lastEdit: 'undo' });
      replace(prev, true, { presetId: null, hover: prev.size === s.scene.size ? s.hover : null });
    },

    redo() {
      stroke = null;
      const s = get();
      const next = history.redo(s.scene);
      if (!next) return;
      set({ baseline: s.results?.values ?? null, lastEdit: 'redo' });
      replace(next, true, { presetId: null, hover: next.size === s.scene.size ? s.hover : null });
    },
  };
};
