/**
 * The eval CLI's file mode (docs/cli.md "Files") against its JSON mode on the same arrays: one pair
 * (JSON and CSV), parameters, logits, 3-D arrays, and a batch of two directories with a bad pair and
 * an orphan. The CLI runs as a child process; calls that load tf.js start together in beforeAll.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';
import { LOSS_IDS, resolveParams } from '../../src/core/registry.ts';
import type { LossId, ParamsByLoss } from '../../src/core/types.ts';
import { quantizePrediction } from '../../src/scene/levels.ts';
import { encodeLayerPng, encodePlaneNpy } from '../../src/io/encode.ts';
import { encodeNpy } from '../../src/io/npy.ts';
import { sceneCaseFile } from '../../src/io/caseFile.ts';
import { METRIC_KEYS } from '../../src/io/report.ts';
import { median } from '../../src/cli/table.ts';
import type { Plane } from '../../src/io/types.ts';
import { cli } from './childProcess.ts';
import type { Run } from './childProcess.ts';

/** A rectangular scene: a disc of ground truth and a soft, shifted prediction on the 8-bit levels. */
function scene(height: number, width: number, shift: number): { target: Plane; pred: Plane } {
  const target = new Float32Array(height * width);
  const pred = new Float32Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r2 = (y - height / 2) ** 2 + (x - width / 2) ** 2;
      target[y * width + x] = r2 < (height * height) / 9 ? 1 : 0;
      const s2 = (y - height / 2) ** 2 + (x - width / 2 - shift) ** 2;
      pred[y * width + x] = 1 / (1 + Math.exp((s2 - (height * height) / 9) / 6));
    }
  }
  return { target: { height, width, data: target }, pred: { height, width, data: quantizePrediction(pred) } };
}

const A = scene(12, 17, 1);
const B = scene(12, 17, 3);
/** A's prediction as float32 logits, within ±12 (p = 0 or 1 has no finite logit). */
const LOGITS = Float32Array.from(A.pred.data, (p) => Math.max(-12, Math.min(12, Math.log(p / (1 - p)))));

function rows(p: Plane): number[][] {
  return Array.from({ length: p.height }, (_, r) => Array.from(p.data.subarray(r * p.width, (r + 1) * p.width)));
}

const PARAMS: ParamsByLoss = { focal: { gamma: 3 }, tversky: { fp_weight: 0.6, fn_weight: 0.4 } };

interface Report {
  height: number;
  width: number;
  losses: { id: LossId; value: number; params: Record<string, unknown> }[];
  metrics: Record<string, number | null>;
}

let dir = '';
const runs: Record<string, Run> = {};
let jsonValues: Map<string, number>;

function caseFileFor(s: { target: Plane; pred: Plane }, prefix: string, params: ParamsByLoss): unknown[] {
  const text = sceneCaseFile({ ...s, losses: LOSS_IDS.map((id) => ({ id, params: params[id] ?? {} })) });
  return (JSON.parse(text) as { cases: { id: string }[] }).cases.map((c) => ({ ...c, id: `${prefix}:${c.id}` }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loss-explorer-cli-files-'));
  const f = (name: string, bytes: Uint8Array | string): string => {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    return path;
  };
  const gtA = f('gts/a.png', encodeLayerPng(A.target));
  const predA = f('preds/a.npy', encodePlaneNpy(A.pred));
  f('gts/b.npy', encodePlaneNpy(B.target));
  f('preds/b.png', encodeLayerPng(B.pred));
  f('gts/c.png', 'not a png');
  f('preds/c.npy', encodePlaneNpy(A.pred));
  f('preds/orphan.npy', encodePlaneNpy(A.pred));
  // The same prediction as float64 logits, and as channel 1 of a (2, H, W) array.
  const predLogits = f('pred-logits.npy', encodePlaneNpy({ ...A.pred, data: LOGITS }));
  const chw = new Float32Array(2 * 12 * 17);
  chw.set(A.pred.data, 12 * 17);
  const predChw = f('pred-chw.npy', encodeNpy(chw, [2, 12, 17]));
  const bad = f(
    'bad.npy',
    encodeNpy(
      Float32Array.from(A.pred.data, (p, i) => (i === 20 ? NaN : p)),
      [12, 17],
    ),
  );
  const wide = f('wide.npy', encodePlaneNpy({ height: 12, width: 18, data: new Float32Array(12 * 18) }));

  const logitCases = LOSS_IDS.map((id) => ({
    id: `al:${id}`,
    loss: id,
    target: rows(A.target),
    pred: rows({ ...A.pred, data: LOGITS }),
    input: 'logit',
  }));
  const cases = {
    cases: [...caseFileFor(A, 'a', {}), ...caseFileFor(B, 'b', {}), ...caseFileFor(A, 'ap', PARAMS), ...logitCases],
  };
  const started = {
    json: cli(['-'], JSON.stringify(cases)),
    pairJson: cli(['--target', gtA, '--pred', predA]),
    pairLogits: cli(['--target', gtA, '--pred', predLogits, '--logits']),
    pairCsv: cli(['--target', gtA, '--pred', predA, '--format', 'csv']),
    pairParams: cli([
      '--target',
      gtA,
      '--pred',
      predChw,
      '--pred-channel',
      '1',
      '--params',
      JSON.stringify(PARAMS),
      '--losses',
      'focal,tversky,dice',
    ]),
    batchCsv: cli(['--targets', join(dir, 'gts'), '--preds', join(dir, 'preds')]),
    batchJson: cli([
      '--targets',
      join(dir, 'gts'),
      '--preds',
      join(dir, 'preds'),
      '--format',
      'json',
      '--losses',
      'dice,bce',
    ]),
    badNpy: cli(['--target', gtA, '--pred', bad]),
    shapes: cli(['--target', gtA, '--pred', wide]),
    channels: cli(['--target', gtA, '--pred', predChw]),
    usage: cli(['--target', gtA, '--pred', predA, '--losses', 'dice,nope']),
  };
  for (const [k, p] of Object.entries(started)) runs[k] = await p;
  const json = JSON.parse((runs.json as Run).stdout) as { results: { id: string; value: number }[] };
  jsonValues = new Map(json.results.map((r) => [r.id, r.value]));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function ok(name: string): Run {
  const r = runs[name] as Run;
  expect(r.stderr, name).toBe('');
  expect(r.code, name).toBe(0);
  return r;
}

async function metricsOf(s: { target: Plane; pred: Plane }): Promise<Record<string, number | null>> {
  await tf.setBackend('cpu');
  const engine = new LossEngine();
  engine.setTarget(s.target.data, s.target.height, s.target.width);
  const m = engine.metrics(s.pred.data);
  engine.dispose();
  return { ...m };
}

describe('eval CLI file mode: one pair', () => {
  it('prints every loss of a PNG ground truth and an .npy prediction, as the JSON mode computes them', async () => {
    const doc = JSON.parse(ok('pairJson').stdout) as Report & { source: unknown };
    expect([doc.height, doc.width]).toEqual([12, 17]);
    expect(doc.losses.map((l) => l.id)).toEqual([...LOSS_IDS]);
    for (const l of doc.losses) {
      expect(l.value, l.id).toBe(jsonValues.get(`a:${l.id}`));
      expect(l.params, l.id).toEqual(resolveParams(l.id, {}));
    }
    expect(doc.metrics).toEqual(await metricsOf(A));
    expect(doc.source).toEqual({
      target: expect.stringMatching(/gts\/a\.png$/),
      pred: expect.stringMatching(/preds\/a\.npy$/),
    });
  });

  it('CSV carries the JSON document’s numbers', () => {
    const doc = JSON.parse(ok('pairJson').stdout) as Report;
    const lines = ok('pairCsv').stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('kind,id,name,value,parameters');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual([...LOSS_IDS, ...METRIC_KEYS]);
    for (const line of lines.slice(1)) {
      const [kind, id, , value] = line.split(',') as [string, string, string, string];
      const expected = kind === 'loss' ? doc.losses.find((l) => l.id === id)?.value : doc.metrics[id];
      expect(value === '' ? null : Number(value), id).toBe(expected);
    }
  });

  it('takes --losses, --params and a channel of a 3-D array (saying how it read the array)', () => {
    const r = runs.pairParams as Run;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^eval: note: \S*pred-chw\.npy: shape \(2, 12, 17\) read as CHW, channel 1 of 2\n$/);
    const doc = JSON.parse(r.stdout) as Report;
    expect(doc.losses.map((l) => l.id)).toEqual(['focal', 'tversky', 'dice']);
    for (const l of doc.losses) expect(l.value, l.id).toBe(jsonValues.get(`ap:${l.id}`));
    expect(doc.losses[0]?.params).toEqual({ gamma: 3, alpha: 0.25, eps: 1e-7 });
    expect(doc.losses[0]?.value).not.toBe(jsonValues.get('a:focal'));
  });

  it('--logits applies σ as the JSON mode’s "input": "logit" does', () => {
    const doc = JSON.parse(ok('pairLogits').stdout) as Report;
    for (const l of doc.losses) expect(l.value, l.id).toBe(jsonValues.get(`al:${l.id}`));
  });

  it('a bad file, a shape mismatch, an unchosen channel, a bad option: exit 2, one message, nothing on stdout', () => {
    const expectations: Record<string, RegExp> = {
      badNpy: /^eval: \S*bad\.npy: contains 1 value that is not finite \(NaN at row 1, column 3\)\n$/,
      shapes: /^eval: \S*wide\.npy is 12 × 18 but \S*a\.png is 12 × 17: the two layers must have the same shape\n$/,
      channels:
        /^eval: \S*pred-chw\.npy: has shape \(2, 12, 17\), read as CHW with 2 channels: choose one \(channel 0 … 1\)\n$/,
      usage: /^eval: --losses: unknown loss id "nope"/,
    };
    for (const [name, pattern] of Object.entries(expectations)) {
      const r = runs[name] as Run;
      expect([r.code, r.stdout], name).toEqual([2, '']);
      expect(r.stderr, name).toMatch(pattern);
    }
  });
});

describe('eval CLI file mode: a batch', () => {
  it('writes one row per pair with the JSON mode’s values, then mean and median rows', async () => {
    const r = runs.batchCsv as Run;
    expect(r.code).toBe(3); // pairs were skipped
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    const header = lines[0] as string[];
    expect(header).toEqual([
      'kind',
      'name',
      'target',
      'pred',
      'height',
      'width',
      ...LOSS_IDS,
      ...METRIC_KEYS.map((k) => `metric_${k}`),
    ]);
    expect(lines.map((l) => `${l[0]} ${l[1]}`)).toEqual(['kind name', 'pair a', 'pair b', 'mean ', 'median ']);
    const metrics = { a: await metricsOf(A), b: await metricsOf(B) };
    for (const row of lines.slice(1, 3)) {
      const name = row[1] as 'a' | 'b';
      expect([row[4], row[5]]).toEqual(['12', '17']);
      LOSS_IDS.forEach((id, i) => expect(Number(row[6 + i]), `${name} ${id}`).toBe(jsonValues.get(`${name}:${id}`)));
      METRIC_KEYS.forEach((k, i) =>
        expect(row[6 + LOSS_IDS.length + i] === '' ? null : Number(row[6 + LOSS_IDS.length + i]), k).toBe(
          metrics[name][k],
        ),
      );
    }
    LOSS_IDS.forEach((id, i) => {
      const a = jsonValues.get(`a:${id}`) as number;
      const b = jsonValues.get(`b:${id}`) as number;
      expect(Number(lines[3]?.[6 + i]), `mean ${id}`).toBe((a + b) / 2);
      expect(Number(lines[4]?.[6 + i]), `median ${id}`).toBe(median([a, b].sort((x, y) => x - y)));
    });
  });

  it('names every skipped pair on stderr and still runs the others', () => {
    const r = runs.batchCsv as Run;
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^eval: skipped c: \S*gts\/c\.png: is not a PNG, JPEG or WebP image/);
    expect(lines[1]).toMatch(/^eval: skipped orphan: \S*preds\/orphan\.npy has no ground truth of the same name/);
  });

  it('as JSON: the pairs, the skipped ones and the summary', () => {
    const r = runs.batchJson as Run;
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout) as {
      pairs: (Report & { name: string })[];
      skipped: { name: string }[];
      summary: { mean: Record<string, number>; median: Record<string, number> };
    };
    expect(doc.pairs.map((p) => p.name)).toEqual(['a', 'b']);
    expect(doc.pairs.map((p) => p.losses.map((l) => l.value))).toEqual([
      [jsonValues.get('a:dice'), jsonValues.get('a:bce')],
      [jsonValues.get('b:dice'), jsonValues.get('b:bce')],
    ]);
    expect(doc.skipped.map((s) => s.name)).toEqual(['c', 'orphan']);
    expect(doc.summary.mean.dice).toBe(
      ((jsonValues.get('a:dice') as number) + (jsonValues.get('b:dice') as number)) / 2,
    );
  });
});
