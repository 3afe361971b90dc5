/** In the Losses card: pin the values on screen, and say what is pinned (with "Unpin"). */
import { conventionInfo } from '../../core/conventions.ts';
import { compareStore, useCompare } from '../../state/compareStore.ts';
import { appStore, useApp } from '../../state/store.ts';
import { getPreset } from '../../scene/index.ts';
import './compare.css';

/** What the table shows now, in a few words: the convention and the scene. */
export function pinLabel(): string {
  const s = appStore.getState();
  const convention = `${conventionInfo(s.convention).name}${s.conventionEdited ? ' (edited)' : ''}`;
  const scene = s.presetId ? (getPreset(s.presetId)?.name ?? s.presetId) : 'your scene';
  return `${convention} · ${scene}`;
}

export function PinControl() {
  const pin = useCompare((c) => c.pin);
  const ready = useApp((s) => s.results !== null);
  const doPin = () => {
    const values = appStore.getState().results?.values;
    if (values) compareStore.getState().setPin({ label: pinLabel(), values });
  };
  return (
    <div className="pin-control">
      {pin ? (
        <>
          <span
            className="pin-label"
            title={`Pinned: ${pin.label}. The “vs pin” column is each value minus the pinned one.`}
          >
            Pinned: {pin.label}
          </span>
          <button type="button" className="link" onClick={doPin}>
            Re-pin
          </button>
          <button type="button" className="link" onClick={() => compareStore.getState().setPin(null)}>
            Unpin
          </button>
        </>
      ) : (
        <button
          type="button"
          onClick={doPin}
          disabled={!ready}
          title="Keep these values: each loss then shows its difference to them, e.g. after applying another convention or a stroke"
        >
          Pin values
        </button>
      )}
    </div>
  );
}
