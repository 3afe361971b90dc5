/** The pixel under the pointer: g, p, its class, the selected loss's gradient and contribution. */
import { lossInfo } from '../core/registry.ts';
import { formatValue } from './format.ts';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../state/store.ts';
import type { AppState } from '../state/types.ts';
import { overlayClass } from './colormap.ts';
import { gradientSymbol } from './GradientView.tsx';
import { countRender } from './renderCount.ts';
import './HoverReadout.css';

const CLASS_TEXT = { tp: 'true positive', fp: 'false positive', fn: 'false negative', tn: 'true negative' } as const;

/** A probability as it was painted: 0 and 1 exactly, otherwise 4 decimals (or scientific near 0 / 1). */
function probability(v: number): string {
  if (v === 0 || v === 1) return String(v);
  if (v < 1e-3 || 1 - v < 1e-3) return formatValue(v, 4).text;
  return v.toFixed(4);
}

/** What the readout shows, as plain values: it renders when one of them changes, not on every evaluation. */
function readout(s: AppState) {
  const { hover, results, selected } = s;
  if (!hover || !results || hover.x >= results.width || hover.y >= results.height) return null;
  const i = hover.y * results.width + hover.x;
  return {
    x: hover.x,
    y: hover.y,
    selected,
    space: results.space,
    g: results.target[i] ?? 0,
    p: results.pred[i] ?? 0,
    grad: results.gradients[selected]?.[i],
    contribution: results.contributions[selected]?.[i],
  };
}

export function HoverReadout() {
  countRender('HoverReadout');
  const r = useApp(useShallow(readout));
  if (!r) {
    return (
      <div className="readout empty" aria-live="off">
        Hover any picture to read one pixel: its g, p, gradient and share of the loss.
      </div>
    );
  }
  const { g, p, grad, contribution } = r;
  const info = lossInfo(r.selected);
  // A gradient or share that is not finite reads "undefined", with the reason in its title (never NaN).
  const gradText = grad === undefined ? null : formatValue(grad, 4);
  const shareText = contribution === undefined ? null : formatValue(contribution, 4);
  const symbol = gradientSymbol(r.space);
  const cls = overlayClass(g, p);
  return (
    <dl className="readout" aria-live="off">
      <div>
        <dt>pixel</dt>
        <dd>
          ({r.x}, {r.y})
        </dd>
      </div>
      <div>
        <dt>g</dt>
        <dd>{probability(g)}</dd>
      </div>
      <div>
        <dt>p</dt>
        <dd>{probability(p)}</dd>
      </div>
      <div>
        <dt>class</dt>
        <dd className={`cls ${cls}`}>{CLASS_TEXT[cls]}</dd>
      </div>
      <div className="wide">
        <dt>
          {symbol} · {info.short}
        </dt>
        <dd title={gradText?.why}>{gradText ? gradText.text : '–'}</dd>
      </div>
      <div
        className="wide"
        title={
          info.reduction === 'region'
            ? 'A region loss is a function of whole-image sums: single pixels have no separate share.'
            : 'This pixel’s term in the mean'
        }
      >
        <dt>share of L</dt>
        <dd title={shareText?.why}>
          {shareText ? shareText.text : info.reduction === 'region' ? 'n/a (region loss)' : '–'}
        </dd>
      </div>
    </dl>
  );
}
