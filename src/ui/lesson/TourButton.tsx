/** Header button: starts the built-in lesson "A tour of the 15 losses" (not while a lesson is on, nor when a link hides the presets). */
import { builtInLesson, TOUR_TITLE } from '../../share/tour.ts';
import { useApp } from '../../state/store.ts';
import { useHidden } from '../useHidden.ts';

export function TourButton() {
  const inLesson = useApp((s) => s.lesson !== null);
  const startLesson = useApp((s) => s.startLesson);
  const hidePresets = useHidden('presets');
  if (inLesson || hidePresets) return null;
  return (
    <button
      type="button"
      className="tour-button"
      onClick={() => startLesson(builtInLesson('tour'))}
      title={`${TOUR_TITLE}: step through every preset with its question`}
    >
      ▶ Tour
    </button>
  );
}
