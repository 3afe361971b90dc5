/** The selected loss: value, formula with the current numbers, parameters, convention, when to use. */
import { lossInfo } from '../core/registry.ts';
import { formatValue } from '../state/format.ts';
import { substituteFormula } from '../state/formula.ts';
import { useApp } from '../state/store.ts';
import { FAMILY_LABEL } from './families.ts';
import { Katex } from './Katex.tsx';
import { ParamControl } from './ParamControl.tsx';
import { useHidden } from './useHidden.ts';
import { isParamHidden } from '../state/share.ts';

export function LossDetail() {
  const selected = useApp((s) => s.selected);
  const results = useApp((s) => s.results);
  const resetLoss = useApp((s) => s.resetLoss);
  const info = lossInfo(selected);
  const hidden = useApp((s) => s.hidden);
  const hideParams = useHidden('params');
  const hideFormula = useHidden('formula');
  const value = results?.values[selected];
  // Formula, value and stats from one evaluation (results.params), not the sliders' newest position.
  const formula = results ? substituteFormula(info, results.params[selected], results.stats, value ?? null) : null;
  // A classroom link may hide single sliders (param:<loss>.<key>).
  const shown = info.params.filter((p) => !isParamHidden(hidden, selected, p.key));
  const basic = shown.filter((p) => !p.advanced);
  const advanced = shown.filter((p) => p.advanced);
  const current = useApp((s) => s.params[selected]);
  // Open the advanced section when something in it is not at its registry default (e.g. MONAI's smooth_nr).
  const advancedChanged = advanced.some((p) => current[p.key] !== p.default);
  const v = value === undefined ? null : formatValue(value, 5);
  return (
    <article className="detail" aria-labelledby="detail-title">
      <header className="detail-head">
        <div>
          <p className="eyebrow">{FAMILY_LABEL[info.family]} · {info.reduction === 'region' ? 'whole-image sums' : 'mean over pixels'}</p>
          <h2 id="detail-title">{info.name}</h2>
        </div>
        <p className="detail-value" title={v?.why}>
          <span className="sym">L =</span> <span className={v?.why ? 'undefined' : ''}>{v ? v.text : '…'}</span>
        </p>
      </header>
      {!hideFormula && <section className="formula" aria-label="Formula">
        <Katex tex={info.tex} display className="tex symbolic" />
        {formula && (
          <>
            <p className="sublabel">With this scene’s numbers</p>
            <Katex tex={formula.substituted} display className="tex substituted" />
            {formula.notes.length > 0 && <ul className="formula-notes">{formula.notes.map((n) => <li key={n}>{n}</li>)}</ul>}
          </>
        )}
      </section>}
      {(!hideParams || !hideFormula) && <div className="detail-body">
        {!hideParams && <section className="params" aria-label="Parameters">
          <div className="params-head">
            <h3>Parameters</h3>
            {shown.length === info.params.length && (
              <button type="button" className="link" onClick={() => resetLoss(selected)} title="Back to the values of the current convention">reset</button>
            )}
          </div>
          {basic.map((p) => <ParamControl key={`${selected}:${p.key}`} loss={selected} spec={p} />)}
          {basic.length === 0 && <p className="muted">{shown.length < info.params.length ? 'The other sliders are hidden by this classroom link.' : `No main parameters${advanced.length ? ' (only the advanced ones below)' : ''}.`}</p>}
          {advanced.length > 0 && (
            <details className="advanced" open={advancedChanged || undefined} key={`${selected}:${advancedChanged}`}>
              <summary>Advanced ({advanced.map((p) => p.key).join(', ')})</summary>
              {advanced.map((p) => <ParamControl key={`${selected}:${p.key}`} loss={selected} spec={p} />)}
            </details>
          )}
        </section>}
        {!hideFormula && <section className="about" aria-label="About this loss">
          <p className="convention"><strong>Convention.</strong> {info.convention}</p>
          <p className="when"><strong>When to use.</strong> {info.whenToUse}</p>
        </section>}
      </div>}
    </article>
  );
}
