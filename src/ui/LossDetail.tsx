/** The selected loss: value, formula with the current numbers, parameters, convention, when to use. */
import { useRef, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { lossInfo, paramMatters } from '../core/registry.ts';
import type { LossId, ParamSpec } from '../core/types.ts';
import { formatValue } from './format.ts';
import { substituteFormula } from './formula.ts';
import type { SubstitutedFormula } from './formula.ts';
import { isParamHidden } from '../state/share.ts';
import { appStore, useApp } from '../state/store.ts';
import type { AppState } from '../state/types.ts';
import { FAMILY_LABEL } from './families.ts';
import { Katex } from './Katex.tsx';
import { ParamControl } from './ParamControl.tsx';
import { useHidden } from './useHidden.ts';
import { useStoreDrawing } from './useStoreDrawing.ts';
import { countRender } from './renderCount.ts';
import './LossDetail.css';

function DetailValue({ id }: { id: LossId }) {
  countRender('DetailValue');
  const value = useApp((s) => s.results?.values[id]);
  const v = value === undefined ? null : formatValue(value, 5);
  return (
    <p className="detail-value" title={v?.why}>
      <span className="sym">L =</span> <span className={v?.why ? 'undefined' : ''}>{v ? v.text : '…'}</span>
    </p>
  );
}

/** Formula, value and stats from one evaluation (results.params), not the sliders' newest position. */
function formulaOf(s: AppState, id: LossId): SubstitutedFormula | null {
  const r = s.results;
  return r ? substituteFormula(lossInfo(id), r.params[id], r.stats, r.values[id] ?? null) : null;
}

const sameFormula = (a: SubstitutedFormula | null, b: SubstitutedFormula | null) =>
  a === b || (a !== null && b !== null && a.substituted === b.substituted && a.notes.join('\n') === b.notes.join('\n'));

const resultsChanged = (s: AppState, p: AppState) => s.results !== p.results;

/**
 * The formula with this scene's numbers: rebuilt at most once per animation frame, and typeset only
 * when its TeX changed (a stroke changes it on every evaluation).
 */
function Formula({ id }: { id: LossId }) {
  countRender('Formula');
  const [formula, setFormula] = useState(() => formulaOf(appStore.getState(), id));
  const shown = useRef(formula);
  useStoreDrawing(
    (s) => {
      const next = formulaOf(s, id);
      if (sameFormula(shown.current, next)) return;
      shown.current = next;
      setFormula(next);
    },
    resultsChanged,
    id,
  );
  if (!formula) return null;
  return (
    <>
      <p className="sublabel">With this scene’s numbers</p>
      <Katex tex={formula.substituted} display live className="tex substituted" />
      {formula.notes.length > 0 && (
        <ul className="formula-notes">
          {formula.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * The advanced parameters in a fold that opens when one of them leaves its registry default (e.g.
 * MONAI's smooth_nr) and otherwise stays as the reader left it. The fold and its controls keep their
 * elements whatever the values, so a drag that moves a value off its default goes on.
 */
function AdvancedParams({ loss, specs }: { loss: LossId; specs: ParamSpec[] }) {
  const changed = useApp((s) => specs.some((p) => s.params[loss][p.key] !== p.default));
  const [open, setOpen] = useState(changed);
  const [wasChanged, setWasChanged] = useState(changed);
  if (changed !== wasChanged) {
    setWasChanged(changed);
    if (changed) setOpen(true);
  }
  const onToggle = (e: SyntheticEvent<HTMLDetailsElement>) => setOpen(e.currentTarget.open);
  return (
    <details className="advanced" open={open} onToggle={onToggle}>
      <summary>Advanced ({specs.map((p) => p.key).join(', ')})</summary>
      {specs.map((p) => (
        <ParamControl key={p.key} loss={loss} spec={p} />
      ))}
    </details>
  );
}

export function LossDetail() {
  countRender('LossDetail');
  const selected = useApp((s) => s.selected);
  const resetLoss = useApp((s) => s.resetLoss);
  const info = lossInfo(selected);
  // A classroom link may hide single sliders (param:<loss>.<key>).
  const shownKeys = useApp(
    useShallow((s) => info.params.filter((p) => !isParamHidden(s.hidden, selected, p.key)).map((p) => p.key)),
  );
  const hideParams = useHidden('params');
  const hideFormula = useHidden('formula');
  // A parameter that changes nothing in this view (a no-log loss's logit clip in the ∂L/∂p view) is not offered.
  const space = useApp((s) => s.gradientSpace);
  const offered = info.params.filter((p) => paramMatters(p, space));
  const shown = offered.filter((p) => shownKeys.includes(p.key));
  const basic = shown.filter((p) => !p.advanced);
  const advanced = shown.filter((p) => p.advanced);
  return (
    <article className="detail" aria-labelledby="detail-title">
      <header className="detail-head">
        <div>
          <p className="eyebrow">
            {FAMILY_LABEL[info.family]} · {info.reduction === 'region' ? 'whole-image sums' : 'mean over pixels'}
          </p>
          <h2 id="detail-title">{info.name}</h2>
        </div>
        <DetailValue id={selected} />
      </header>
      {!hideFormula && (
        <section className="formula" aria-label="Formula">
          <Katex tex={info.tex} display className="tex symbolic" />
          <Formula key={selected} id={selected} />
        </section>
      )}
      {(!hideParams || !hideFormula) && (
        <div className="detail-body">
          {!hideParams && (
            <section className="params" aria-label="Parameters">
              <div className="params-head">
                <h3>Parameters</h3>
                {shown.length === offered.length && (
                  <button
                    type="button"
                    className="link"
                    onClick={() => resetLoss(selected)}
                    title="Back to the values of the current convention"
                  >
                    reset
                  </button>
                )}
              </div>
              {basic.map((p) => (
                <ParamControl key={`${selected}:${p.key}`} loss={selected} spec={p} />
              ))}
              {basic.length === 0 && (
                <p className="muted">
                  {shown.length < offered.length
                    ? 'The other sliders are hidden by this classroom link.'
                    : `No main parameters${advanced.length ? ' (only the advanced ones below)' : ''}.`}
                </p>
              )}
              {advanced.length > 0 && <AdvancedParams key={selected} loss={selected} specs={advanced} />}
            </section>
          )}
          {!hideFormula && (
            <section className="about" aria-label="About this loss">
              <p className="convention">
                <strong>Convention.</strong> {info.convention}
              </p>
              <p className="when">
                <strong>When to use.</strong> {info.whenToUse}
              </p>
            </section>
          )}
        </div>
      )}
    </article>
  );
}
