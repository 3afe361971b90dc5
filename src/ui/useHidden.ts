/** Classroom flags from a share link: which controls to leave out (see src/share/hide.ts). */
import type { ControlHideFlag } from '../share/hide.ts';
import { useApp } from '../state/store.ts';

export function useHidden(flag: ControlHideFlag): boolean {
  return useApp((s) => s.hidden.includes(flag));
}
