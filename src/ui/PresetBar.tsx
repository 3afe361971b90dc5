/** Presets that teach, each with one sentence saying what to look at. */
import { PRESETS, getPreset } from '../scene/index.ts';
import { useApp } from '../state/store.ts';
import { useHidden } from './useHidden.ts';

export function PresetBar() {
  const presetId = useApp((s) => s.presetId);
  const load = useApp((s) => s.loadPreset);
  const preset = presetId ? getPreset(presetId) : undefined;
  const hideChips = useHidden('presets');
  return (
    <section className="presets" aria-label="Presets">
      {!hideChips && (
        <div className="chips" role="group" aria-label="Load a preset scene">
          {PRESETS.map((p) => (
            <button key={p.id} type="button" className={`chip${p.id === presetId ? ' on' : ''}`} aria-pressed={p.id === presetId} onClick={() => load(p.id)} title={p.lookAt}>
              {p.name}
            </button>
          ))}
        </div>
      )}
      <p className="look-at" aria-live="polite">
        {preset ? (
          <><strong>Look at:</strong> {preset.lookAt}</>
        ) : (
          <><strong>Your scene.</strong> Paint on either canvas: every value, gradient and metric follows within a frame.</>
        )}
      </p>
    </section>
  );
}
