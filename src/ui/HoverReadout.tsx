/** The pixel under the pointer: g, p, its class, the selected loss's gradient and contribution. */
import { lossInfo } from '../core/registry.ts';
import { formatValue } from '../state/format.ts';
import { useApp } from '../state/store.ts';
import { overlayClass } from './colormap.ts';
import { gradientSymbol } from './GradientView.tsx';

const CLASS_TEXT = { tp: 'true positive', fp: 'false positive', fn: 'false negative', tn: 'true negative' } as const;

/** A probability as it was painted: 0 and 1 exactly, otherwise 4 decimals (or scientific near 0 / 1). */
function probability(v: number): string {
  if (v === 0 || v === 1) return String(v);
  if (v < 1e-3 || 1 - v < 1e-3) return formatValue(v, 4).text;
  return v.toFixed(4);
}

export function HoverReadout() {
  const hover = useApp((s) => s.hover);
  const results = useApp((s) => s.results);
  const selected = useApp((s) => s.selected);
  const info = lossInfo(selected);
  if (!hover || !results || hover.x >= results.size || hover.y >= results.size) {
    return (
      <div className="readout empty" aria-live="off">
        Hover any picture to read one pixel: its g, p, gradient and share of the loss.
      </div>
    );
  }
  const i = hover.y * results.size + hover.x;
  const g = results.target[i] ?? 0;
  const p = results.pred[i] ?? 0;
  const grad = results.gradients[selected]?.[i];
  const contribution = results.contributions[selected]?.[i];
  // A gradient or share that is not finite reads "undefined", with the reason in its title (never NaN).
  const gradText = grad === undefined ? null : formatValue(grad, 4);
  const shareText = contribution === undefined ? null : formatValue(contribution, 4);
  const symbol = gradientSymbol(results.space);
  const cls = overlayClass(g, p);
  return (
    <dl className="readout" aria-live="off">
      <div><dt>pixel</dt><dd>({hover.x}, {hover.y})</dd></div>
      <div><dt>g</dt><dd>{probability(g)}</dd></div>
      <div><dt>p</dt><dd>{probability(p)}</dd></div>
      <div><dt>class</dt><dd className={`cls ${cls}`}>{CLASS_TEXT[cls]}</dd></div>
      <div className="wide"><dt>{symbol} · {info.short}</dt><dd title={gradText?.why}>{gradText ? gradText.text : '–'}</dd></div>
      <div className="wide" title={info.reduction === 'region' ? 'A region loss is a function of whole-image sums: single pixels have no separate share.' : 'This pixel’s term in the mean'}>
        <dt>share of L</dt>
        <dd title={shareText?.why}>{shareText ? shareText.text : info.reduction === 'region' ? 'n/a (region loss)' : '–'}</dd>
      </div>
    </dl>
  );
}
