/**
 * A lesson in a share link (meta key `q`): a teacher's question (and optional answer) for the scene, or a
 * sequence of steps, each with its own text, hidden controls, selected loss and, optionally, a preset as
 * its scene. `locked` keeps hidden controls hidden (no "Show all controls"). A built-in lesson travels as
 * its id only (`r`), so its text follows the app's version.
 *
 * Wire form: { r?: builtInId, t?: title, k?: 1, s?: [{ q, a?, b?, h?, l? }, …], i?: step }.
 * Text is sanitised (lessonText) and bounded so a lesson fits the meta section (MAX_META_BYTES).
 */
import { z } from 'zod';
import { LOSS_IDS } from '../core/registry.ts';
import type { LossId } from '../core/types.ts';
import { isHideFlag, normalizeHide } from './hide.ts';
import { presetIds } from './presetBase.ts';
import { lessonText } from './text.ts';

export const MAX_LESSON_STEPS = 20;
export const MAX_TITLE_CHARS = 80;
export const MAX_QUESTION_CHARS = 600;
export const MAX_ANSWER_CHARS = 600;
/** All text of one lesson together: keeps the link short enough to share (docs/share-links.md). */
export const MAX_LESSON_CHARS = 4000;
export const BUILT_IN_LESSON_IDS = ['tour'] as const;
export type BuiltInLessonId = (typeof BUILT_IN_LESSON_IDS)[number];

export interface LessonStep {
  question: string;
  answer?: string;
  /** The step's scene: this preset (absent: the link's own scene stays). */
  preset?: string;
  /** Classroom flags while this step is on screen. */
  hide?: string[];
  /** The loss selected when the step opens. */
  loss?: LossId;
}

export interface Lesson {
  /** A built-in lesson's id: its steps come from the app, not the link. */
  builtIn?: BuiltInLessonId;
  title: string;
  locked: boolean;
  steps: LessonStep[];
}

/** The lesson as a link carries it, with the step on screen. */
export interface SharedLesson {
  lesson: Lesson;
  step: number;
}

const Text = (max: number) => z.string().max(max * 4);
const StepWire = z
  .object({
    q: Text(MAX_QUESTION_CHARS),
    a: Text(MAX_ANSWER_CHARS).optional(),
    b: z.string().max(64).optional(),
    h: z.array(z.string().max(80)).max(64).optional(),
    l: z.enum(LOSS_IDS).optional(),
  })
  .strict();
const Wire = z
  .object({
    r: z.enum(BUILT_IN_LESSON_IDS).optional(),
    t: Text(MAX_TITLE_CHARS).optional(),
    k: z.literal(1).optional(),
    s: z.array(StepWire).max(MAX_LESSON_STEPS).optional(),
    i: z
      .number()
      .int()
      .min(0)
      .max(MAX_LESSON_STEPS - 1)
      .optional(),
  })
  .strict();

/** Characters of all the lesson's own text (a built-in lesson's text is not in the link). */
export function lessonChars(lesson: Lesson): number {
  if (lesson.builtIn) return lesson.title.length;
  return lesson.title.length + lesson.steps.reduce((n, s) => n + s.question.length + (s.answer?.length ?? 0), 0);
}

/** Why a lesson cannot travel in a link, or null. */
export function lessonProblem(lesson: Lesson): string | null {
  if (!lesson.builtIn && lesson.steps.length === 0) return 'a lesson needs at least one step';
  if (lesson.steps.length > MAX_LESSON_STEPS) return `at most ${MAX_LESSON_STEPS} steps`;
  if (lesson.title.length > MAX_TITLE_CHARS) return `the title is longer than ${MAX_TITLE_CHARS} characters`;
  for (const [i, s] of lesson.steps.entries()) {
    if (s.question.length > MAX_QUESTION_CHARS)
      return `step ${i + 1}: the question is longer than ${MAX_QUESTION_CHARS} characters`;
    if ((s.answer?.length ?? 0) > MAX_ANSWER_CHARS)
      return `step ${i + 1}: the answer is longer than ${MAX_ANSWER_CHARS} characters`;
    if (s.preset !== undefined && !presetIds().includes(s.preset)) return `step ${i + 1}: unknown preset ${s.preset}`;
    if (s.hide?.some((f) => !isHideFlag(f))) return `step ${i + 1}: unknown classroom flag`;
  }
  if (lessonChars(lesson) > MAX_LESSON_CHARS) return `the lesson's text is longer than ${MAX_LESSON_CHARS} characters`;
  return null;
}

/** The wire form; throws a RangeError for a lesson the dialog should not have let through. */
export function lessonToWire({ lesson, step }: SharedLesson): unknown {
  const problem = lessonProblem(lesson);
  if (problem) throw new RangeError(`encodeScene: lesson: ${problem}`);
  const w: Record<string, unknown> = {};
  if (lesson.builtIn) w.r = lesson.builtIn;
  else {
    if (lesson.title) w.t = lesson.title;
    w.s = lesson.steps.map((s) => {
      const o: Record<string, unknown> = { q: s.question };
      if (s.answer) o.a = s.answer;
      if (s.preset) o.b = s.preset;
      const hide = normalizeHide(s.hide ?? []);
      if (hide.length) o.h = hide;
      if (s.loss) o.l = s.loss;
      return o;
    });
  }
  if (lesson.locked) w.k = 1;
  if (step > 0) w.i = step;
  return w;
}

/**
 * The lesson, or a plain-text reason it is refused (the scene itself still opens). Text is cleaned of
 * control characters and cut to its limit; unknown presets, flags or losses refuse the lesson, since a
 * step that opens the wrong scene would ask the wrong question. `builtIn` supplies a built-in lesson's steps.
 */
export function lessonFromWire(
  raw: unknown,
  builtIn: (id: BuiltInLessonId) => Lesson,
): { lesson: SharedLesson } | { problem: string } {
  const parsed = Wire.safeParse(raw);
  const refuse = { problem: 'The lesson in the link is not readable; the scene opens without it.' };
  if (!parsed.success) return refuse;
  const w = parsed.data;
  let lesson: Lesson;
  if (w.r) lesson = { ...builtIn(w.r), locked: w.k === 1 };
  else {
    if (!w.s?.length) return refuse;
    lesson = {
      title: lessonText(w.t ?? '', MAX_TITLE_CHARS, false),
      locked: w.k === 1,
      steps: w.s.map((s) => {
        const step: LessonStep = { question: lessonText(s.q, MAX_QUESTION_CHARS, true) };
        const answer = s.a === undefined ? '' : lessonText(s.a, MAX_ANSWER_CHARS, true);
        if (answer) step.answer = answer;
        if (s.b !== undefined) step.preset = s.b;
        if (s.h !== undefined) step.hide = s.h;
        if (s.l !== undefined) step.loss = s.l;
        return step;
      }),
    };
  }
  if (lessonProblem(lesson)) return refuse;
  return { lesson: { lesson, step: Math.min(w.i ?? 0, lesson.steps.length - 1) } };
}
