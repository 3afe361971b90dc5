/**
 * All 15 values in a strip fixed to the bottom of a narrow screen (a tablet in portrait), shown while the
 * loss table is off screen, so the values stay in view while painting. Tapping a value selects that loss.
 */
import { useEffect, useState } from 'react';
import { LOSSES } from '../../core/registry.ts';
import { formatValue } from '../format.ts';
import { appStore, useApp } from '../../state/store.ts';
import { useHidden } from '../useHidden.ts';
import './valuesStrip.css';

/** True while no loss table is on screen. */
function useTableOffScreen(): boolean {
  const [off, setOff] = useState(false);
  useEffect(() => {
    if (typeof IntersectionObserver === 'undefined') return;
    let observed: Element | null = null;
    const io = new IntersectionObserver((entries) => setOff(!entries.some((e) => e.isIntersecting)));
    // The table mounts and unmounts with classroom flags and layouts: look for it again when the page changes.
    const attach = () => {
      const table = document.querySelector('.loss-table');
      if (table === observed) return;
      if (observed) io.unobserve(observed);
      observed = table;
      if (table) io.observe(table);
      else setOff(true);
    };
    attach();
    const mo = new MutationObserver(attach);
    mo.observe(document.body, { childList: true, subtree: true });
    return () => {
      io.disconnect();
      mo.disconnect();
    };
  }, []);
  return off;
}

export function ValuesStrip() {
  const hidden = useHidden('table');
  const off = useTableOffScreen();
  const values = useApp((s) => s.results?.values);
  const selected = useApp((s) => s.selected);
  if (hidden) return null;
  return (
    <aside className="values-strip" data-shown={off && values ? 'true' : 'false'} aria-label="Loss values">
      {LOSSES.map((l) => {
        const v = values?.[l.id];
        return (
          <button
            key={l.id}
            type="button"
            className={`strip-cell${l.id === selected ? ' on' : ''}`}
            data-strip-loss={l.id}
            aria-pressed={l.id === selected}
            title={l.name}
            onClick={() => appStore.getState().select(l.id)}
          >
            <span className="strip-name">{l.short}</span>
            <span className="strip-value">{v === undefined ? '…' : formatValue(v, 4).text}</span>
          </button>
        );
      })}
    </aside>
  );
}
