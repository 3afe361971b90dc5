/** Classroom flags from a share link: which controls to leave out (see src/share/hide.ts). */
import type { ControlHideFlag } from '../share/codec.ts';
import { isParamHidden } from '../state/share.ts';
import { useApp } from '../state/store.ts';
import type { LossId } from '../core/types.ts';

export function useHidden(flag: ControlHideFlag): boolean {
  return useApp((s) => s.hidden.includes(flag));
}

export function useParamHidden(loss: LossId, key: string): boolean {
  return useApp((s) => isParamHidden(s.hidden, loss, key));
}
