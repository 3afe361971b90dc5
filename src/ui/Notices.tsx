/** Progress while warming up, backend fallbacks, errors: shown on screen, never only in the console. */
import { useApp } from '../state/store.ts';
import './Notices.css';

export function Notices() {
  const status = useApp((s) => s.status);
  const progress = useApp((s) => s.progress);
  const message = useApp((s) => s.backendMessage);
  const dismiss = useApp((s) => s.dismissBackendMessage);
  const error = useApp((s) => s.error);
  const shareMessage = useApp((s) => s.shareMessage);
  const dismissShare = useApp((s) => s.dismissShareMessage);
  const sceneNote = useApp((s) => s.sceneNote);
  const dismissSceneNote = useApp((s) => s.dismissSceneNote);
  const busy = status === 'booting' || status === 'warming' || status === 'switching';
  return (
    <div className="notices">
      {busy && progress && (
        <div className="notice progress" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          <span>{progress.step}…</span>
          <progress max={progress.total} value={progress.done} aria-label="Start-up progress" />
          <span className="muted">Compiling every loss once, so that the first stroke is as fast as the rest.</span>
        </div>
      )}
      {message && (
        <div className="notice fallback" role="status">
          <span>{message}</span>
          <button type="button" className="close" aria-label="Dismiss" onClick={dismiss}>
            ×
          </button>
        </div>
      )}
      {shareMessage && (
        // Plain text only: the message is built by the codec from sanitised excerpts, and React escapes it.
        <div className="notice fallback share-message" role="status" aria-label="Shared link">
          <span>{shareMessage}</span>
          <button type="button" className="close" aria-label="Dismiss the link message" onClick={dismissShare}>
            ×
          </button>
        </div>
      )}
      {sceneNote && (
        <div className="notice fallback scene-note" role="status" aria-label="Grid change">
          <span>{sceneNote}</span>
          <button type="button" className="close" aria-label="Dismiss the grid note" onClick={dismissSceneNote}>
            ×
          </button>
        </div>
      )}
      {error && (
        <div className="notice error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
