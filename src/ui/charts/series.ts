/** Series colours, dashes and recharts rows. Pure, tested in node. */
import type { LossFamily } from '../../core/types.ts';

/**
 * Fifteen distinguishable hues of mid lightness (Tableau 10 and five of Tableau 20's lighter tones):
 * readable on the light and the dark theme alike.
 */
export const SERIES_COLORS: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#a0cbe8',
  '#ffbe7d',
  '#8cd17d',
  '#d37295',
  '#499894',
];

export function seriesColor(i: number): string {
  return SERIES_COLORS[((i % SERIES_COLORS.length) + SERIES_COLORS.length) % SERIES_COLORS.length] as string;
}

/** One dash pattern per loss family, so that fifteen lines stay apart without colour alone. */
export const FAMILY_DASH: Record<LossFamily, string | undefined> = {
  distribution: undefined,
  region: '7 4',
  boundary: '2 4',
  compound: '10 4 2 4',
};

export type Row = { x: number } & Record<string, number | null>;

/** recharts rows { x, key: value } from columns; non-finite values become null (a gap). */
export function toRows(xs: readonly number[], columns: Record<string, ArrayLike<number | null>>): Row[] {
  return xs.map((x, i) => {
    const row: Row = { x } as Row;
    for (const [key, col] of Object.entries(columns)) {
      const v = col[i];
      row[key] = typeof v === 'number' && Number.isFinite(v) ? v : null;
    }
    return row;
  });
}

/** A curve as [x, y] points (a non-finite y stays, and breaks the line where the chart breaks it). */
export function dataLine(xs: ArrayLike<number>, ys: ArrayLike<number>): [number, number][] {
  const n = Math.min(xs.length, ys.length);
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) out.push([xs[i]!, ys[i]!]);
  return out;
}
