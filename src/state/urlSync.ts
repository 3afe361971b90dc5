/**
 * The store is the only writer of the URL: after a change of anything a link carries (the masks once a
 * stroke has ended, parameters, the selected loss, the view, classroom flags) it writes
 * `'#' + encodeScene(…)` with history.replaceState, `delay` ms after a change and at most every `interval` ms
 * while a slider is dragged (the last position is always written)
 * and never during a stroke. The query (e.g. ?backend=) is kept. A fragment typed or pasted into the
 * address bar of the open page (hashchange) is opened as an undoable edit.
 */
import type { AppStore } from './store.ts';
import type { AppState } from './types.ts';
import { linkFragment, openLink } from './share.ts';

export interface UrlSyncOptions {
  /** Writes the fragment (without '#'); default history.replaceState. */
  write?: (fragment: string) => void;
  /** Wait between a change and the write (ms). */
  delay?: number;
  /** Shortest interval between two writes while changes keep coming (a drag), ms: replaceState of a
   * several-kilobyte URL costs the main thread milliseconds that a drag's frames need. */
  interval?: number;
  now?: () => number;
  setTimer?: (cb: () => void, ms: number) => unknown;
  clearTimer?: (id: unknown) => void;
}

export interface UrlSync {
  /** Encodes and writes now (e.g. "Copy link"); returns the fragment, or null if the scene cannot be encoded. */
  flush(): string | null;
  /** The last fragment written (or read at boot). */
  current(): string | null;
  stop(): void;
}

/** Does the change touch anything a link carries? (theme, hover, results and tools do not) */
export function linkInputsChanged(a: AppState, b: AppState): boolean {
  return (
    a.scene !== b.scene ||
    a.sceneRev !== b.sceneRev ||
    a.params !== b.params ||
    a.selected !== b.selected ||
    a.gradientSpace !== b.gradientSpace ||
    a.scaleMode !== b.scaleMode ||
    a.scaleKind !== b.scaleKind ||
    a.scaleExcluded !== b.scaleExcluded ||
    a.showOutline !== b.showOutline ||
    a.hidden !== b.hidden ||
    a.chartTab !== b.chartTab ||
    a.layout !== b.layout ||
    a.lesson !== b.lesson ||
    a.stroking !== b.stroking
  );
}

function defaultWrite(fragment: string): void {
  const url = `${location.pathname}${location.search}#${fragment}`;
  history.replaceState(history.state, '', url);
}

export function startUrlSync(store: AppStore, options: UrlSyncOptions = {}): UrlSync {
  const write = options.write ?? defaultWrite;
  const delay = options.delay ?? 250;
  const interval = options.interval ?? 1000;
  const now = options.now ?? (() => performance.now());
  let writtenAt = -Infinity;
  const setTimer = options.setTimer ?? ((cb, ms) => setTimeout(cb, ms));
  const clearTimer = options.clearTimer ?? ((id) => clearTimeout(id as ReturnType<typeof setTimeout>));
  let timer: unknown = null;
  let last: string | null = typeof location !== 'undefined' && location.hash.length > 1 ? location.hash.slice(1) : null;

  const flush = (): string | null => {
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    let fragment: string;
    try {
      fragment = linkFragment(store.getState());
    } catch {
      return null; // a scene the format cannot hold (a programming error): leave the URL as it is
    }
    if (fragment !== last) {
      last = fragment;
      writtenAt = now();
      write(fragment);
    }
    return fragment;
  };

  const schedule = () => {
    if (timer !== null) return; // a write is already due: dragging writes every `delay` ms, not never
    timer = setTimer(
      () => {
        timer = null;
        if (store.getState().stroking) return; // the stroke's end schedules the write
        flush();
      },
      Math.max(delay, writtenAt + interval - now()),
    );
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (!linkInputsChanged(s, prev)) return;
    if (s.stroking) return;
    schedule();
  });

  const onHashChange = () => {
    const hash = location.hash.slice(1);
    if (hash === last || hash === '') return;
    last = hash;
    // A link that cannot be read leaves the scene: the address bar goes back to it.
    if (!openLink(store, hash, 'edit').applied) flush();
  };
  if (typeof window !== 'undefined') window.addEventListener('hashchange', onHashChange);

  return {
    flush,
    current: () => last,
    stop() {
      unsubscribe();
      if (timer !== null) clearTimer(timer);
      if (typeof window !== 'undefined') window.removeEventListener('hashchange', onHashChange);
    },
  };
}

let active: UrlSync | null = null;

/** The running sync (main.tsx), for the "Copy link" button: it writes through the same path. */
export function setActiveUrlSync(sync: UrlSync | null): void {
  active = sync;
}

export function activeUrlSync(): UrlSync | null {
  return active;
}
