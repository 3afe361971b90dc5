/**
 * The eval CLI's file mode (docs/cli.md "Files"): a ground truth and a prediction from PNG, JPEG or
 * .npy files, one pair or two directories paired by name. stdout carries only the document (JSON or
 * CSV); notes, skipped pairs and the progress bar go to stderr.
 * Exit codes: 0 ok; 2 bad usage or a bad file (pair mode; nothing on stdout); 3 batch with skipped
 * pairs (the others are written); 1 a failure of the engine or backend.
 */
import cliProgress from 'cli-progress';
import type { LossEngine } from '../core/engine.ts';
import { reportCsv, reportJson, reportObject } from '../io/report.ts';
import type { FileModeArgs } from './fileArgs.ts';
import { UsageError, parseFileArgs } from './fileArgs.ts';
import { pairDirectories, readPair } from './pairs.ts';
import { evaluatePair } from './pairEval.ts';
import type { BatchRow } from './table.ts';
import { batchCsv, numberColumns, summarise } from './table.ts';

const say = (line: string): void => void process.stderr.write(`eval: ${line}\n`);

async function startEngine(backend: FileModeArgs['backend']): Promise<LossEngine | null> {
  const { tf } = await import('../core/tf.ts');
  const { LossEngine } = await import('../core/engine.ts');
  tf.enableProdMode();
  if (!(await tf.setBackend(backend))) {
    say(`the ${backend} backend could not be initialised`);
    return null;
  }
  await tf.ready();
  return new LossEngine();
}

async function runPair(args: FileModeArgs): Promise<number> {
  const read = readPair(args.target, args.pred, args.targetOptions, args.predOptions);
  if (!read.ok) {
    say(read.message);
    return 2;
  }
  for (const note of read.pair.notes) say(`note: ${note}`);
  const engine = await startEngine(args.backend);
  if (!engine) return 1;
  try {
    const report = evaluatePair(engine, read.pair, args.losses, args.params, { target: args.target, pred: args.pred });
    process.stdout.write(args.format === 'json' ? reportJson(report) : reportCsv(report));
  } finally {
    engine.dispose();
  }
  return 0;
}

const finiteOrNull = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

function batchJson(
  rows: readonly BatchRow[],
  skipped: readonly { name: string; message: string }[],
  args: FileModeArgs,
): string {
  const columns = numberColumns(args.losses);
  const s = summarise(rows, columns.length);
  const obj = (xs: (number | null)[]) => Object.fromEntries(columns.map((c, i) => [c, finiteOrNull(xs[i] ?? null)]));
  return `${JSON.stringify(
    {
      pairs: rows.map((r) => ({ name: r.name, ...reportObject(r.report) })),
      skipped,
      summary: rows.length ? { mean: obj(s.mean), median: obj(s.median) } : null,
    },
    null,
    2,
  )}\n`;
}

async function runBatch(args: FileModeArgs): Promise<number> {
  const listed = pairDirectories(args.target, args.pred);
  if (!listed.ok) {
    say(listed.message);
    return 2;
  }
  const { pairs, problems } = listed.pairing;
  const skipped = [...problems];
  if (pairs.length === 0) {
    for (const p of skipped) say(`skipped ${p.name}: ${p.message}`);
    say(`no pairs: no file name occurs in both ${args.target} and ${args.pred}`);
    return 2;
  }
  const engine = await startEngine(args.backend);
  if (!engine) return 1;
  const showBar = pairs.length > 1 && (process.stderr.isTTY === true || args.progress);
  const bar = showBar
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'eval [{bar}] {value}/{total} pairs | {name}',
          hideCursor: true,
          noTTYOutput: !process.stderr.isTTY,
          notTTYSchedule: 1000,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const rows: BatchRow[] = [];
  const notes: string[] = [];
  try {
    bar?.start(pairs.length, 0, { name: '' });
    for (const p of pairs) {
      bar?.update({ name: p.name });
      const read = readPair(p.target, p.pred, args.targetOptions, args.predOptions);
      if (read.ok) {
        notes.push(...read.pair.notes);
        rows.push({
          ...p,
          report: evaluatePair(engine, read.pair, args.losses, args.params, { target: p.target, pred: p.pred }),
        });
      } else {
        skipped.push({ name: p.name, message: read.message });
      }
      bar?.increment();
    }
  } finally {
    bar?.stop();
    engine.dispose();
  }
  for (const note of notes) say(`note: ${note}`);
  skipped.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const s of skipped) say(`skipped ${s.name}: ${s.message}`);
  process.stdout.write(args.format === 'csv' ? batchCsv(rows, args.losses) : batchJson(rows, skipped, args));
  return skipped.length ? 3 : 0;
}

export async function fileMain(argv: readonly string[], usage: string): Promise<number> {
  let args: FileModeArgs;
  try {
    args = parseFileArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`eval: ${err.message}\n${usage}\n`);
      return 2;
    }
    throw err;
  }
  return args.mode === 'pair' ? runPair(args) : runBatch(args);
}
