/**
 * Validation of the eval CLI's input (docs/cli.md). Pure: no tf.js, so that bad input is rejected
 * before the engine is even loaded. Every problem of every case is collected; the caller prints them
 * all and exits 2, having printed nothing on stdout.
 */
import { z } from 'zod';
import { LOSS_IDS, checkParam, isLossId, paramSpec, lossInfo, resolveParams } from '../core/registry.ts';
import type { LossId, ParamSet } from '../core/types.ts';
import { describeShape, describeValue, readGrid, sigmoid32 } from './grid.ts';
import type { Grid } from './grid.ts';

export const INPUT_SPACES = ['prob', 'logit'] as const;
export const GRADIENT_SPACES = ['prob', 'logit'] as const;

export type InputSpace = (typeof INPUT_SPACES)[number];
export type GradientRequest = (typeof GRADIENT_SPACES)[number] | 'none';

export interface EvalCase {
  index: number;
  id: string;
  loss: LossId;
  /** Only the parameters given in the input (validated); the engine fills in the defaults. */
  params: ParamSet;
  target: Grid;
  /** Probabilities as the engine gets them (float32; σ(z) for logit input). */
  pred: Float32Array;
  /** Shape of `pred` as written (the gradient is written back in it). */
  predShape: { h: number; w: number; oneD: boolean };
  gradient: GradientRequest;
}

export type ValidationResult = { ok: true; cases: EvalCase[] } | { ok: false; errors: string[] };

const quoted = (xs: readonly string[]): string => xs.map((x) => `"${x}"`).join(', ');
const oneOf = (xs: readonly string[]): string => xs.map((x) => `"${x}"`).join(' or ');

const CASE_KEYS = ['id', 'loss', 'params', 'target', 'pred', 'input', 'grad'] as const;
const TOP_KEYS = ['cases'] as const;

function missingOr(what: string) {
  return (iss: { input?: unknown }): string =>
    iss.input === undefined ? 'is missing' : `${what}, got ${describeValue(iss.input)}`;
}

function unknownFields(keys: readonly string[], known: readonly string[], where: string): string {
  const s = keys.length === 1 ? '' : 's';
  return `unknown ${where}field${s} ${quoted(keys)} (known: ${known.join(', ')})`;
}

const TopSchema = z.strictObject(
  { cases: z.array(z.unknown(), { error: missingOr('must be an array of cases') }) },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? unknownFields(iss.keys, TOP_KEYS, 'top-level ')
        : `must be a JSON object {"cases": [...]}, got ${describeValue(iss.input)}`,
  },
);

/** The structure of one case; `target` and `pred` are checked by readGrid. */
const CaseSchema = z.strictObject(
  {
    id: z.string({ error: missingOr('must be a string') }).min(1, { error: 'must not be empty' }),
    loss: z.string({ error: missingOr('must be a string (a loss id)') }),
    params: z
      .record(z.string(), z.unknown(), {
        error: (iss) => `must be an object {key: value}, got ${describeValue(iss.input)}`,
      })
      .optional(),
    // Checked by readGrid (missing included), with messages that name rows and columns.
    target: z.unknown().optional(),
    pred: z.unknown().optional(),
    input: z
      .enum(INPUT_SPACES, {
        error: (iss) => `must be ${oneOf(INPUT_SPACES)} (or absent), got ${describeValue(iss.input)}`,
      })
      .optional(),
    grad: z
      .enum(GRADIENT_SPACES, {
        error: (iss) => `must be ${oneOf(GRADIENT_SPACES)} (or absent), got ${describeValue(iss.input)}`,
      })
      .optional(),
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? unknownFields(iss.keys, CASE_KEYS, '')
        : `must be an object, got ${describeValue(iss.input)}`,
  },
);

/** zod issue → "field "x" is missing" (path-aware, message from the schema). */
function issueText(issue: z.core.$ZodIssue): string {
  const [head, ...rest] = issue.path;
  if (head === undefined) return issue.message;
  const sub = rest.length ? ` ${rest.map((k) => (typeof k === 'number' ? `[${k}]` : `"${String(k)}"`)).join(' ')}` : '';
  return `field "${String(head)}"${sub} ${issue.message}`;
}

/** The case label of messages: `case "a" (index 0)`, or `case at index 0` when the id is unusable. */
function caseLabel(raw: unknown, index: number): string {
  const id =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>).id : undefined;
  return typeof id === 'string' && id !== '' ? `case ${JSON.stringify(id)} (index ${index})` : `case at index ${index}`;
}

export function checkParams(loss: LossId, given: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(given)) {
    const spec = paramSpec(loss, key);
    if (!spec) {
      const known = lossInfo(loss)
        .params.map((p) => p.key)
        .join(', ');
      problems.push(`field "params" has unknown key "${key}" for loss "${loss}" (known: ${known})`);
      continue;
    }
    const problem = checkParam(spec, value);
    if (problem) problems.push(`field "params": ${problem}`);
  }
  if (problems.length === 0) {
    try {
      resolveParams(loss, given); // the registry's own check, should agree with the above
    } catch (err) {
      problems.push(`field "params": ${(err as Error).message}`);
    }
  }
  return problems;
}

function validateCase(raw: unknown, index: number): { errors: string[]; value?: EvalCase } {
  const label = caseLabel(raw, index);
  const parsed = CaseSchema.safeParse(raw);
  const errors = parsed.success ? [] : parsed.error.issues.map((i) => `${label}: ${issueText(i)}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { errors };
  // The checks below also run when the structure is wrong, so that all problems come out at once;
  // each one looks only at fields of the right type (zod has reported the others).
  const r = raw as Record<string, unknown>;
  const loss = isLossId(r.loss) ? r.loss : null;
  if (typeof r.loss === 'string' && !loss) {
    errors.push(
      `${label}: field "loss" is ${JSON.stringify(r.loss)}, not a known loss id (known: ${LOSS_IDS.join(', ')})`,
    );
  }
  const given = r.params ?? {};
  const paramsOk = typeof given === 'object' && given !== null && !Array.isArray(given);
  if (loss && paramsOk)
    errors.push(...checkParams(loss, given as Record<string, unknown>).map((m) => `${label}: ${m}`));

  const input: InputSpace = r.input === 'logit' ? 'logit' : 'prob';
  const target = readGrid(r.target, 'target', { lo: 0, hi: 1 });
  if (!target.ok) errors.push(`${label}: ${target.message}`);
  const probRange = { lo: 0, hi: 1, hint: 'probabilities; use "input": "logit" for logits' };
  // An invalid "input" has been reported: check the numbers only, not their range.
  const pred = readGrid(r.pred, 'pred', r.input === undefined || r.input === 'prob' ? probRange : undefined);
  if (!pred.ok) errors.push(`${label}: ${pred.message}`);
  if (target.ok && pred.ok) {
    const t = target.grid;
    const p = pred.grid;
    if (t.oneD !== p.oneD || t.h !== p.h || t.w !== p.w) {
      errors.push(
        `${label}: field "pred" is ${describeShape(p)} but field "target" is ${describeShape(t)}: they must have the same shape`,
      );
    }
  }
  if (errors.length || !parsed.success || !loss || !target.ok || !pred.ok) return { errors };
  const c = parsed.data;
  const p = pred.grid;
  return {
    errors,
    value: {
      index,
      id: c.id,
      loss,
      params: (c.params ?? {}) as ParamSet,
      target: target.grid,
      pred: input === 'logit' ? sigmoid32(p.values) : Float32Array.from(p.values),
      predShape: { h: p.h, w: p.w, oneD: p.oneD },
      gradient: c.grad ?? 'none',
    },
  };
}

/** Parses and validates the whole input text. */
export function validateInput(text: string): ValidationResult {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, errors: ['input is empty: expected a JSON object {"cases": [...]}'] };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    return { ok: false, errors: [`input is not valid JSON: ${(err as Error).message}`] };
  }
  const top = TopSchema.safeParse(json);
  if (!top.success) return { ok: false, errors: top.error.issues.map((i) => `input: ${issueText(i)}`) };

  const errors: string[] = [];
  const cases: EvalCase[] = [];
  const firstIndexOf = new Map<string, number>();
  top.data.cases.forEach((raw, index) => {
    const r = validateCase(raw, index);
    errors.push(...r.errors);
    if (r.value) cases.push(r.value);
    const id = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).id : undefined;
    if (typeof id === 'string' && id !== '') {
      const first = firstIndexOf.get(id);
      if (first === undefined) firstIndexOf.set(id, index);
      else
        errors.push(
          `${caseLabel(raw, index)}: field "id" duplicates the id of the case at index ${first}: ids must be unique`,
        );
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, cases };
}
