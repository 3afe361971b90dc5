/**
 * Under the legend of a shared colour scale: which loss sets its range, with a button to leave that loss
 * out (it keeps its own scale), and the losses already left out, each with a button to put it back.
 */
import { useShallow } from 'zustand/react/shallow';
import { lossInfo } from '../core/registry.ts';
import type { LossId } from '../core/types.ts';
import { formatTick } from './format.ts';
import { useApp } from '../state/store.ts';
import { sharedMapScale } from './heatmaps.ts';
import './SharedScaleNote.css';

export function SharedScaleNote() {
  const note = useApp(
    useShallow((s) => {
      if (!s.results) return null;
      const { scale, setBy } = sharedMapScale(s.results, s.scaleKind, s.scaleExcluded);
      return { setBy, max: scale.max, excluded: s.scaleExcluded, selectedOut: s.scaleExcluded.includes(s.selected) };
    }),
  );
  const setExcluded = useApp((s) => s.setScaleExcluded);
  if (!note) return null;
  const { setBy, max, excluded, selectedOut } = note;
  const short = (id: LossId) => lossInfo(id).short;
  return (
    <div className="shared-scale-note" aria-label="Shared colour scale">
      {setBy && (
        <p>
          Range ±{formatTick(max)} set by <strong>{short(setBy)}</strong>
          {selectedOut ? ' (this map is on its own scale)' : ''}.{' '}
          <button type="button" className="link" onClick={() => setExcluded(setBy, true)}>
            Leave {short(setBy)} out
          </button>
        </p>
      )}
      {excluded.length > 0 && (
        <p>
          On their own scale:{' '}
          {excluded.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              {short(id)}{' '}
              <button
                type="button"
                className="link"
                aria-label={`Put ${short(id)} back into the shared scale`}
                onClick={() => setExcluded(id, false)}
              >
                put back
              </button>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
