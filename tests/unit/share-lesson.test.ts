/** Lessons in a link (meta q): round trip, the built-in tour by id, limits, sanitised text, refusal of bad parts. */
import { describe, expect, it } from 'vitest';
import { decodeScene } from '../../src/share/decode.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { MAX_LESSON_CHARS, MAX_QUESTION_CHARS, lessonFromWire, lessonProblem } from '../../src/share/lesson.ts';
import type { Lesson } from '../../src/share/lesson.ts';
import { lessonText } from '../../src/share/text.ts';
import { TOUR_TITLE, builtInLesson } from '../../src/share/tour.ts';
import { PRESETS } from '../../src/scene/index.ts';
import { scene } from './share-fixtures.ts';

const question: Lesson = {
  title: 'Dice on a small object',
  locked: true,
  steps: [
    {
      question: 'Why is Dice above 0.7 here?',
      answer: 'The 0.02 floor adds up over the background.',
      hide: ['paint-target', 'table'],
      loss: 'dice',
    },
  ],
};

describe('lessons in a link', () => {
  it('a question and answer round-trip, locked, with the step’s flags and loss', () => {
    const link = encodeScene(scene('small_object', 64, { lesson: { lesson: question, step: 0 } }));
    const { scene: got, warnings } = decodeScene(link);
    expect(warnings).toEqual([]);
    expect(got!.lesson).toEqual({ lesson: question, step: 0 });
  });

  it('the tour travels as its id and opens with this version’s sentences', () => {
    const tour = builtInLesson('tour');
    expect(tour.title).toBe(TOUR_TITLE);
    expect(tour.steps.map((s) => s.preset)).toEqual(PRESETS.map((p) => p.id));
    for (const [i, s] of tour.steps.entries()) expect(s.question).toContain(PRESETS[i]!.lookAt);
    const link = encodeScene(scene('perfect', 64, { lesson: { lesson: tour, step: 3 } }));
    expect(link.length).toBeLessThan(200);
    const got = decodeScene(link).scene!.lesson!;
    expect(got.step).toBe(3);
    expect(got.lesson.steps).toEqual(tour.steps);
  });

  it('limits: too long text or too many steps cannot be encoded; the dialog checks with lessonProblem', () => {
    const long: Lesson = { title: '', locked: false, steps: [{ question: 'x'.repeat(MAX_QUESTION_CHARS + 1) }] };
    expect(lessonProblem(long)).toMatch(/longer/);
    expect(() => encodeScene(scene('perfect', 64, { lesson: { lesson: long, step: 0 } }))).toThrow(/lesson/);
    const many: Lesson = {
      title: '',
      locked: false,
      steps: Array.from({ length: 10 }, () => ({ question: 'y'.repeat(500) })),
    };
    expect(lessonProblem(many)).toMatch(String(MAX_LESSON_CHARS));
    expect(lessonProblem({ title: '', locked: false, steps: [{ question: 'q', preset: 'nope' }] })).toMatch(/preset/);
  });

  it('a hostile or broken lesson is refused with a warning; the scene still opens', () => {
    for (const q of [
      { s: [] },
      { s: [{ q: 'a', b: 'no_such_preset' }] },
      { s: [{ q: 'a', h: ['nope'] }] },
      { r: 'other' },
      { s: 'x' },
      { s: [{ q: 'a', z: 1 }] },
    ]) {
      expect('problem' in lessonFromWire(q, builtInLesson), JSON.stringify(q)).toBe(true);
    }
  });

  it('text is sanitised: no control or bidi characters, bounded, line breaks only where allowed', () => {
    expect(lessonText('  Why\u0000 is <b>Dice</b>\u202e high?\r\n\r\n\r\nThink.  ', 100, true)).toBe(
      'Why is <b>Dice</b> high?\n\nThink.',
    );
    expect(lessonText('a\nb', 100, false)).toBe('a b');
    expect(lessonText('z'.repeat(50), 10, false)).toBe(`${'z'.repeat(9)}…`);
    const got = lessonFromWire({ s: [{ q: 'Q\u0007?', a: '\u200bA' }] }, builtInLesson);
    expect(got).toEqual({
      lesson: { lesson: { title: '', locked: false, steps: [{ question: 'Q ?', answer: 'A' }] }, step: 0 },
    });
  });
});
