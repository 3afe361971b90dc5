/**
 * The eval CLI (src/cli/eval.ts, contract in docs/cli.md), run as a child process. The cases that need
 * tf.js are batched into a few CLI calls started together in beforeAll; error cases are rejected before
 * tf.js loads, so each gets its own (fast) call.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOSSES, LOSS_IDS } from '../../src/core/registry.ts';
import { formatResult } from '../../src/cli/output.ts';
import { ROOT, cli, run } from './childProcess.ts';
import type { Run } from './childProcess.ts';

const cliJson = (input: unknown, ...args: string[]): Promise<Run> => cli([...args, '-'], JSON.stringify(input));

/** A CLI call made once, on first use; beforeAll starts them all so that they overlap. */
const LAZY: (() => Promise<Run>)[] = [];
function lazy(start: () => Promise<Run>): () => Promise<Run> {
  let p: Promise<Run> | undefined;
  const get = (): Promise<Run> => (p ??= start());
  LAZY.push(get);
  return get;
}

interface Result {
  id: string;
  loss: string;
  value: number | null;
  grad?: number[] | number[][];
  note?: string;
}

function results(r: Run): Result[] {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout) as { results: Result[] };
  expect(Object.keys(doc)).toEqual(['results']);
  return doc.results;
}

// -------------------------------------------------------------------------------------------------
// Scenes

const CONTRACT = {
  cases: [
    {
      id: 'a',
      loss: 'dice',
      params: { smooth: 1 },
      target: [
        [0, 1],
        [1, 1],
      ],
      pred: [
        [0.2, 0.9],
        [0.7, 0.4],
      ],
      input: 'prob',
      grad: 'prob',
    },
  ],
};

const H = 8;
const W = 9;
/** A disc of ground truth and a blurred, shifted prediction of it. */
const DISC: number[][] = Array.from({ length: H }, (_, y) =>
  Array.from({ length: W }, (_, x) => ((y - 3.5) ** 2 + (x - 4) ** 2 < 7 ? 1 : 0)),
);
const BLUR: number[][] = Array.from({ length: H }, (_, y) =>
  Array.from({ length: W }, (_, x) => Math.round(1000 / (1 + Math.exp(((y - 4) ** 2 + (x - 5) ** 2 - 8) / 2))) / 1000),
);
const logit = (p: number): number => Math.log(p / (1 - p));
const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
/** Logits with both signs and magnitudes well outside [0, 1]. */
const Z: number[][] = BLUR.map((row) =>
  row.map((p) => Math.max(-6, Math.min(6, logit(Math.min(0.999, Math.max(0.001, p)))))),
);

const BATCH = {
  cases: [
    CONTRACT.cases[0],
    // Same scene, same loss, other parameters: a second engine call on the cached target.
    {
      id: 'dice-s0',
      loss: 'dice',
      params: { smooth: 0 },
      target: [
        [0, 1],
        [1, 1],
      ],
      pred: [
        [0.2, 0.9],
        [0.7, 0.4],
      ],
    },
    {
      id: 'dice-1d',
      loss: 'dice',
      params: { smooth: 1 },
      target: [0, 1, 1, 1],
      pred: [0.2, 0.9, 0.7, 0.4],
      grad: 'prob',
    },
    {
      id: 'dice-logit-in',
      loss: 'dice',
      target: [
        [0, 1],
        [1, 1],
      ],
      pred: [
        [logit(0.2), logit(0.9)],
        [logit(0.7), logit(0.4)],
      ],
      input: 'logit',
    },
    { id: 'bce-logit', loss: 'bce', target: [0, 1, 0, 1], pred: [-3, 2.5, 0.4, -1], input: 'logit', grad: 'logit' },
    ...LOSS_IDS.map((id) => ({ id: `default:${id}`, loss: id, target: DISC, pred: BLUR })),
    ...LOSS_IDS.map((id) => ({ id: `prob:${id}`, loss: id, target: DISC, pred: Z, input: 'logit', grad: 'prob' })),
    ...LOSS_IDS.map((id) => ({ id: `logit:${id}`, loss: id, target: DISC, pred: Z, input: 'logit', grad: 'logit' })),
  ],
};

let dir = '';
let fileRun: Run;
let npmStdinRun: Run;
let wasmRun: Run;
let byId: Map<string, Result>;

beforeAll(async () => {
  dir = mkdtempSync(resolve(tmpdir(), 'loss-explorer-cli-'));
  const file = resolve(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(BATCH));
  for (const get of LAZY) get().catch(() => undefined); // awaited (and failing) in their tests
  [fileRun, npmStdinRun, wasmRun] = await Promise.all([
    cli([file]),
    run('npm', ['run', '--silent', 'eval', '--', '-'], JSON.stringify(BATCH)),
    cliJson(BATCH, '--backend', 'wasm'),
  ]);
  byId = new Map(results(fileRun).map((r) => [r.id, r]));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function get(id: string): Result {
  const r = byId.get(id);
  if (!r) throw new Error(`no result "${id}"`);
  return r;
}

function flat(g: Result['grad']): number[] {
  if (!g) throw new Error('no gradient');
  return (g as (number | number[])[]).flat();
}

describe('eval CLI: results', () => {
  it('answers the contract example with the hand-computed Dice value and gradient', () => {
    const r = get('a');
    expect(Object.keys(r)).toEqual(['id', 'loss', 'value', 'grad']);
    expect(r.loss).toBe('dice');
    // TP = 2.0, P = 2.2, G = 3: L = 1 − (2·2 + 1)/(2.2 + 3 + 1)
    expect(r.value).toBeCloseTo(1 - 5 / 6.2, 6);
    // ∂L/∂p_i = −(2 g_i D − (2 TP + s))/D², D = 6.2
    const d = 6.2;
    const g0 = 5 / d ** 2;
    const g1 = -(2 * d - 5) / d ** 2;
    expect(r.grad).toHaveLength(2);
    const grad = r.grad as number[][];
    [
      [g0, g1],
      [g1, g1],
    ].forEach((row, i) => row.forEach((v, j) => expect(grad[i]?.[j]).toBeCloseTo(v, 6)));
  });

  it('keeps input order and evaluates other parameters of the same loss on the same scene', () => {
    expect(results(fileRun).map((r) => r.id)).toEqual(BATCH.cases.map((c) => c?.id));
    const r = get('dice-s0');
    expect(r.value).toBeCloseTo(1 - 4 / 5.2, 6);
    expect(r.grad).toBeUndefined();
    expect(r.note).toBeUndefined();
  });

  it('takes a 1-D input as one row and writes the gradient 1-D', () => {
    const r = get('dice-1d');
    expect(r.value).toBeCloseTo(get('a').value as number, 7);
    expect(r.grad).toHaveLength(4);
    expect((r.grad as unknown[]).every((v) => typeof v === 'number')).toBe(true);
    expect(r.grad).toEqual(flat(get('a').grad));
  });

  it('turns logit input into probabilities', () => {
    expect(get('dice-logit-in').value).toBeCloseTo(get('a').value as number, 6);
  });

  it('gives the BCE logit gradient (σ(z) − g)/N', () => {
    const z = [-3, 2.5, 0.4, -1];
    const g = [0, 1, 0, 1];
    const grad = flat(get('bce-logit').grad);
    z.forEach((zi, i) => expect(grad[i]).toBeCloseTo((sigma(zi) - (g[i] as number)) / 4, 6));
  });

  it('runs every registry loss with defaults and gives finite values', () => {
    expect(LOSS_IDS.length).toBe(LOSSES.length);
    for (const id of LOSS_IDS) {
      for (const prefix of ['default', 'prob', 'logit']) {
        const r = get(`${prefix}:${id}`);
        expect(r.loss).toBe(id);
        expect(typeof r.value, `${prefix}:${id}`).toBe('number');
        expect(Number.isFinite(r.value), `${prefix}:${id}`).toBe(true);
        expect(r.note).toBeUndefined();
      }
    }
  });

  it('gives logit gradients equal to prob gradients × p(1 − p), for every loss', () => {
    const p = Z.flat().map((z) => Math.fround(sigma(z)));
    for (const id of LOSS_IDS) {
      const prob = flat(get(`prob:${id}`).grad);
      const lg = flat(get(`logit:${id}`).grad);
      expect(prob).toHaveLength(H * W);
      expect(get(`prob:${id}`).grad).toHaveLength(H);
      expect(get(`prob:${id}`).value).toBe(get(`logit:${id}`).value);
      const scale = Math.max(...prob.map(Math.abs), 1e-12);
      prob.forEach((gp, i) => {
        const pi = p[i] as number;
        const want = gp * pi * (1 - pi);
        expect(Math.abs((lg[i] as number) - want), `${id} pixel ${i}`).toBeLessThanOrEqual(
          1e-6 * scale + 1e-6 * Math.abs(want),
        );
      });
    }
  });

  it('reads stdin with "-" and prints only JSON under npm run --silent (same output as a file)', () => {
    expect(npmStdinRun.stderr).toBe('');
    expect(npmStdinRun.code).toBe(0);
    expect(npmStdinRun.stdout).toBe(fileRun.stdout);
  });

  it('runs on the wasm backend with the same values up to float32 rounding', () => {
    const wasm = results(wasmRun);
    expect(wasm.map((r) => r.id)).toEqual(BATCH.cases.map((c) => c?.id));
    for (const r of wasm) {
      const cpu = get(r.id);
      expect(r.value, r.id).toBeCloseTo(cpu.value as number, 4);
    }
  });
});

const listRun = lazy(() => cli(['--list']));

describe('eval CLI: --list', () => {
  it('prints the registry: every id and parameter key with its range', async () => {
    const r = await listRun();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as {
      losses: { id: string; name: string; family: string; params: Record<string, unknown>[] }[];
    };
    expect(doc.losses.map((l) => l.id)).toEqual([...LOSS_IDS]);
    for (const info of LOSSES) {
      const listed = doc.losses.find((l) => l.id === info.id);
      expect(listed?.name).toBe(info.name);
      expect(listed?.family).toBe(info.family);
      expect(listed?.params.map((p) => p.key)).toEqual(info.params.map((p) => p.key));
      for (const spec of info.params) {
        const p = listed?.params.find((x) => x.key === spec.key) as Record<string, unknown>;
        expect(p.default).toBe(spec.default);
        if (spec.kind === 'number') {
          expect(p).toMatchObject({
            min: spec.min,
            max: spec.max,
            step: spec.step,
            scale: spec.scale,
            nullable: spec.nullMeaning !== undefined,
          });
          expect(p.nullMeaning).toBe(spec.nullMeaning ?? null);
          expect(p.choices).toEqual(spec.choices ? [...spec.choices] : null);
        }
      }
    }
  });
});

// -------------------------------------------------------------------------------------------------
// Errors: exit 2, nothing on stdout, stderr names the case and the field. All per-case errors are
// collected before anything is printed, so one CLI call carries every per-case error class (and a
// valid case, which must not be evaluated either); each test below checks its own messages.

const T = [
  [0, 1],
  [1, 1],
];
const P = [
  [0.2, 0.9],
  [0.7, 0.4],
];
const INF = '__INFINITY__';

const BAD_CASES: unknown[] = [
  { id: 'good', loss: 'dice', target: T, pred: P, grad: 'prob' },
  { id: 'loss', loss: 'dicee', target: T, pred: P },
  { id: 'key', loss: 'dice', params: { smoth: 1 }, target: T, pred: P },
  { id: 'range', loss: 'dice', params: { smooth: 11 }, target: T, pred: P },
  { id: 'null', loss: 'focal', params: { gamma: null }, target: T, pred: P },
  { id: 'choice', loss: 'structural', params: { window: 4 }, target: T, pred: P },
  { id: 'bool', loss: 'dice', params: { squared: 1 }, target: T, pred: P },
  { id: 'obj', loss: 'dice', params: [1], target: T, pred: P },
  {
    id: 'ragged',
    loss: 'dice',
    target: T,
    pred: [
      [0.1, 0.2],
      [0.3, 0.4, 0.5],
    ],
  },
  { id: 'shape', loss: 'dice', target: T, pred: [[0.2, 0.9]] },
  { id: 'dims', loss: 'dice', target: [0, 1, 1, 1], pred: [[0.2, 0.9, 0.7, 0.4]] },
  { id: 'empty', loss: 'dice', target: [], pred: P },
  { id: 'emptyrow', loss: 'dice', target: [[]], pred: [[]] },
  { id: 'mixed', loss: 'dice', target: [[0, 1], 1], pred: P },
  {
    id: 'deep',
    loss: 'dice',
    target: T,
    pred: [
      [0.2, [0.9]],
      [0.7, 0.4],
    ],
  },
  {
    id: 'string',
    loss: 'dice',
    target: [
      [0, '1'],
      [1, 1],
    ],
    pred: P,
  },
  {
    id: 'nan',
    loss: 'dice',
    target: T,
    pred: [
      [null, 0.9],
      [0.7, 0.4],
    ],
  },
  { id: 'boolean', loss: 'dice', target: [0, 1, true, 1], pred: [0.2, 0.9, 0.7, 0.4] },
  {
    id: 'inf',
    loss: 'dice',
    target: T,
    pred: [
      [0.2, 0.9],
      [0.7, INF],
    ],
    input: 'logit',
  },
  {
    id: 'tgt01',
    loss: 'dice',
    target: [
      [0, 1],
      [1, 1.5],
    ],
    pred: P,
  },
  {
    id: 'pred01',
    loss: 'dice',
    target: T,
    pred: [
      [0.2, 0.9],
      [-0.1, 0.4],
    ],
  },
  { id: 'nopred', loss: 'dice', target: T },
  { loss: 'dice', target: T, pred: P },
  { id: 'noloss', target: T, pred: P },
  { id: 'extra', loss: 'dice', target: T, pred: P, weights: [1] },
  { id: 7, loss: 'dice', target: T, pred: P },
  { id: 'good', loss: 'bce', target: T, pred: P },
  { id: 'enums', loss: 'dice', target: T, pred: P, grad: 'z', input: 'probability' },
  'dice',
];
const BAD_TEXT = JSON.stringify({ cases: BAD_CASES }).replace(`"${INF}"`, '1e400');

const badRun = lazy(() => cli(['-'], BAD_TEXT));
const malformedRun = lazy(() => cli(['-'], '{"cases": ['));
const topLevelRun = lazy(() => cliJson({ cases: [], extra: 1 }));
const noCasesRun = lazy(() => cli(['-'], '{"case": []}'));
const backendRun = lazy(() => cli(['--backend', 'gpu', '-']));
const noFileRun = lazy(() => cli([resolve(ROOT, 'no-such-file.json')]));

async function rejected(r: Run | Promise<Run>, ...expected: string[]): Promise<void> {
  const { code, stdout, stderr } = await r;
  expect(stdout).toBe('');
  expect(code).toBe(2);
  for (const e of expected) expect(stderr).toContain(e);
}

/** The messages of the case at `index` (all of them come from one call). */
const caseErrors = (...expected: string[]): Promise<void> => rejected(badRun(), ...expected);

describe.concurrent('eval CLI: input errors', () => {
  it('collects every problem of every case, evaluates nothing, prints nothing on stdout', async () => {
    const r = await badRun();
    await rejected(r, 'eval: 30 input errors, nothing evaluated');
    expect(r.stderr).not.toContain('case "good" (index 0)');
  });

  it('unknown loss id', () => caseErrors('case "loss" (index 1): field "loss" is "dicee", not a known loss id'));

  it('unknown parameter key', () =>
    caseErrors('case "key" (index 2): field "params" has unknown key "smoth" for loss "dice"'));

  it('parameter values out of range, null where not allowed, not in choices, wrong type', () =>
    caseErrors(
      'case "range" (index 3): field "params": "smooth" must be in [0, 10], got 11',
      'case "null" (index 4): field "params": "gamma" cannot be null',
      'case "choice" (index 5): field "params": "window" must be one of 3, 5, 7',
      'case "bool" (index 6): field "params": "squared" must be true or false',
      'case "obj" (index 7): field "params" must be an object',
    ));

  it('ragged rows', () => caseErrors('case "ragged" (index 8): field "pred" row 1 has 3 values, row 0 has 2'));

  it('target and pred of different shapes', () =>
    caseErrors(
      'case "shape" (index 9): field "pred" is 1 × 2 but field "target" is 2 × 2',
      'case "dims" (index 10): field "pred" is 1 × 4 but field "target" is 1-D with 4 values',
    ));

  it('empty arrays, mixed nesting and deeper nesting', () =>
    caseErrors(
      'case "empty" (index 11): field "target" is empty',
      'case "emptyrow" (index 12): field "target" row 0 is empty',
      'case "mixed" (index 13): field "target" element 1 is 1 but element 0 is a row',
      'case "deep" (index 14): field "pred" row 0 column 1 is an array: values must be numbers',
    ));

  it('strings, nulls, booleans and non-finite numbers in arrays', () =>
    caseErrors(
      'case "string" (index 15): field "target" row 0 column 1 is "1" (a string): values must be numbers',
      'case "nan" (index 16): field "pred" row 0 column 0 is null: values must be numbers',
      'case "boolean" (index 17): field "target" value 2 is true (a boolean): values must be numbers',
      'case "inf" (index 18): field "pred" row 1 column 1 is Infinity: values must be finite',
    ));

  it('values outside [0, 1] for the target and for probabilities', () =>
    caseErrors(
      'case "tgt01" (index 19): field "target" row 1 column 1 is 1.5: must be in [0, 1]',
      'case "pred01" (index 20): field "pred" row 1 column 0 is -0.1: must be in [0, 1]',
    ));

  it('missing fields', () =>
    caseErrors(
      'case "nopred" (index 21): field "pred" is missing',
      'case at index 22: field "id" is missing',
      'case "noloss" (index 23): field "loss" is missing',
    ));

  it('unknown case fields', () => caseErrors('case "extra" (index 24): unknown field "weights"'));

  it('bad and duplicate ids, bad input and grad, a case that is not an object', () =>
    caseErrors(
      'case at index 25: field "id" must be a string, got 7',
      'case "good" (index 26): field "id" duplicates the id of the case at index 0',
      'case "enums" (index 27): field "grad" must be "prob" or "logit"',
      'case "enums" (index 27): field "input" must be "prob" or "logit"',
      'case at index 28: must be an object',
    ));

  it('malformed JSON', () => rejected(malformedRun(), 'input is not valid JSON'));

  it('unknown top-level field', () => rejected(topLevelRun(), 'input: unknown top-level field "extra"'));

  it('missing or mistyped "cases"', () =>
    rejected(noCasesRun(), 'input: field "cases" is missing', 'unknown top-level field "case"'));

  it('usage errors: unknown backend, unreadable file', async () => {
    await rejected(backendRun(), 'eval: --backend must be one of cpu, wasm, got "gpu"');
    await rejected(noFileRun(), 'eval: cannot read');
  });
});

describe('eval CLI: output of non-finite numbers', () => {
  it('writes them as null with a note', () => {
    const r = formatResult('z', 'dice', Infinity, Float32Array.from([1, NaN, -Infinity, 2]), {
      h: 2,
      w: 2,
      oneD: false,
    });
    expect(r.value).toBeNull();
    expect(r.grad).toEqual([
      [1, null],
      [null, 2],
    ]);
    expect(r.note).toMatch(/value is Infinity/);
    expect(r.note).toMatch(/2 gradient entries are not finite/);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    const fine = formatResult('f', 'bce', 0.5, null, { h: 1, w: 2, oneD: true });
    expect(fine).toEqual({ id: 'f', loss: 'bce', value: 0.5 });
  });
});
