/**
 * E of shape_aware (docs/losses.md §12), the mean distance from the predicted contour to the true one, as
 * row sums: a row's contour pixels depend on the mask rows beside it, and the mask changes only where the
 * prediction did, so a dab re-sums its rows and one row either side (distance.ts meanContourDistance is
 * the whole-grid definition).
 */
import type { EvalContext } from '../context.ts';
import { contour } from '../distance.ts';

export function meanContourDistanceByRows(ctx: EvalContext, threshold: number): number {
  return ctx.hostMemo(`E@${threshold}`, () => {
    const t = ctx.target;
    const { h, w } = t;
    const trueContourPixels = t.hostCached('contour-count', () => contour(t.mask, h, w).reduce((a, v) => a + v, 0));
    if (trueContourPixels === 0) return 0;
    const toTrueContour = t.contourDistanceSq();
    const mask = ctx.side(threshold).mask;
    const totals = ctx.pixels.rowSums(
      `contour E@${threshold}`,
      2,
      (rows, y0, y1) => {
        for (let y = y0; y < y1; y++) {
          let count = 0;
          let sum = 0;
          const edgeRow = y === 0 || y === h - 1;
          for (let x = 0; x < w; x++) {
            const i = y * w + x;
            if (mask[i] === 0) continue;
            // A contour pixel: foreground with a 4-neighbour in the background, outside the image counting as background.
            if (
              edgeRow ||
              x === 0 ||
              x === w - 1 ||
              mask[i - w] === 0 ||
              mask[i + w] === 0 ||
              mask[i - 1] === 0 ||
              mask[i + 1] === 0
            ) {
              count++;
              sum += Math.sqrt(toTrueContour[i] as number);
            }
          }
          rows[2 * y] = count;
          rows[2 * y + 1] = sum;
        }
      },
      1,
    );
    const count = totals[0] as number;
    return count === 0 ? 0 : (totals[1] as number) / count;
  });
}
