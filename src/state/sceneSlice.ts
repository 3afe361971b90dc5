/** Scene slice: the two layers, painting, whole-layer operations, presets, grid size, undo/redo. */
import type { StateCreator } from 'zustand';
import type { Layer, Scene } from '../scene/types.ts';
import { DEFAULT_GRID, LAYER_LABEL, fitGrid, gridLabel, longSide, sameGrid } from '../scene/types.ts';
import type { Brush, Point, StrokeState } from '../scene/index.ts';
import {
  DEFAULT_PRESET_ID,
  History,
  addNoise,
  applyTemperature,
  beginStroke,
  blurLayer,
  buildPreset,
  copyTargetToPred,
  drawShape,
  fillLayer,
  getPreset,
  invertLayer,
  isBinaryLayer,
  resampleLayer,
  resampleScene,
  shiftLayer,
  stampStroke,
} from '../scene/index.ts';
import { quantizePrediction, quantizeTarget } from '../scene/levels.ts';
import { sameElements } from '../core/arrays.ts';
import type { AppState, PredOp, SceneSlice, ToolsSlice } from './types.ts';

/** Said after a painted scene is resampled: the pixels are interpolated, and how to get them back. */
export const RESAMPLE_NOTE =
  'The painted scene was resampled to the new grid, which changes its pixels. Choose the previous size again, before any other edit, to get the exact scene back.';

/** The brush the tools describe, for one layer: the ground truth paints exactly 0/1. */
export function brushFor(
  tools: Pick<ToolsSlice, 'tool' | 'radius' | 'predValue' | 'hardness' | 'opacity'>,
  layer: Layer,
): Brush {
  const erase = tools.tool === 'eraser';
  if (layer === 'target') return { radius: tools.radius, value: 1, hardness: 1, opacity: 1, erase };
  return { radius: tools.radius, value: tools.predValue, hardness: tools.hardness, opacity: tools.opacity, erase };
}

interface ActiveStroke {
  layer: Layer;
  last: Point;
  state: StrokeState;
}

/**
 * The scene as a share link carries it: the prediction (and a soft ground truth) on 8-bit levels, so that
 * a link reproduces the values exactly (docs/share-links.md). Every edit goes through this; strokes paint
 * unquantised while the pointer is down (rounding would show) and are quantised at their end.
 */
export function quantizeScene(scene: Scene): Scene {
  return {
    height: scene.height,
    width: scene.width,
    target: quantizeTarget(scene.target),
    pred: quantizePrediction(scene.pred),
  };
}

/** Quantises one layer in place; true when any value changed. */
function quantizeLayerInPlace(data: Float32Array, layer: Layer): boolean {
  const q = layer === 'target' ? quantizeTarget(data) : quantizePrediction(data);
  const changed = !sameElements(data, q);
  if (changed) data.set(q);
  return changed;
}

export function initialScene(size: number = DEFAULT_GRID, presetId: string = DEFAULT_PRESET_ID): Scene {
  return quantizeScene(buildPreset(presetId, size));
}

export const createSceneSlice =
  (history: History): StateCreator<AppState, [], [], SceneSlice> =>
  (set, get) => {
    let stroke: ActiveStroke | null = null;
    /** The scene before the last resample, while nothing else changed: choosing its grid again restores it exactly. */
    let beforeResample: { scene: Scene; rev: number } | null = null;

    /** Before any change: snapshot for undo, and remember the values shown for the Δ column. */
    const beginEdit = (label: string) => {
      const s = get();
      history.push(s.scene);
      set({ baseline: s.results?.values ?? null, lastEdit: label, canUndo: true, canRedo: false, sceneNote: null });
    };

    const replace = (scene: Scene, targetChanged: boolean, extra: Partial<AppState> = {}) => {
      const s = get();
      set({
        scene: quantizeScene(scene),
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
      basePresetId: DEFAULT_PRESET_ID,
      canUndo: false,
      canRedo: false,
      lastEdit: null,
      stroking: false,
      sceneNote: null,
      dismissSceneNote: () => set({ sceneNote: null }),

      beginStroke(layer, at) {
        if (stroke) get().endStroke();
        beginEdit(`stroke on ${LAYER_LABEL[layer]}`);
        const s = get();
        // The snapshot is a copy, so painting in place from here on is safe.
        const data = layerOf(s.scene, layer);
        stroke = { layer, last: at, state: beginStroke(data) };
        const dirty = stampStroke(data, s.scene, at, at, brushFor(s, layer), layer === 'target', stroke.state);
        set({
          sceneRev: s.sceneRev + (dirty ? 1 : 0),
          targetRev: s.targetRev + (dirty && layer === 'target' ? 1 : 0),
          presetId: null,
          stroking: true,
        });
      },

      continueStroke(to) {
        if (!stroke) return;
        const s = get();
        const data = layerOf(s.scene, stroke.layer);
        const dirty = stampStroke(
          data,
          s.scene,
          stroke.last,
          to,
          brushFor(s, stroke.layer),
          stroke.layer === 'target',
          stroke.state,
        );
        stroke.last = to;
        if (dirty) set({ sceneRev: s.sceneRev + 1, targetRev: s.targetRev + (stroke.layer === 'target' ? 1 : 0) });
      },

      endStroke() {
        const done = stroke;
        stroke = null;
        if (!done) {
          if (get().stroking) set({ stroking: false });
          return;
        }
        const s = get();
        // Quantised at the end, in place like the stroke itself (the undo snapshot is a copy).
        const changed = quantizeLayerInPlace(layerOf(s.scene, done.layer), done.layer);
        set({
          stroking: false,
          sceneRev: s.sceneRev + (changed ? 1 : 0),
          targetRev: s.targetRev + (changed && done.layer === 'target' ? 1 : 0),
        });
      },

      drawShape(layer, kind, a, b) {
        beginEdit(`${kind === 'rect' ? 'rectangle' : 'ellipse'} on ${LAYER_LABEL[layer]}`);
        const s = get();
        const data = Float32Array.from(layerOf(s.scene, layer));
        drawShape(data, s.scene, kind, a, b, brushFor(s, layer), layer === 'target');
        const scene = layer === 'target' ? { ...s.scene, target: data } : { ...s.scene, pred: data };
        replace(scene, layer === 'target', { presetId: null });
      },

      applyLayerOp(layer, op) {
        const s = get();
        const value = layer === 'target' ? 1 : s.predValue;
        const data =
          op === 'fill'
            ? fillLayer(s.scene, value)
            : op === 'clear'
              ? fillLayer(s.scene, 0)
              : invertLayer(layerOf(s.scene, layer));
        beginEdit(`${op} ${LAYER_LABEL[layer]}`);
        const scene = layer === 'target' ? { ...s.scene, target: data } : { ...s.scene, pred: data };
        replace(scene, layer === 'target', { presetId: null });
      },

      applyPredOp(op: PredOp) {
        const s = get();
        const { pred, target } = s.scene;
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
            next = shiftLayer(pred, s.scene, op.dx, op.dy, 0);
            label = `shift (${op.dx}, ${op.dy})`;
            break;
          case 'copyTarget':
            next = copyTargetToPred(target, 1);
            label = 'copy ground truth';
            break;
          case 'blur':
            next = blurLayer(pred, s.scene, op.radius);
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
        replace(buildPreset(id, longSide(s.scene)), true, { presetId: id, basePresetId: id });
      },

      loadScene(scene, presetId, label) {
        stroke = null;
        const s = get();
        beginEdit(label);
        replace(scene, true, {
          presetId,
          basePresetId: presetId,
          stroking: false,
          hover: sameGrid(scene, s.scene) ? s.hover : null,
        });
      },

      importLayer(layer, imported, fit, label) {
        stroke = null;
        const s = get();
        const same = sameGrid(imported, s.scene);
        let scene: Scene;
        if (same || fit === 'resample') {
          const data = same
            ? Float32Array.from(imported.data)
            : resampleLayer(imported.data, imported, s.scene, layer === 'target' && isBinaryLayer(imported.data));
          scene = layer === 'target' ? { ...s.scene, target: data } : { ...s.scene, pred: data };
        } else {
          const grid = { height: imported.height, width: imported.width };
          const empty = fillLayer(grid, 0);
          const data = Float32Array.from(imported.data);
          scene = layer === 'target' ? { ...grid, target: data, pred: empty } : { ...grid, target: empty, pred: data };
        }
        beginEdit(label);
        replace(scene, layer === 'target' || !sameGrid(scene, s.scene), {
          presetId: null,
          basePresetId: null,
          stroking: false,
          hover: sameGrid(scene, s.scene) ? s.hover : null,
        });
      },

      setGridSize(size) {
        // A stroke under way ends first: its state belongs to the layer of the old size.
        if (stroke) get().endStroke();
        const s = get();
        const grid = fitGrid(s.scene, size);
        if (sameGrid(grid, s.scene)) return;
        beginEdit(`grid ${gridLabel(grid)}`);
        // A preset is redrawn exactly; a painted scene is resampled (lossy), unless this grid is the one it came from.
        const previous = {
          ...s.scene,
          target: Float32Array.from(s.scene.target),
          pred: Float32Array.from(s.scene.pred),
        };
        const back = beforeResample?.rev === s.sceneRev ? beforeResample.scene : null;
        const resampledScene = s.presetId ? null : resampleScene(s.scene, grid);
        const restored =
          back !== null && resampledScene !== null && back.target.length === resampledScene.target.length;
        const scene = s.presetId ? buildPreset(s.presetId, size) : restored ? back : resampledScene!;
        const resampled = resampledScene !== null && !restored;
        const radius = Math.max(0.5, Math.round(s.radius * (size / longSide(s.scene)) * 2) / 2);
        replace(scene, true, { radius, hover: null, sceneNote: resampled ? RESAMPLE_NOTE : null });
        beforeResample = resampled ? { scene: previous, rev: get().sceneRev } : null;
      },

      undo() {
        stroke = null;
        const s = get();
        const prev = history.undo(s.scene);
        if (!prev) return;
        set({ baseline: s.results?.values ?? null, lastEdit: 'undo', stroking: false });
        replace(prev, true, { presetId: null, hover: sameGrid(prev, s.scene) ? s.hover : null });
      },

      redo() {
        stroke = null;
        const s = get();
        const next = history.redo(s.scene);
        if (!next) return;
        set({ baseline: s.results?.values ?? null, lastEdit: 'redo', stroking: false });
        replace(next, true, { presetId: null, hover: sameGrid(next, s.scene) ? s.hover : null });
      },
    };
  };
