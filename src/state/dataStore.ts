/**
 * The import and export side of the page (issue "your own data"): how files are read, the message about
 * the last file, a layer waiting for a decision about its shape, the colours of a label map, and the
 * optional photo. Plain data; the file reading itself is in src/ui/data (it needs the DOM).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Layer } from '../scene/types.ts';
import type { ImportedLayer } from './types.ts';

export type TargetImageMode = 'luminance' | 'alpha' | 'class';

export interface ImportOptions {
  /** Ground truth from an image: luminance or alpha above `threshold`, or one class colour. */
  targetMode: TargetImageMode;
  threshold: number;
  /** "#rrggbb": the class colour of a colour-coded label map. */
  classColor: string;
  /** A .npy ground truth as a label map: 1 where the value equals this (null: values are the mask). */
  classValue: number | null;
  /** A .npy prediction holds logits: p = σ(z). */
  logits: boolean;
  /** The channel of a 3-D .npy (null: the only one). */
  channel: number | null;
}

export interface DataMessage {
  kind: 'error' | 'note';
  text: string;
}

/** A layer whose grid differs from the scene's: the page asks what to do. */
export interface PendingImport {
  layer: Layer;
  name: string;
  imported: ImportedLayer;
  notes: string[];
}

export interface Photo {
  url: string;
  name: string;
}

export interface DataState {
  options: ImportOptions;
  message: DataMessage | null;
  pending: PendingImport | null;
  /** The colours of the last label map imported in class mode (a picker), with the file they came from. */
  labelColors: { name: string; colors: { hex: string; count: number }[] } | null;
  photo: Photo | null;
  /** The layer a pasted file goes to: the one last pointed at. */
  pasteLayer: Layer;
  /** Imports under way (the file inputs say so). */
  busy: number;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = {
  targetMode: 'luminance',
  threshold: 0.5,
  classColor: '#ffffff',
  classValue: null,
  logits: false,
  channel: null,
};

export function createDataStore() {
  return createStore<DataState>()(() => ({
    options: { ...DEFAULT_IMPORT_OPTIONS },
    message: null,
    pending: null,
    labelColors: null,
    photo: null,
    pasteLayer: 'target',
    busy: 0,
  }));
}

export type DataStore = ReturnType<typeof createDataStore>;

export const dataStore: DataStore = createDataStore();

export function useData<T>(selector: (s: DataState) => T): T {
  return useStore(dataStore, selector);
}

export function setImportOption<K extends keyof ImportOptions>(key: K, value: ImportOptions[K]): void {
  dataStore.setState((s) => ({ options: { ...s.options, [key]: value } }));
}
