/**
 * "Import ground truth" / "Import prediction" (file inputs; drop and paste go through the same path), the
 * options of each, the one message about the last file, the question about a layer of another shape, a
 * class-colour picker for label maps, and an optional photo shown under the canvases.
 */
import { useEffect } from 'react';
import type { ChangeEvent } from 'react';
import type { Layer } from '../../scene/types.ts';
import { dataStore, setImportOption, useData } from '../../state/dataStore.ts';
import type { TargetImageMode } from '../../state/dataStore.ts';
import { gridLabel } from '../../scene/types.ts';
import { useApp } from '../../state/store.ts';
import { importFile, reimportLast, resolvePending } from './importFile.ts';

const ACCEPT = '.png,.jpg,.jpeg,.webp,.npy,image/png,image/jpeg,image/webp';

function fileInput(layer: Layer) {
  return async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (file) await importFile(file, layer);
    input.value = ''; // the same file chosen again is a new import
  };
}

function setPhoto(e: ChangeEvent<HTMLInputElement>) {
  const file = e.currentTarget.files?.[0];
  const old = dataStore.getState().photo;
  if (old) URL.revokeObjectURL(old.url);
  dataStore.setState({ photo: file ? { url: URL.createObjectURL(file), name: file.name } : null });
  e.currentTarget.value = '';
}

function TargetOptions() {
  const o = useData((s) => s.options);
  return (
    <div className="import-options" role="group" aria-label="Ground truth from an image">
      <label>
        <span>Images as</span>
        <select
          value={o.targetMode}
          onChange={(e) => setImportOption('targetMode', e.target.value as TargetImageMode)}
          aria-label="Ground truth from an image"
        >
          <option value="luminance">luminance above</option>
          <option value="alpha">alpha above</option>
          <option value="class">one class colour</option>
        </select>
      </label>
      {o.targetMode === 'class' ? (
        <label>
          <span>colour</span>
          <input
            type="color"
            value={o.classColor}
            aria-label="Class colour"
            onChange={(e) => setImportOption('classColor', e.target.value)}
          />
        </label>
      ) : (
        <label>
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={o.threshold}
            aria-label="Threshold"
            onChange={(e) => setImportOption('threshold', Math.min(1, Math.max(0, Number(e.target.value) || 0)))}
          />
        </label>
      )}
      <label title=".npy label maps: the ground truth is 1 where the value equals this class (empty: the values are the mask)">
        <span>.npy class</span>
        <input
          type="number"
          step={1}
          value={o.classValue ?? ''}
          aria-label="npy class value"
          onChange={(e) => setImportOption('classValue', e.target.value === '' ? null : Number(e.target.value))}
        />
      </label>
    </div>
  );
}

function PredictionOptions() {
  const logits = useData((s) => s.options.logits);
  const channel = useData((s) => s.options.channel);
  return (
    <div className="import-options" role="group" aria-label="Prediction values">
      <fieldset className="inline-choice">
        <legend>.npy values are</legend>
        <label>
          <input type="radio" name="pred-values" checked={!logits} onChange={() => setImportOption('logits', false)} />{' '}
          probabilities
        </label>
        <label>
          <input type="radio" name="pred-values" checked={logits} onChange={() => setImportOption('logits', true)} />{' '}
          logits (σ applied)
        </label>
      </fieldset>
      <label title="The channel of a 3-D array (H × W × C or C × H × W); empty when it has one">
        <span>channel</span>
        <input
          type="number"
          min={0}
          step={1}
          value={channel ?? ''}
          aria-label="npy channel"
          onChange={(e) =>
            setImportOption('channel', e.target.value === '' ? null : Math.max(0, Math.round(Number(e.target.value))))
          }
        />
      </label>
    </div>
  );
}

function ClassPicker() {
  const colors = useData((s) => s.labelColors);
  const chosen = useData((s) => s.options.classColor);
  if (!colors || colors.colors.length === 0) return null;
  return (
    <div className="class-picker" role="group" aria-label={`Colours in ${colors.name}`}>
      <span>Colours in {colors.name}:</span>
      {colors.colors.slice(0, 24).map((c) => (
        <button
          key={c.hex}
          type="button"
          className={`swatch${c.hex === chosen ? ' chosen' : ''}`}
          style={{ background: c.hex }}
          aria-label={`Class colour ${c.hex} (${c.count} pixels)`}
          title={`${c.hex}: ${c.count} pixels`}
          onClick={() => {
            setImportOption('classColor', c.hex);
            void reimportLast();
          }}
        />
      ))}
    </div>
  );
}

function Message() {
  const message = useData((s) => s.message);
  const pending = useData((s) => s.pending);
  if (!message) return null;
  return (
    <div className={`import-message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      <p>{message.text}</p>
      {pending && (
        <div className="ops-row">
          <button type="button" onClick={() => resolvePending('resample')}>
            Resample to the scene
          </button>
          <button type="button" onClick={() => resolvePending('replace-other')}>
            New {gridLabel(pending.imported)} scene
          </button>
          <button type="button" onClick={() => resolvePending('cancel')}>
            Cancel
          </button>
        </div>
      )}
      <button
        type="button"
        className="close"
        aria-label="Dismiss message"
        onClick={() => dataStore.setState({ message: null, pending: null })}
      >
        ×
      </button>
    </div>
  );
}

/** A file pasted anywhere on the page (not into a text field) goes to the layer last pointed at. */
function usePaste() {
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = e.clipboardData?.files?.[0];
      if (!file) return;
      e.preventDefault();
      void importFile(file, dataStore.getState().pasteLayer);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);
}

export function ImportPanel() {
  usePaste();
  const busy = useData((s) => s.busy > 0);
  const photo = useData((s) => s.photo);
  const grid = useApp((s) => gridLabel(s.scene));
  return (
    <div className="import-panel" aria-busy={busy}>
      <div className="import-layer">
        <label className="file-button">
          <span>Import ground truth…</span>
          <input type="file" accept={ACCEPT} aria-label="Import ground truth" onChange={fileInput('target')} />
        </label>
        <TargetOptions />
      </div>
      <div className="import-layer">
        <label className="file-button">
          <span>Import prediction…</span>
          <input type="file" accept={ACCEPT} aria-label="Import prediction" onChange={fileInput('pred')} />
        </label>
        <PredictionOptions />
      </div>
      <div className="import-layer">
        <label className="file-button">
          <span>{photo ? 'Change photo…' : 'Photo under the canvases…'}</span>
          <input type="file" accept="image/*" aria-label="Import photo" onChange={setPhoto} />
        </label>
        {photo && (
          <button
            type="button"
            onClick={() => {
              URL.revokeObjectURL(photo.url);
              dataStore.setState({ photo: null });
            }}
          >
            Remove photo
          </button>
        )}
        <span className="muted">
          PNG, JPEG, WebP or .npy; drop a file on a canvas or paste it. Scene {grid}, up to 512 on the long side.
        </span>
      </div>
      <ClassPicker />
      <Message />
    </div>
  );
}
