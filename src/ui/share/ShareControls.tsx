/** "Copy link" (the whole scene in the URL) and "Share for class" (the same, with controls hidden). */
import { useEffect, useRef, useState } from 'react';
import { copiedMessage, linkFragment, linkUrl } from '../../state/share.ts';
import { appStore } from '../../state/store.ts';
import { activeUrlSync } from '../../state/urlSync.ts';
import { copyText } from './clipboard.ts';
import { ShareDialog } from './ShareDialog.tsx';
import './ShareControls.css';

/** The link to the current scene, written to the address bar first (the store's one path to the URL). */
export function currentLink(): string {
  const fragment = activeUrlSync()?.flush() ?? linkFragment(appStore.getState());
  return linkUrl(location.href, fragment);
}

type Status = { kind: 'copied' | 'manual'; text: string; url: string } | null;

export function ShareControls() {
  const [status, setStatus] = useState<Status>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const manualRef = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  useEffect(() => {
    if (status?.kind === 'manual') manualRef.current?.select();
  }, [status]);

  const copy = async () => {
    if (timer.current) clearTimeout(timer.current);
    let url: string;
    try {
      url = currentLink();
    } catch {
      setStatus({ kind: 'manual', text: 'This scene could not be turned into a link.', url: '' });
      return;
    }
    const result = await copyText(url);
    if (result === 'copied') {
      setStatus({ kind: 'copied', text: copiedMessage(url.length), url });
      timer.current = setTimeout(() => setStatus(null), url.length > 2000 ? 9000 : 3500);
    } else {
      setStatus({
        kind: 'manual',
        text: 'The browser did not allow copying. Select the link and press Ctrl+C (⌘C on a Mac):',
        url,
      });
    }
  };

  return (
    <div className="share">
      <button
        type="button"
        className="share-copy"
        onClick={() => void copy()}
        title="Copy a link to this exact scene: masks, parameters, selected loss and view"
      >
        Copy link
      </button>
      <button
        type="button"
        className="share-class"
        onClick={() => setDialogOpen(true)}
        aria-haspopup="dialog"
        title="Build a link for a class, with chosen controls hidden"
      >
        Share for class…
      </button>
      <div className="share-status" role="status" aria-live="polite">
        {status && (
          <div className={`share-toast ${status.kind}`}>
            <span>
              {status.kind === 'copied' ? '✓ ' : ''}
              {status.text}
            </span>
            {status.kind === 'manual' && status.url && (
              <input
                ref={manualRef}
                type="text"
                readOnly
                value={status.url}
                aria-label="Link to copy"
                onFocus={(e) => e.currentTarget.select()}
              />
            )}
            <button type="button" className="close" aria-label="Dismiss" onClick={() => setStatus(null)}>
              ×
            </button>
          </div>
        )}
      </div>
      {dialogOpen && <ShareDialog onClose={() => setDialogOpen(false)} />}
    </div>
  );
}
