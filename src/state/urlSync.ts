/**
 * The store is the only writer of the URL: after a change of anything a link carries (the masks once a
 * stroke has ended, parameters, the selected loss, the view, classroom flags) it writes
 * `'#' + encodeScene(…)` with history.replaceState once changes have paused for `delay` ms (a slider drag is
 * written when the hand stops; a drag that never stops, every `maxWait` ms), and never during a stroke. The query (e.g. ?backend=) is kept. A fragment typed or pasted into the
 * address bar of the open page (hashchange) is opened as an undoable edit.
 */
import type { AppStore } from './store.ts';
import type { AppState } from './types.ts';
import { linkFragment, openLink } from './share.ts';

export interface UrlSyncOptions {
  /** Writes the fragment (without '#'); default history.replaceState. */
  write?: (fragment: string) => void;
  /** The pause after the last change before the write (ms). */
  delay?: number;
  /** The longest a change waits while changes keep coming (a drag that never pauses), ms: encoding the scene
   * and replaceState of a several-kilobyte URL cost the main thread 10–20 ms at 256², a frame a drag needs. */
  maxWait?: number;
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
  const maxWait = options.maxWait ?? 3000;
  const now = options.now ?? (() => performance.now());
  /** The first change not written yet, and the last one. */
  let firstChange = 0;
  let lastChange = 0;
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
      write(fragment);
    }
    return fragment;
  };

  const due = () => {
    timer = null;
    if (store.getState().stroking) return; // the stroke's end schedules the write
    const t = now();
    const quietAt = lastChange + delay;
    if (t < quietAt && t < firstChange + maxWait) {
      timer = setTimer(due, Math.min(quietAt, firstChange + maxWait) - t);
      return;
    }
    flush();
  };
  const schedule = () => {
    lastChange = now();
    if (timer !== null) return; // a write is already due: it looks at lastChange when it comes
    firstChange = lastChange;
    timer = setTimer(due, delay);
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
