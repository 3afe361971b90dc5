/**
 * "Export …" buttons (layers as PNG and .npy, the selected loss's gradient map, values as CSV/JSON, an
 * eval-CLI case file, a Python/MONAI snippet) and the scene file: "Export scene file" holds what a link
 * holds, "Open scene file" opens one. When the scene's link is too long to send, the page says so here.
 */
import { useEffect, useState } from 'react';
import type { ChangeEvent } from 'react';
import { LONG_LINK_LENGTH, linkFromSceneFile, sceneFileText } from '../../share/sceneFile.ts';
import { linkFragment, openLink } from '../../state/share.ts';
import { appStore, useApp } from '../../state/store.ts';
import { activeUrlSync } from '../../state/urlSync.ts';
import { dataStore } from '../../state/dataStore.ts';
import { lossInfo } from '../../core/registry.ts';
import { download } from './download.ts';
import { exportFile } from './exports.ts';
import type { ExportKind } from './exports.ts';

const BUTTONS: { kind: ExportKind; label: string; title: string }[] = [
  { kind: 'target-png', label: 'Export ground truth PNG', title: '8-bit gray PNG, 0 / 255 (exact for painted masks)' },
  {
    kind: 'pred-png',
    label: 'Export prediction PNG',
    title: '8-bit gray PNG, level = 255 · p (exact: the page keeps p on these levels)',
  },
  { kind: 'target-npy', label: 'Export ground truth .npy', title: 'float32 (H, W) array' },
  { kind: 'pred-npy', label: 'Export prediction .npy', title: 'float32 (H, W) array' },
  {
    kind: 'gradient-npy',
    label: 'Export gradient .npy',
    title: 'The selected loss’s gradient map as shown (∂L/∂p or ∂L/∂z), float32 (H, W)',
  },
  { kind: 'csv', label: 'Export CSV', title: 'Every loss value with its parameters, and the metrics' },
  { kind: 'json', label: 'Export JSON', title: 'Every loss value with its parameters, and the metrics' },
  {
    kind: 'case',
    label: 'Export eval case',
    title: 'A case file for npm run eval: it reproduces every value (and the gradient maps)',
  },
  {
    kind: 'python',
    label: 'Export Python',
    title: 'PyTorch + MONAI code that loads the exported .npy files and prints each value beside the page’s',
  },
];

function currentFragment(): string {
  return activeUrlSync()?.flush() ?? linkFragment(appStore.getState());
}

/**
 * The length of the scene's link, 400 ms after the last change of the masks. It asks the URL writer to
 * write now (flush: the one encoding it would do anyway, a little early), so the length is never an old one.
 */
function useLinkLength(): number | null {
  const [length, setLength] = useState<number | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const measure = (write: boolean) => {
      timer = null;
      const s = appStore.getState();
      if (s.stroking) return;
      try {
        const sync = activeUrlSync();
        // At start the link already in the address bar (if any) is current; nothing is written.
        const fragment = write ? (sync?.flush() ?? linkFragment(s)) : sync?.current();
        setLength(fragment ? fragment.length : null);
      } catch {
        setLength(null);
      }
    };
    measure(false);
    const unsubscribe = appStore.subscribe((s, p) => {
      if (s.scene === p.scene && s.sceneRev === p.sceneRev && s.stroking === p.stroking) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => measure(true), 400);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return length;
}

async function openSceneFile(e: ChangeEvent<HTMLInputElement>) {
  const input = e.currentTarget;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  const parsed = linkFromSceneFile(await file.text(), file.name);
  if (!parsed.ok) {
    dataStore.setState({ message: { kind: 'error', text: parsed.message }, pending: null });
    return;
  }
  const opened = openLink(appStore, parsed.link, 'edit');
  dataStore.setState({
    pending: null,
    message: opened.applied
      ? { kind: 'note', text: `${file.name}: scene opened.${opened.message ? ` ${opened.message}` : ''}` }
      : { kind: 'error', text: `${file.name}: ${opened.message ?? 'the scene in it could not be read'}` },
  });
}

export function ExportPanel() {
  const ready = useApp((s) => s.results !== null);
  const selected = useApp((s) => lossInfo(s.selected).short);
  const length = useLinkLength();
  const tooLong = length !== null && length > LONG_LINK_LENGTH;
  const run = (kind: ExportKind) => {
    const s = appStore.getState();
    if (!s.results) return;
    const f = exportFile(kind, s, s.results);
    download(f.data, f.name, f.type);
  };
  return (
    <div className="export-panel">
      <div className="ops-row export-buttons" role="group" aria-label="Export">
        {BUTTONS.map((b) => (
          <button
            key={b.kind}
            type="button"
            disabled={!ready}
            onClick={() => run(b.kind)}
            title={b.kind === 'gradient-npy' ? `${b.title} (now: ${selected})` : b.title}
          >
            {b.label}
          </button>
        ))}
        <button
          type="button"
          onClick={() => download(sceneFileText(currentFragment()), 'scene.lossexplorer.json', 'application/json')}
          title="Everything a link holds (masks, parameters, selected loss, view), as a file"
        >
          Export scene file
        </button>
        <label className="file-button">
          <span>Open scene file…</span>
          <input
            type="file"
            accept=".json,application/json"
            aria-label="Open scene file"
            onChange={(e) => void openSceneFile(e)}
          />
        </label>
      </div>
      {tooLong && (
        <p className="link-too-long" role="status">
          This scene is too large for a link ({length.toLocaleString('en')} characters; browsers and apps cut links far
          shorter). Use “Export scene file” to hand it on, and “Open scene file” to open it again.
        </p>
      )}
    </div>
  );
}
