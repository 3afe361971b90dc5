/**
 * Work for the next animation frame, coalesced: whatever asks several times before the frame runs once,
 * with the state of that moment. Canvases, captions and the formula draw through it, so that several store
 * changes in one frame cost one drawing.
 */
import { defaultFrame } from '../state/frame.ts';

const pending = new Map<object, () => void>();
let requested = false;

function flush(): void {
  requested = false;
  const tasks = [...pending.values()];
  pending.clear();
  for (const task of tasks) task();
}

/** Runs `task` in the next frame; a later call with the same `owner` before then replaces it. */
export function onNextFrame(owner: object, task: () => void): void {
  pending.set(owner, task);
  if (requested) return;
  requested = true;
  defaultFrame(flush);
}

/** Drops a task not yet run (its component went away). */
export function cancelFrame(owner: object): void {
  pending.delete(owner);
}
