/**
 * Import of one file into one layer: read it (readLayerFile), then either one undo entry in the scene or,
 * when its shape differs from the scene's, a question (resample it, or start a scene of its shape). A file
 * that cannot be read changes nothing but the message.
 */
import type { Layer } from '../../scene/types.ts';
import { LAYER_LABEL, gridLabel, sameGrid } from '../../scene/types.ts';
import { quantizePrediction, quantizeTarget } from '../../scene/levels.ts';
import type { AppStore } from '../../state/store.ts';
import { appStore } from '../../state/store.ts';
import type { DataStore, PendingImport } from '../../state/dataStore.ts';
import { dataStore } from '../../state/dataStore.ts';
import { readLayerFile } from './readLayerFile.ts';

/** A layer's name inside a sentence. */
const layerName = (layer: Layer): string => LAYER_LABEL[layer].toLowerCase();

/** The last file imported, so that a changed option (a class colour picked) can read it again. */
let lastFile: { bytes: Uint8Array; name: string; layer: Layer } | null = null;

/** The largest change quantisation makes (the page keeps layers on 8-bit levels so that links reproduce them). */
function roundingNote(data: Float32Array, layer: Layer, name: string): string | null {
  const q = layer === 'target' ? quantizeTarget(data) : quantizePrediction(data);
  let max = 0;
  for (let i = 0; i < data.length; i++) max = Math.max(max, Math.abs((q[i] as number) - (data[i] as number)));
  if (max === 0) return null;
  return `${name}: values rounded to the page's 8-bit levels k/255 (largest change ${max.toPrecision(2)}), as every scene here is, so that a link or a scene file reproduces it`;
}

function commit(p: PendingImport, fit: 'resample' | 'replace-other', app: AppStore, data: DataStore): void {
  app.getState().importLayer(p.layer, p.imported, fit, `import ${p.name} as ${layerName(p.layer)}`);
  const scene = app.getState().scene;
  const notes = [...p.notes];
  if (!sameGrid(p.imported, scene))
    notes.push(`${p.name}: resampled from ${gridLabel(p.imported)} to the scene's ${gridLabel(scene)}`);
  data.setState({ pending: null, message: notes.length ? { kind: 'note', text: notes.join('. ') + '.' } : null });
}

/** Reads bytes as a layer and imports them (or asks about their shape). Resolves when done; never throws. */
export async function importBytes(
  bytes: Uint8Array,
  name: string,
  layer: Layer,
  app: AppStore = appStore,
  data: DataStore = dataStore,
): Promise<void> {
  lastFile = { bytes, name, layer };
  data.setState((s) => ({ busy: s.busy + 1 }));
  try {
    const { result, colors } = await readLayerFile(bytes, name, layer, data.getState().options);
    data.setState({ labelColors: colors ? { name, colors } : null });
    if (!result.ok) {
      data.setState({ message: { kind: 'error', text: result.message }, pending: null });
      return;
    }
    const { plane, notes } = result.layer;
    const rounding = roundingNote(plane.data, layer, name);
    const pending: PendingImport = {
      layer,
      name,
      imported: { height: plane.height, width: plane.width, data: plane.data },
      notes: rounding ? [...notes, rounding] : notes,
    };
    const scene = app.getState().scene;
    if (sameGrid(pending.imported, scene)) {
      commit(pending, 'resample', app, data);
      return;
    }
    const other = layerName(layer === 'target' ? 'pred' : 'target');
    data.setState({
      pending,
      message: {
        kind: 'note',
        text: [
          ...pending.notes.map((n) => `${n}.`),
          `${name} is ${gridLabel(pending.imported)}, the scene ${gridLabel(scene)}: the two layers must agree in shape. Resample ${name} to ${gridLabel(scene)}, or start a ${gridLabel(pending.imported)} scene with an empty ${other}.`,
        ].join(' '),
      },
    });
  } finally {
    data.setState((s) => ({ busy: s.busy - 1 }));
  }
}

export async function importFile(
  file: File,
  layer: Layer,
  app: AppStore = appStore,
  data: DataStore = dataStore,
): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    data.setState({ message: { kind: 'error', text: `${file.name}: could not be read` } });
    return;
  }
  await importBytes(bytes, file.name || 'pasted file', layer, app, data);
}

/** The answer to the shape question. */
export function resolvePending(
  fit: 'resample' | 'replace-other' | 'cancel',
  app: AppStore = appStore,
  data: DataStore = dataStore,
): void {
  const p = data.getState().pending;
  if (!p) return;
  if (fit === 'cancel') {
    data.setState({
      pending: null,
      message: { kind: 'note', text: `${p.name} was not imported; the scene is unchanged.` },
    });
    return;
  }
  commit(p, fit, app, data);
}

/** Reads the last file again (after an option changed, e.g. a class colour was picked). */
export async function reimportLast(app: AppStore = appStore, data: DataStore = dataStore): Promise<void> {
  if (lastFile) await importBytes(lastFile.bytes, lastFile.name, lastFile.layer, app, data);
}
