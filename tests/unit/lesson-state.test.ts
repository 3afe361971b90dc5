/** The lesson in the store: steps open their preset, flags and loss; locked lessons cannot be left. */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/state/store.ts';
import { builtInLesson } from '../../src/share/tour.ts';
import { PRESETS } from '../../src/scene/index.ts';
import { sharedSceneOf } from '../../src/state/share.ts';
import type { Lesson } from '../../src/share/lesson.ts';

describe('lesson state', () => {
  it('the tour steps through every preset, selecting the loss its sentence names first', () => {
    const store = createAppStore();
    store.getState().setGridSize(64);
    store.getState().startLesson(builtInLesson('tour'));
    expect(store.getState().presetId).toBe(PRESETS[0]!.id);
    store.getState().goToStep(1);
    expect(store.getState().presetId).toBe('empty');
    expect(store.getState().selected).toBe('dice');
    store.getState().goToStep(99);
    expect(store.getState().lesson!.step).toBe(PRESETS.length - 1);
    expect(store.getState().presetId).toBe(PRESETS.at(-1)!.id);
    // The link carries the lesson and its step.
    expect(sharedSceneOf(store.getState()).lesson).toEqual(store.getState().lesson);
    store.getState().endLesson();
    expect(store.getState().lesson).toBeNull();
  });

  it('each step hides its own flags over the ones before; the answer folds again on a new step', () => {
    const store = createAppStore();
    store.getState().setHidden(['charts']);
    const lesson: Lesson = {
      title: 'Two questions',
      locked: false,
      steps: [
        { question: 'One?', answer: 'Yes.', hide: ['table'] },
        { question: 'Two?', hide: ['paint-target'] },
      ],
    };
    store.getState().startLesson(lesson);
    expect(store.getState().hidden).toEqual(['table', 'charts']);
    store.getState().showAnswer();
    expect(store.getState().answerShown).toBe(true);
    store.getState().goToStep(1);
    expect(store.getState().answerShown).toBe(false);
    expect(store.getState().hidden).toEqual(['paint-target', 'charts']);
    store.getState().endLesson();
    expect(store.getState().hidden).toEqual(['charts']);
  });

  it('a locked lesson cannot be ended: its hidden controls stay hidden', () => {
    const store = createAppStore();
    store.getState().setHidden(['table']);
    store.getState().startLesson({ title: '', locked: true, steps: [{ question: 'Why?' }] });
    store.getState().endLesson();
    expect(store.getState().lesson).not.toBeNull();
    expect(store.getState().hidden).toEqual(['table']);
  });
});
