/** Dice, IoU, precision, recall and HD95 of the prediction thresholded at 0.5. */
import { formatValue } from './format.ts';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../state/store.ts';
import { countRender } from './renderCount.ts';
import './MetricsRow.css';

export function MetricsRow() {
  countRender('MetricsRow');
  // The numbers, not the evaluation's object: a parameter drag leaves them as they are.
  const m = useApp(
    useShallow((s) => {
      const r = s.results?.metrics;
      return r ? { dice: r.dice, iou: r.iou, precision: r.precision, recall: r.recall, hd95: r.hd95 } : null;
    }),
  );
  const items: { key: string; label: string; value: number | null | undefined; why: string; unit?: string }[] = [
    { key: 'dice', label: 'Dice', value: m?.dice, why: '' },
    { key: 'iou', label: 'IoU', value: m?.iou, why: '' },
    {
      key: 'precision',
      label: 'Precision',
      value: m?.precision,
      why: 'No pixel is predicted foreground (p > 0.5): TP / (TP + FP) is 0/0.',
    },
    { key: 'recall', label: 'Recall', value: m?.recall, why: 'The ground truth is empty: TP / (TP + FN) is 0/0.' },
    {
      key: 'hd95',
      label: 'HD95 (px)',
      value: m?.hd95,
      why: 'One of the two masks is empty: there is no contour to measure from.',
    },
  ];
  return (
    <dl className="metrics" aria-label="Metrics of the thresholded prediction">
      {items.map((it) => {
        const f = m ? formatValue(it.value ?? null, 4, it.why) : null;
        return (
          <div key={it.key} className="metric" data-metric={it.key}>
            <dt>{it.label}</dt>
            <dd className={f?.why ? 'undefined' : ''} title={f?.why}>
              {f ? f.text : '…'}
              {f && !f.why && it.unit && <span className="unit"> {it.unit}</span>}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
