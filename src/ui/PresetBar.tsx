/** Presets that teach, each with one sentence saying what to look at. */
import { PRESETS, getPreset } from '../scene/index.ts';
import { useApp } from '../state/store.ts';
import { useHidden } from './useHidden.ts';
import './PresetBar.css';

/** What to do with "your scene", naming only the canvases this page lets one paint. */
function yourScene(target: boolean, pred: boolean): string {
  const where =
    target && pred
      ? 'Paint on either canvas'
      : target
        ? 'Paint the ground truth'
        : pred
          ? 'Paint the prediction'
          : 'Hover the pictures to read single pixels';
  return `${where}: every value, gradient and metric follows within a frame.`;
}

export function PresetBar() {
  const presetId = useApp((s) => s.presetId);
  const load = useApp((s) => s.loadPreset);
  const preset = presetId ? getPreset(presetId) : undefined;
  const hideChips = useHidden('presets');
  const paintTarget = !useHidden('paint-target');
  const paintPred = !useHidden('paint-pred');
  const inLesson = useApp((s) => s.lesson !== null);
  // During a lesson its card says what to look at; the line here would repeat it.
  if (inLesson && hideChips) return null;
  return (
    <section className="presets" aria-label="Presets">
      {!hideChips && (
        <div className="chips" role="group" aria-label="Load a preset scene">
          {PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              className={`chip${p.id === presetId ? ' on' : ''}`}
              aria-pressed={p.id === presetId}
              onClick={() => load(p.id)}
              title={p.lookAt}
            >
              {p.name}
            </button>
          ))}
        </div>
      )}
      {!inLesson && (
        <p className="look-at" aria-live="polite">
          {preset ? (
            <>
              <strong>Look at:</strong> {preset.lookAt}
            </>
          ) : (
            <>
              <strong>Your scene.</strong> {yourScene(paintTarget, paintPred)}
            </>
          )}
        </p>
      )}
    </section>
  );
}
