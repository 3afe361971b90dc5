/**
 * The built-in lesson "A tour of the 15 losses": one step per preset, its "Look at:" sentence as the
 * text and the loss that sentence names first selected. Built from the presets, so a link to it
 * (meta `q`: { r: 'tour' }) always shows this version's sentences.
 */
import { LOSS_IDS, isLossId } from '../core/registry.ts';
import { PRESETS } from '../scene/index.ts';
import type { BuiltInLessonId, Lesson } from './lesson.ts';

export const TOUR_TITLE = `A tour of the ${LOSS_IDS.length} losses`;

export function builtInLesson(id: BuiltInLessonId): Lesson {
  switch (id) {
    case 'tour':
      return {
        builtIn: 'tour',
        title: TOUR_TITLE,
        locked: false,
        steps: PRESETS.map((p) => {
          const loss = p.claims.map((c) => c.of).find(isLossId);
          return { question: `${p.name}. ${p.lookAt}`, preset: p.id, ...(loss ? { loss } : {}) };
        }),
      };
  }
}
