/** All 15 losses grouped by family: live value, change since the last edit, gradient thumbnail. */
import { memo } from 'react';
import type { KeyboardEvent } from 'react';
import { LOSS_IDS } from '../core/registry.ts';
import type { LossId } from '../core/types.ts';
import { formatDelta, formatValue } from './format.ts';
import { appStore, useApp } from '../state/store.ts';
import { FAMILY_LABEL, lossesByFamily } from './families.ts';
import { MapCanvas } from './MapCanvas.tsx';
import { useHidden } from './useHidden.ts';
import { countRender } from './renderCount.ts';
import { pinDifference, useCompare } from '../state/compareStore.ts';
import './LossTable.css';

const GROUPS = lossesByFamily();
const DELTA_TITLE = 'Change since the last edit: a stroke, a parameter, a convention, undo or redo';

function whyUndefined(id: LossId): string {
  return `${id}: the value is not a finite number for this scene (a 0/0 or an overflow); the engine reports it instead of a made-up number.`;
}

/** The exact value for tests and tools (data-value): JavaScript's shortest round-trip form, '' when none. */
export function exactValue(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

const select = (id: LossId) => appStore.getState().select(id);

/** The table's thumbnail: drawn from the store, never re-rendered by its row. */
const LossThumb = memo(function LossThumb({ id }: { id: LossId }) {
  countRender(`LossThumb:${id}`);
  return <MapCanvas loss={id} which="thumb" aria-hidden="true" />;
});

/** One loss: renders when its own value, baseline or selection changes, nothing else. */
/** The difference to the pinned value (Compare), with the same arrows as Δ. */
function VsPin({ id, value }: { id: LossId; value: number | undefined }) {
  const diff = useCompare((c) => pinDifference(c.pin, id, value));
  const d = diff === null ? null : formatDelta(diff, value);
  const dir = d && d.text !== '0' && d.text !== '' ? (d.text.startsWith('+') ? 'up' : 'down') : 'none';
  return (
    <td className={`vs-pin ${dir}`} title={d?.why ?? 'This value minus the pinned one'}>
      {d?.text ?? ''}
    </td>
  );
}

const Row = memo(function Row({
  id,
  short,
  name,
  thumbs,
  pinned,
}: {
  id: LossId;
  short: string;
  name: string;
  thumbs: boolean;
  pinned: boolean;
}) {
  countRender(`LossRow:${id}`);
  const value = useApp((s) => s.results?.values[id]);
  const base = useApp((s) => s.baseline?.[id]);
  const selected = useApp((s) => s.selected === id);
  const v = value === undefined ? null : formatValue(value, 5, Number.isFinite(value) ? undefined : whyUndefined(id));
  const d = value !== undefined && base !== undefined ? formatDelta(value - base, value) : null;
  const dir = d && d.text !== '0' && d.text !== '' ? (d.text.startsWith('+') ? 'up' : 'down') : 'none';
  return (
    <tr data-loss-id={id} className={selected ? 'selected' : ''} onClick={() => select(id)}>
      <th scope="row">
        <button
          type="button"
          className="loss-name"
          onClick={(e) => {
            e.stopPropagation();
            select(id);
          }}
          aria-pressed={selected}
          title={name}
        >
          <span className="short">{short}</span>
          <span className="full">{name}</span>
        </button>
      </th>
      <td className={`value${v?.why ? ' undefined' : ''}`} title={v?.why} data-value={exactValue(value)}>
        {v ? v.text : '…'}
      </td>
      <td className={`delta ${dir}`} title={DELTA_TITLE}>
        <span className="delta-text">{d?.text ?? ''}</span>
      </td>
      {pinned && <VsPin id={id} value={value} />}
      {thumbs && (
        <td className="thumb">
          <LossThumb id={id} />
        </td>
      )}
    </tr>
  );
});

function ThumbHead() {
  const space = useApp((s) => s.results?.space);
  return (
    <th scope="col" className="thumb-head">
      {space === 'logit' ? '∂L/∂z' : '∂L/∂p'}
    </th>
  );
}

/** ↑ / ↓ on a loss name moves the selection (and the focus) to the previous / next loss. */
function onKeyDown(e: KeyboardEvent<HTMLTableElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const target = e.target as HTMLElement;
  if (!target.classList.contains('loss-name')) return;
  const from = target.closest('tr')?.getAttribute('data-loss-id');
  const i = LOSS_IDS.findIndex((id) => id === from);
  if (i < 0) return;
  const next = LOSS_IDS[Math.min(LOSS_IDS.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))]!;
  e.preventDefault();
  select(next);
  e.currentTarget.querySelector<HTMLButtonElement>(`[data-loss-id="${next}"] .loss-name`)?.focus();
}

export function LossTable() {
  countRender('LossTable');
  const thumbs = !useHidden('heatmap');
  const pinned = useCompare((c) => c.pin !== null);
  return (
    <table className="loss-table" onKeyDown={onKeyDown}>
      <caption className="sr-only">Loss values for the current scene</caption>
      <thead>
        <tr>
          <th scope="col">Loss</th>
          <th scope="col" className="num">
            Value
          </th>
          <th scope="col" className="num delta-head" title={DELTA_TITLE}>
            Δ
          </th>
          {pinned && (
            <th scope="col" className="num vs-pin-head" title="Each value minus the pinned one">
              vs pin
            </th>
          )}
          {thumbs && <ThumbHead />}
        </tr>
      </thead>
      {GROUPS.map((g) => (
        <tbody key={g.family}>
          <tr className="family">
            <th colSpan={3 + (thumbs ? 1 : 0) + (pinned ? 1 : 0)} scope="rowgroup">
              {FAMILY_LABEL[g.family]}
            </th>
          </tr>
          {g.losses.map((l) => (
            <Row key={l.id} id={l.id} short={l.short} name={l.name} thumbs={thumbs} pinned={pinned} />
          ))}
        </tbody>
      ))}
    </table>
  );
}
