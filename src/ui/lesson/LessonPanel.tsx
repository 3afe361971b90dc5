/**
 * The lesson on screen: its title, the step's question (a teacher's text, rendered as plain text), "Reveal
 * answer" where the teacher gave one, and Previous / Next through the steps. Nothing when there is no lesson.
 */
import { useApp } from '../../state/store.ts';
import './lesson.css';

export function LessonPanel() {
  const shared = useApp((s) => s.lesson);
  const answerShown = useApp((s) => s.answerShown);
  const goToStep = useApp((s) => s.goToStep);
  const showAnswer = useApp((s) => s.showAnswer);
  const endLesson = useApp((s) => s.endLesson);
  if (!shared) return null;
  const { lesson, step } = shared;
  const current = lesson.steps[step]!;
  const count = lesson.steps.length;
  return (
    <section className="lesson" aria-label="Lesson">
      <div className="lesson-head">
        <h2>{lesson.title || 'Question'}</h2>
        {count > 1 && (
          <span className="lesson-step" aria-live="polite">
            Step {step + 1} of {count}
          </span>
        )}
        {count > 1 && (
          <span className="lesson-nav">
            <button type="button" onClick={() => goToStep(step - 1)} disabled={step === 0}>
              ← Previous
            </button>
            <button type="button" className="primary" onClick={() => goToStep(step + 1)} disabled={step === count - 1}>
              Next →
            </button>
          </span>
        )}
        {!lesson.locked && (
          <button type="button" className="link lesson-end" onClick={endLesson}>
            End lesson
          </button>
        )}
      </div>
      <p className="lesson-question" aria-live="polite">
        {current.question}
      </p>
      {current.answer &&
        (answerShown ? (
          <p className="lesson-answer">
            <strong>Answer.</strong> {current.answer}
          </p>
        ) : (
          <button type="button" className="lesson-reveal" onClick={showAnswer}>
            Reveal answer
          </button>
        ))}
    </section>
  );
}
