/**
 * The eval CLI's output records. JSON has no NaN or Infinity: a value or gradient entry that is not
 * finite is written as null and the record gets a "note" that says so (docs/cli.md).
 */
import type { LossId } from '../core/types.ts';

export type GradOut = (number | null)[] | (number | null)[][];

export interface CaseResult {
  id: string;
  loss: LossId;
  value: number | null;
  grad?: GradOut;
  note?: string;
}

function nonFinite(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/**
 * One result record. `grad` is row-major H × W (float32 from the engine); it is written 1-D when the
 * case's pred was 1-D, rows otherwise.
 */
export function formatResult(
  id: string,
  loss: LossId,
  value: number,
  grad: ArrayLike<number> | null,
  shape: { h: number; w: number; oneD: boolean },
): CaseResult {
  const out: CaseResult = { id, loss, value: Number.isFinite(value) ? value : null };
  const notes: string[] = [];
  if (!Number.isFinite(value))
    notes.push(`value is ${nonFinite(value)}, written as null (JSON has no non-finite numbers)`);
  if (grad) {
    if (grad.length !== shape.h * shape.w)
      throw new Error(`internal: gradient has ${grad.length} values for ${shape.h} × ${shape.w}`);
    let bad = 0;
    const flat: (number | null)[] = Array.from({ length: grad.length }, (_, i) => {
      const g = grad[i] as number;
      if (Number.isFinite(g)) return g;
      bad++;
      return null;
    });
    if (bad) notes.push(`${bad} gradient entr${bad === 1 ? 'y is' : 'ies are'} not finite, written as null`);
    out.grad = shape.oneD
      ? flat
      : Array.from({ length: shape.h }, (_, r) => flat.slice(r * shape.w, (r + 1) * shape.w));
  }
  if (notes.length) out.note = notes.join('; ');
  return out;
}

/** The whole stdout document: one line of JSON and a newline. */
export function renderResults(results: readonly CaseResult[]): string {
  return `${JSON.stringify({ results })}\n`;
}
