/**
 * The batch table: one row per pair (every loss and metric), then a mean and a median row over the
 * pairs that were evaluated. Undefined metrics (null) are left out of the summary; non-finite values
 * are kept (a mean with an infinite value is infinite).
 */
import type { LossId } from '../core/types.ts';
import type { SceneReport } from '../io/report.ts';
import { METRIC_KEYS, csvField, csvNumber } from '../io/report.ts';

export interface BatchRow {
  name: string;
  target: string;
  pred: string;
  report: SceneReport;
}

/** The columns with numbers: loss ids, then metric_<name>. */
export function numberColumns(losses: readonly LossId[]): string[] {
  return [...losses, ...METRIC_KEYS.map((k) => `metric_${k}`)];
}

function rowNumbers(r: SceneReport): (number | null)[] {
  return [...r.losses.map((l) => l.value), ...METRIC_KEYS.map((k) => r.metrics[k])];
}

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  return n % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Per column: mean and median of the non-null values (null when there are none). */
export function summarise(
  rows: readonly BatchRow[],
  columns: number,
): { mean: (number | null)[]; median: (number | null)[] } {
  const mean: (number | null)[] = [];
  const med: (number | null)[] = [];
  for (let c = 0; c < columns; c++) {
    const xs = rows.map((r) => rowNumbers(r.report)[c]).filter((x): x is number => x !== null && x !== undefined);
    if (xs.length === 0) {
      mean.push(null);
      med.push(null);
      continue;
    }
    mean.push(xs.reduce((a, b) => a + b, 0) / xs.length);
    med.push(xs.some(Number.isNaN) ? NaN : median([...xs].sort((a, b) => a - b)));
  }
  return { mean, median: med };
}

/** kind,name,target,pred,height,width,<losses>,<metrics>; kind is pair, mean or median. */
export function batchCsv(rows: readonly BatchRow[], losses: readonly LossId[]): string {
  const columns = numberColumns(losses);
  const lines = [['kind', 'name', 'target', 'pred', 'height', 'width', ...columns]];
  for (const r of rows) {
    lines.push([
      'pair',
      r.name,
      r.target,
      r.pred,
      String(r.report.height),
      String(r.report.width),
      ...rowNumbers(r.report).map(csvNumber),
    ]);
  }
  if (rows.length) {
    const s = summarise(rows, columns.length);
    lines.push(['mean', '', '', '', '', '', ...s.mean.map(csvNumber)]);
    lines.push(['median', '', '', '', '', '', ...s.median.map(csvNumber)]);
  }
  return lines.map((l) => l.map(csvField).join(',')).join('\n') + '\n';
}
