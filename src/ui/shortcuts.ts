/** Keyboard shortcuts, as a pure mapping from a key event to an action (tested in node). */
import type { Tool } from '../state/types.ts';

export type ShortcutAction =
  { kind: 'undo' } | { kind: 'redo' } | { kind: 'tool'; tool: Tool } | { kind: 'radius'; factor: number };

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Which action a key press means; `typing` is true when focus is in a text or number field. */
export function shortcutFor(e: KeyLike, typing: boolean): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (typing) return null; // the field's own undo
    if (key === 'z') return e.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
    if (key === 'y') return { kind: 'redo' };
    return null;
  }
  if (typing || e.altKey || mod) return null;
  switch (key) {
    case 'b':
      return { kind: 'tool', tool: 'brush' };
    case 'e':
      return { kind: 'tool', tool: 'eraser' };
    case 'r':
      return { kind: 'tool', tool: 'rect' };
    case 'o':
      return { kind: 'tool', tool: 'ellipse' };
    case '[':
      return { kind: 'radius', factor: 1 / 1.25 };
    case ']':
      return { kind: 'radius', factor: 1.25 };
    default:
      return null;
  }
}

export const SHORTCUT_HELP: readonly [string, string][] = [
  ['Ctrl Z', 'undo'],
  ['Ctrl ⇧ Z', 'redo'],
  ['B / E', 'brush / eraser'],
  ['R / O', 'rectangle / ellipse'],
  ['[ ]', 'brush size'],
];
