/** Share slice: the classroom flags a link brought (hidden controls), its lesson, and what was wrong with the link. */
import type { StateCreator } from 'zustand';
import { normalizeHide } from '../share/hide.ts';
import type { Lesson } from '../share/lesson.ts';
import type { AppState, ShareSlice } from './types.ts';

export const createShareSlice: StateCreator<AppState, [], [], ShareSlice> = (set, get) => {
  /** The flags hidden before the lesson's first step: each step hides these plus its own. */
  let baseHidden: readonly string[] = [];
  return {
    hidden: [],
    shareMessage: null,
    lesson: null,
    answerShown: false,
    setHidden: (flags) => set({ hidden: normalizeHide(flags) }),
    setShareMessage: (shareMessage) => set({ shareMessage }),
    dismissShareMessage: () => set({ shareMessage: null }),

    startLesson(lesson: Lesson, step = 0, apply = true) {
      baseHidden = get().hidden;
      set({ lesson: { lesson, step: 0 }, answerShown: false });
      if (apply) get().goToStep(step);
      else set({ lesson: { lesson, step: Math.max(0, Math.min(step, lesson.steps.length - 1)) } });
    },

    goToStep(step) {
      const current = get().lesson;
      if (!current) return;
      const i = Math.max(0, Math.min(step, current.lesson.steps.length - 1));
      const s = current.lesson.steps[i]!;
      // Each step sets its own scene, flags and loss; the text changes with it, the answer folds again.
      if (s.preset) get().loadPreset(s.preset);
      set({
        hidden: normalizeHide([...baseHidden, ...(s.hide ?? [])]),
        lesson: { lesson: current.lesson, step: i },
        answerShown: false,
      });
      if (s.loss) get().select(s.loss);
    },

    showAnswer: () => set({ answerShown: true }),

    endLesson() {
      const current = get().lesson;
      // A locked lesson cannot be left: its hidden controls stay hidden.
      if (!current || current.lesson.locked) return;
      set({ lesson: null, answerShown: false, hidden: normalizeHide(baseHidden) });
    },
  };
};
