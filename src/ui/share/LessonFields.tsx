/**
 * The lesson part of "Share for class": a question for the class, an optional answer (behind "Reveal
 * answer"), and a lock that keeps hidden controls hidden. The text travels in the link (src/share/lesson.ts).
 */
import { useId } from 'react';
import { MAX_ANSWER_CHARS, MAX_QUESTION_CHARS } from '../../share/lesson.ts';
import type { SharedLesson } from '../../share/lesson.ts';
import { lessonText } from '../../share/text.ts';
import './LessonFields.css';

export interface LessonDraft {
  question: string;
  answer: string;
  locked: boolean;
}

/**
 * The lesson a class link carries: the teacher's question as a one-step lesson; without one, the lesson
 * already on the page (e.g. the tour, at its step) with the lock as chosen; otherwise none.
 */
export function lessonFor(draft: LessonDraft, current: SharedLesson | null): SharedLesson | null {
  const question = lessonText(draft.question, MAX_QUESTION_CHARS, true);
  const answer = lessonText(draft.answer, MAX_ANSWER_CHARS, true);
  if (question)
    return {
      lesson: { title: '', locked: draft.locked, steps: [{ question, ...(answer ? { answer } : {}) }] },
      step: 0,
    };
  if (current) return { lesson: { ...current.lesson, locked: draft.locked }, step: current.step };
  return null;
}

export function LessonFields({ draft, onChange }: { draft: LessonDraft; onChange(d: LessonDraft): void }) {
  const q = useId();
  const a = useId();
  return (
    <fieldset className="flags lesson-fields">
      <legend>Question for the class</legend>
      <label htmlFor={q}>
        Question{' '}
        <span className="muted">
          ({draft.question.length} / {MAX_QUESTION_CHARS})
        </span>
      </label>
      <textarea
        id={q}
        rows={3}
        maxLength={MAX_QUESTION_CHARS}
        value={draft.question}
        placeholder="e.g. Why does Dice stay above 0.7 although the object is found?"
        onChange={(e) => onChange({ ...draft, question: e.target.value })}
      />
      <label htmlFor={a}>
        Answer, optional: shown after “Reveal answer”{' '}
        <span className="muted">
          ({draft.answer.length} / {MAX_ANSWER_CHARS})
        </span>
      </label>
      <textarea
        id={a}
        rows={2}
        maxLength={MAX_ANSWER_CHARS}
        value={draft.answer}
        disabled={!draft.question.trim()}
        onChange={(e) => onChange({ ...draft, answer: e.target.value })}
      />
      <label className="flag">
        <input
          type="checkbox"
          checked={draft.locked}
          onChange={(e) => onChange({ ...draft, locked: e.target.checked })}
        />
        <span className="flag-text">
          <span className="flag-label">Lock the lesson</span>
          <span className="flag-hint">Students cannot show the hidden controls or leave the lesson.</span>
        </span>
      </label>
    </fieldset>
  );
}
