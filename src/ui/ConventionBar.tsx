/** The conventions selector and the report of what applying one changed. */
import { CONVENTIONS, conventionInfo, isConventionId } from '../core/conventions.ts';
import { useApp } from '../state/store.ts';
import './ConventionBar.css';

export function ConventionBar() {
  const convention = useApp((s) => s.convention);
  const edited = useApp((s) => s.conventionEdited);
  const apply = useApp((s) => s.applyConvention);
  const info = conventionInfo(convention);
  return (
    <div className="convention-bar">
      <label className="convention-select">
        <span className="label">Conventions</span>
        <select
          value={convention}
          aria-label="Conventions"
          onChange={(e) => {
            if (isConventionId(e.target.value)) apply(e.target.value);
          }}
        >
          {CONVENTIONS.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {edited && (
        <span className="edited" title="A parameter was moved after the convention was applied">
          edited
        </span>
      )}
      <button
        type="button"
        className="link"
        onClick={() => apply(convention)}
        title={`Set every parameter back to ${info.name}`}
      >
        reset
      </button>
    </div>
  );
}

export function ConventionReport() {
  const report = useApp((s) => s.conventionReport);
  const dismiss = useApp((s) => s.dismissConventionReport);
  if (!report) return null;
  const info = conventionInfo(report.id);
  return (
    <section className="convention-report" role="status" aria-label="What the convention changed">
      <header>
        <strong>{info.name}</strong>
        <button type="button" className="close" aria-label="Close" onClick={dismiss}>
          ×
        </button>
      </header>
      <p className="source">{info.source}</p>
      {report.changes.length ? (
        <>
          <p className="count">
            {report.changes.length === 1 ? '1 parameter changed:' : `${report.changes.length} parameters changed:`}
          </p>
          <ul className="changes">
            {report.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="count">Nothing changed: every parameter already had these values.</p>
      )}
      {report.notes.length > 0 && (
        <details>
          <summary>
            Where {info.name} differs in ways sliders cannot show ({report.notes.length})
          </summary>
          <ul className="notes">
            {report.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
