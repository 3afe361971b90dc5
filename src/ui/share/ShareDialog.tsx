/**
 * "Share for class": a modal dialog (native <dialog>, focus kept inside, Escape closes) with one checkbox
 * per classroom flag; builds the link with those flags and copies it. The teacher's own page keeps all
 * its controls: the flags travel in the link only.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { LOSSES, lossInfo } from '../../core/registry.ts';
import type { LossId } from '../../core/types.ts';
import { HIDE_FLAGS, PARAM_HIDE_FLAGS, normalizeHide } from '../../share/hide.ts';
import type { ParamHideFlagInfo } from '../../share/hide.ts';
import { copiedMessage, linkFragment, linkUrl } from '../../state/share.ts';
import { appStore, useApp } from '../../state/store.ts';
import { copyText } from './clipboard.ts';
import { LessonFields, lessonFor } from './LessonFields.tsx';
import type { LessonDraft } from './LessonFields.tsx';
import './ShareDialog.css';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), a[href], summary, select:not([disabled]), [tabindex]:not([tabindex="-1"])';

function paramFlagsOf(loss: LossId): ParamHideFlagInfo[] {
  return PARAM_HIDE_FLAGS.filter((f) => f.loss === loss);
}

function FlagBox({
  id,
  label,
  hint,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange(on: boolean): void;
}) {
  const hintId = useId();
  const labelId = useId();
  return (
    <label className="flag">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-labelledby={labelId}
        aria-describedby={hint ? hintId : undefined}
        data-flag={id}
      />
      <span className="flag-text">
        <span className="flag-label" id={labelId}>
          {label}
        </span>
        {hint && (
          <span className="flag-hint" id={hintId}>
            {hint}
          </span>
        )}
      </span>
    </label>
  );
}

export function ShareDialog({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const selected = useApp((s) => s.selected);
  const current = useApp((s) => s.hidden);
  const [flags, setFlags] = useState<string[]>(() => [...current]);
  const [status, setStatus] = useState<string | null>(null);
  const [draft, setDraft] = useState<LessonDraft>(() => ({
    question: '',
    answer: '',
    locked: appStore.getState().lesson?.lesson.locked ?? false,
  }));

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('input[type="checkbox"]')?.focus();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus?.();
    };
  }, []);

  const link = useMemo(() => {
    try {
      const s = appStore.getState();
      return linkUrl(location.href, linkFragment({ ...s, lesson: lessonFor(draft, s.lesson) }, normalizeHide(flags)));
    } catch {
      return '';
    }
    // The scene does not change while the modal dialog is open; the flags and the lesson do.
  }, [flags, draft]);

  const toggle = (id: string, on: boolean) => {
    setStatus(null);
    setFlags((f) => (on ? [...new Set([...f, id])] : f.filter((x) => x !== id)));
  };

  const copy = async () => {
    if (!link) return;
    const result = await copyText(link);
    setStatus(
      result === 'copied'
        ? copiedMessage(link.length, 'Class link')
        : 'The browser did not allow copying: select the link above and press Ctrl+C (⌘C on a Mac).',
    );
  };

  // Tab and Shift+Tab stay inside the dialog.
  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab') return;
    const items = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => el.offsetParent !== null || el === document.activeElement,
    );
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const selectedFlags = paramFlagsOf(selected);
  const others = LOSSES.filter((l) => l.id !== selected);
  const otherCount = others.reduce((n, l) => n + paramFlagsOf(l.id).filter((f) => flags.includes(f.id)).length, 0);
  const count = normalizeHide(flags).length;

  return (
    <dialog
      ref={ref}
      className="share-dialog"
      aria-labelledby={titleId}
      aria-describedby={descId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={onKeyDown}
    >
      <header className="dialog-head">
        <h2 id={titleId}>Share for class</h2>
        <button type="button" className="close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <p id={descId} className="dialog-intro">
        Students who open this link see exactly this scene — the same masks, parameters and selected loss. Tick the
        controls to hide from them; everything still on screen keeps working. Your own page keeps every control.
      </p>
      <fieldset className="flags">
        <legend>Hide these controls</legend>
        <div className="flag-grid">
          {HIDE_FLAGS.map((f) => (
            <FlagBox
              key={f.id}
              id={f.id}
              label={f.label}
              hint={f.hides}
              checked={flags.includes(f.id)}
              onChange={(on) => toggle(f.id, on)}
            />
          ))}
        </div>
      </fieldset>
      {selectedFlags.length > 0 && (
        <fieldset className="flags">
          <legend>Hide single sliders of {lossInfo(selected).name}</legend>
          <div className="flag-grid compact">
            {selectedFlags.map((f) => (
              <FlagBox
                key={f.id}
                id={f.id}
                label={`${f.key} (${f.label.split(': ')[1] ?? f.label})`}
                checked={flags.includes(f.id)}
                onChange={(on) => toggle(f.id, on)}
              />
            ))}
          </div>
        </fieldset>
      )}
      <LessonFields
        draft={draft}
        onChange={(d) => {
          setStatus(null);
          setDraft(d);
        }}
      />
      <details className="flags-more">
        <summary>Sliders of the other losses{otherCount > 0 ? ` (${otherCount} hidden)` : ''}</summary>
        {others.map((l) => (
          <fieldset key={l.id} className="flags">
            <legend>{l.name}</legend>
            <div className="flag-grid compact">
              {paramFlagsOf(l.id).map((f) => (
                <FlagBox
                  key={f.id}
                  id={f.id}
                  label={`${f.key} (${f.label.split(': ')[1] ?? f.label})`}
                  checked={flags.includes(f.id)}
                  onChange={(on) => toggle(f.id, on)}
                />
              ))}
            </div>
          </fieldset>
        ))}
      </details>
      <div className="dialog-bottom">
        <div className="dialog-link">
          <label>
            <span>
              Class link ({count === 0 ? 'nothing hidden' : `${count} hidden`}, {link.length.toLocaleString('en')}{' '}
              characters)
            </span>
            <input type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
          </label>
        </div>
        <footer className="dialog-foot">
          <span className="dialog-status" role="status" aria-live="polite">
            {status}
          </span>
          {link && (
            <a href={link} target="_blank" rel="noopener noreferrer">
              Preview as a student
            </a>
          )}
          <button type="button" onClick={onClose}>
            Done
          </button>
          <button type="button" className="primary" onClick={() => void copy()} disabled={!link}>
            Copy class link
          </button>
        </footer>
      </div>
    </dialog>
  );
}
