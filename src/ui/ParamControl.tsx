/** One registry parameter: a range slider (keyboard-operable), a number field, and an auto / off switch. */
import { recordInput } from '../platform/latency.ts';
import { useState } from 'react';
import type { LossId, NumberParamSpec, ParamSpec, ParamValue } from '../core/types.ts';
import { nullLabel, overridersOf } from '../core/registry.ts';
import { formatParam } from './format.ts';
import { readTypedParam } from '../state/paramInput.ts';
import './ParamControl.css';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../state/store.ts';
import { Katex } from './Katex.tsx';
import { restingValue, sliderModel } from './sliderScale.ts';
import { countRender } from './renderCount.ts';

interface Props {
  loss: LossId;
  spec: ParamSpec;
}

function NumberControl({ loss, spec, value }: { loss: LossId; spec: NumberParamSpec; value: number | null }) {
  const setParam = useApp((s) => s.setParam);
  const model = sliderModel(spec);
  const shown = value ?? restingValue(spec);
  const [draft, setDraft] = useState<string | null>(null);
  // What became of the last typed value when it was not taken as typed (clamped, or not a number).
  const [note, setNote] = useState<string | null>(null);
  const commit = (text: string) => {
    setDraft(null);
    const typed = readTypedParam(spec, text);
    setNote(typed.kind === 'empty' ? null : typed.note);
    if (typed.kind === 'value') setParam(loss, spec.key, typed.value);
  };
  const id = `p-${loss}-${spec.key}`;
  const noteId = `${id}-note`;
  return (
    <>
      <input
        id={id}
        type="range"
        className="param-range"
        min={model.min}
        max={model.max}
        step={model.step}
        value={model.toPosition(shown)}
        aria-label={`${spec.key} (${spec.label})`}
        aria-valuetext={value === null ? spec.nullMeaning : formatParam(shown)}
        data-null={value === null ? 'true' : undefined}
        onChange={(e) => {
          setNote(null);
          setParam(loss, spec.key, model.fromPosition(Number(e.target.value)));
          recordInput('param', e.timeStamp);
        }}
      />
      <input
        type="text"
        inputMode="decimal"
        className="param-number"
        aria-label={`${spec.key} value`}
        aria-describedby={note ? noteId : undefined}
        aria-invalid={note ? true : undefined}
        value={draft ?? (value === null ? '' : formatParam(value))}
        placeholder={value === null ? nullLabel(spec) : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit((e.target as HTMLInputElement).value);
          if (e.key === 'Escape') setDraft(null);
        }}
      />
      {spec.nullMeaning && (
        <label className="param-null" title={spec.nullMeaning}>
          <input
            type="checkbox"
            checked={value === null}
            aria-label={`${spec.key}: ${spec.nullMeaning}`}
            onChange={(e) => setParam(loss, spec.key, e.target.checked ? null : shown)}
          />
          <span>{nullLabel(spec)}</span>
        </label>
      )}
      {note && (
        <p id={noteId} className="param-note" role="status">
          {note}
        </p>
      )}
    </>
  );
}

export function ParamControl({ loss, spec }: Props) {
  countRender(`ParamControl:${loss}.${spec.key}`);
  const value = useApp((s) => s.params[loss][spec.key] ?? null) as ParamValue;
  const setParam = useApp((s) => s.setParam);
  // Only this control's own value and the overriding values it names: its siblings' drags leave it alone.
  const overriding = useApp(
    useShallow((s) =>
      overridersOf(loss, spec.key).flatMap((p) => {
        const v = s.params[loss][p.key];
        return v === null || v === undefined ? [] : [`${p.key} = ${formatParam(v as number)}`];
      }),
    ),
  );
  return (
    <div className={`param ${spec.kind}`} title={spec.doc}>
      <div className="param-head">
        <Katex tex={spec.symbol} className="param-symbol" />
        <span className="param-label">{spec.label}</span>
        <code className="param-key">{spec.key}</code>
      </div>
      <div className="param-inputs">
        {spec.kind === 'boolean' ? (
          <label className="param-bool">
            <input
              type="checkbox"
              checked={value === true}
              aria-label={`${spec.key} (${spec.label})`}
              onChange={(e) => setParam(loss, spec.key, e.target.checked)}
            />
            <span>{value ? 'on' : 'off'}</span>
          </label>
        ) : (
          <NumberControl loss={loss} spec={spec} value={typeof value === 'number' ? value : null} />
        )}
      </div>
      {overriding.length > 0 && <p className="param-override">Overridden by {overriding.join(' and ')} (advanced).</p>}
      <p className="param-doc">{spec.doc}</p>
    </div>
  );
}
