/**
 * Numbers a person types or drags into a parameter: fitted into the registry's range (and onto its
 * choices), and a plain sentence saying what was done, so a typed 1e9 never silently becomes 5.
 */
import type { NumberParamSpec } from '../core/types.ts';
import { formatParam } from '../ui/format.ts';

/** The value the store keeps for v: clamped into [min, max], then the nearest choice when there are choices. */
export function fitToSpec(spec: NumberParamSpec, v: number): number {
  let out = Math.min(spec.max, Math.max(spec.min, v));
  if (spec.choices?.length) {
    out = spec.choices.reduce((best, c) => (Math.abs(c - out) < Math.abs(best - out) ? c : best));
  }
  return out;
}

export type TypedParam =
  { kind: 'empty' } | { kind: 'invalid'; note: string } | { kind: 'value'; value: number; note: string | null };

/** Longest piece of a typed text quoted back in a note. */
const QUOTE_MAX = 16;

function quote(text: string): string {
  const t = text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX)}…` : text;
  return `“${t}”`;
}

/**
 * Reads a typed value: a typographic minus (−) and a decimal comma are accepted. A text that is not a
 * finite number is refused with a note; a number outside the range or between choices is fitted, with a
 * note that names the bound or choice it became.
 */
export function readTypedParam(spec: NumberParamSpec, text: string): TypedParam {
  const t = text.trim();
  if (t === '') return { kind: 'empty' };
  const v = Number(t.replace(/^−/, '-').replace(/^(-?\d*),(\d+)$/, '$1.$2'));
  if (!Number.isFinite(v)) {
    return { kind: 'invalid', note: `${quote(t)} is not a number; ${spec.key} keeps its value.` };
  }
  const fitted = fitToSpec(spec, v);
  if (fitted === v) return { kind: 'value', value: v, note: null };
  const why =
    v > spec.max
      ? `above the maximum ${formatParam(spec.max)}`
      : v < spec.min
        ? `below the minimum ${formatParam(spec.min)}`
        : `not one of ${spec.choices!.join(', ')}`;
  const did = spec.choices?.length && v >= spec.min && v <= spec.max ? 'set to the nearest' : 'clamped to';
  return { kind: 'value', value: fitted, note: `${formatParam(v)} is ${why}: ${did} ${formatParam(fitted)}.` };
}
