/**
 * Headless eval CLI (docs/cli.md):
 *   npm run --silent eval -- cases.json        evaluate the cases of a file
 *   npm run --silent eval -- -                 … read from stdin
 *   npm run --silent eval -- --list            the loss registry as JSON
 *   npm run --silent eval -- --target gt.png --pred pred.npy     files (fileMain.ts)
 *   npm run --silent eval -- --targets DIR --preds DIR            a batch, paired by name
 * Options: --backend cpu|wasm (default cpu).
 * stdout carries only the JSON document; everything else (errors, tf.js chatter) goes to stderr.
 * Exit codes: 0 ok, 2 invalid input or usage, 1 anything else (a failure of the engine or backend).
 */
import { readFileSync } from 'node:fs';
import { registryListing } from './list.ts';
import { renderResults } from './output.ts';
import { validateInput } from './validate.ts';
import { isFileMode } from './fileArgs.ts';

const BACKENDS = ['cpu', 'wasm'] as const;
type Backend = (typeof BACKENDS)[number];

const USAGE = `usage: npm run --silent eval -- [--backend cpu|wasm] <cases.json | ->
       npm run --silent eval -- --list
       npm run --silent eval -- --target gt.png --pred pred.npy [--losses dice,focal] [--params JSON] [--format json|csv]
       npm run --silent eval -- --targets DIR --preds DIR [same options]      one CSV row per pair
Input: {"cases": [{"id": "a", "loss": "dice", "params": {...}, "target": [[...]], "pred": [[...]],
                   "input": "prob"|"logit", "grad": "prob"|"logit"}]}. See docs/cli.md.`;

/** A systematic mistake in a big file should not flood the terminal. */
const MAX_ERRORS_SHOWN = 100;

class UsageError extends Error {}

interface Args {
  list: boolean;
  help: boolean;
  backend: Backend;
  source: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { list: false, help: false, backend: 'cpu', source: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--list') args.list = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--backend' || a.startsWith('--backend=')) {
      const v = a === '--backend' ? argv[++i] : a.slice('--backend='.length);
      if (!(BACKENDS as readonly string[]).includes(v ?? '')) {
        throw new UsageError(
          `--backend must be one of ${BACKENDS.join(', ')}, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`,
        );
      }
      args.backend = v as Backend;
    } else if (a === '-' || !a.startsWith('-')) {
      if (args.source !== null)
        throw new UsageError(`one input only, got ${JSON.stringify(args.source)} and ${JSON.stringify(a)}`);
      args.source = a;
    } else throw new UsageError(`unknown option ${JSON.stringify(a)}`);
  }
  if (args.list && args.source !== null) throw new UsageError('--list takes no input');
  if (!args.list && !args.help && args.source === null)
    throw new UsageError('no input: give a file name, or - for stdin');
  return args;
}

async function readSource(source: string): Promise<string> {
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(source, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read ${JSON.stringify(source)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

/**
 * tf.js reports through console.log/info/warn; stdout is reserved for our JSON, so every console
 * method writes to stderr from here on.
 */
function consoleToStderr(): void {
  const toStderr = (...xs: unknown[]): void => {
    process.stderr.write(`${xs.map((x) => (typeof x === 'string' ? x : String(x))).join(' ')}\n`);
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
}

async function main(argv: readonly string[]): Promise<number> {
  if (isFileMode(argv)) {
    consoleToStderr();
    const { fileMain } = await import('./fileMain.ts');
    return fileMain(argv, USAGE);
  }
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`eval: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.list) {
    process.stdout.write(`${JSON.stringify(registryListing(), null, 2)}\n`);
    return 0;
  }

  let text: string;
  try {
    text = await readSource(args.source as string);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`eval: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const checked = validateInput(text);
  if (!checked.ok) {
    const n = checked.errors.length;
    const shown = checked.errors
      .slice(0, MAX_ERRORS_SHOWN)
      .map((e) => `  ${e}\n`)
      .join('');
    const more = n > MAX_ERRORS_SHOWN ? `  … and ${n - MAX_ERRORS_SHOWN} more\n` : '';
    process.stderr.write(`eval: ${n} input error${n === 1 ? '' : 's'}, nothing evaluated:\n${shown}${more}`);
    return 2;
  }

  // Only now load tf.js (slow): invalid input never pays for it.
  consoleToStderr();
  const { tf } = await import('../core/tf.ts');
  const { LossEngine } = await import('../core/engine.ts');
  const { runCases } = await import('./run.ts');
  tf.enableProdMode();
  if (!(await tf.setBackend(args.backend))) {
    process.stderr.write(`eval: the ${args.backend} backend could not be initialised\n`);
    return 1;
  }
  await tf.ready();
  const engine = new LossEngine();
  try {
    const results = runCases(engine, checked.cases);
    process.stdout.write(renderResults(results));
  } finally {
    engine.dispose();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`eval: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
