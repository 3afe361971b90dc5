/** Undo/redo of whole scenes, by snapshot. */
import type { Scene } from './types.ts';

export const DEFAULT_HISTORY_LIMIT = 100;
/** 64 MiB: 32 snapshots of a 512² scene, 256 of a 128² one (then `limit` bites first). */
export const DEFAULT_HISTORY_BYTES = 64 * 1024 * 1024;

export function cloneScene(scene: Scene): Scene {
  return {
    height: scene.height,
    width: scene.width,
    target: Float32Array.from(scene.target),
    pred: Float32Array.from(scene.pred),
  };
}

function bytesOf(scene: Scene): number {
  return scene.target.byteLength + scene.pred.byteLength;
}

/**
 * Usage: call push(scene) BEFORE each change (stroke start, preset, op), then undo(current) /
 * redo(current) return the scene to show (or null when there is nothing to undo / redo).
 * Snapshots are copies, so restores are exact and later in-place painting cannot corrupt them;
 * returned scenes belong to the caller (history keeps no reference to them).
 * Memory is bounded by `limit` undo steps and by `maxBytes` over undo + redo together; the
 * oldest undo steps go first, but the newest one is always kept.
 */
export class History {
  private undoStack: Scene[] = [];
  private redoStack: Scene[] = [];
  private bytes = 0;
  private readonly limit: number;
  private readonly maxBytes: number;

  constructor(limit = DEFAULT_HISTORY_LIMIT, maxBytes = DEFAULT_HISTORY_BYTES) {
    this.limit = Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : DEFAULT_HISTORY_LIMIT;
    this.maxBytes = maxBytes > 0 ? maxBytes : DEFAULT_HISTORY_BYTES;
  }

  /** Records the scene as it is before a change; clears the redo stack. */
  push(scene: Scene): void {
    for (const s of this.redoStack) this.bytes -= bytesOf(s);
    this.redoStack = [];
    const snap = cloneScene(scene);
    this.undoStack.push(snap);
    this.bytes += bytesOf(snap);
    this.trim();
  }

  /** Drops the oldest undo steps while over a limit, always keeping the newest. */
  private trim(): void {
    while (this.undoStack.length > 1 && (this.undoStack.length > this.limit || this.bytes > this.maxBytes)) {
      this.bytes -= bytesOf(this.undoStack.shift()!);
    }
  }

  /** The previous scene, or null; `current` becomes redoable. */
  undo(current: Scene): Scene | null {
    const prev = this.undoStack.pop();
    if (!prev) return null;
    const snap = cloneScene(current);
    this.redoStack.push(snap);
    this.bytes += bytesOf(snap) - bytesOf(prev);
    // Snapshots can differ in size (grid changes), so the byte total can grow here too.
    this.trim();
    return prev;
  }

  /** The scene undone last, or null; `current` becomes undoable again. */
  redo(current: Scene): Scene | null {
    const next = this.redoStack.pop();
    if (!next) return null;
    const snap = cloneScene(current);
    this.undoStack.push(snap);
    this.bytes += bytesOf(snap) - bytesOf(next);
    this.trim();
    return next;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  get undoDepth(): number {
    return this.undoStack.length;
  }

  get redoDepth(): number {
    return this.redoStack.length;
  }

  /** Bytes held by snapshots. */
  get byteSize(): number {
    return this.bytes;
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.bytes = 0;
  }
}
