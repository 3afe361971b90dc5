/** A quiet line when a classroom link hid some controls, with a way to show them again. */
import { HIDE_FLAGS, PARAM_HIDE_FLAGS } from '../../share/hide.ts';
import { useApp } from '../../state/store.ts';
import './ClassroomNote.css';

function describe(hidden: readonly string[]): string {
  const names = hidden.map(
    (id) => HIDE_FLAGS.find((f) => f.id === id)?.label ?? PARAM_HIDE_FLAGS.find((f) => f.id === id)?.label ?? id,
  );
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4 ? `${shown} and ${names.length - 4} more` : shown;
}

export function ClassroomNote() {
  const hidden = useApp((s) => s.hidden);
  const setHidden = useApp((s) => s.setHidden);
  // A locked lesson keeps its hidden controls hidden: no way back from the page itself.
  const locked = useApp((s) => s.lesson?.lesson.locked === true);
  if (hidden.length === 0) return null;
  return (
    <p className="classroom-note">
      <span>
        <strong>Classroom link.</strong> Hidden by your teacher: {describe(hidden)}.
      </span>
      {!locked && (
        <button type="button" className="link" onClick={() => setHidden([])}>
          Show all controls
        </button>
      )}
    </p>
  );
}
