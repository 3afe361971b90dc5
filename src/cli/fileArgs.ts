/**
 * Command-line options of the eval CLI's file mode (docs/cli.md "Files"): one pair (--target, --pred)
 * or a batch (--targets DIR, --preds DIR), which losses, their parameters, the output format and how
 * the files are read. Pure: no tf.js, no file system.
 */
import { LOSS_IDS, isLossId } from '../core/registry.ts';
import type { LossId, ParamsByLoss } from '../core/types.ts';
import type { ReadLayerOptions } from '../io/load.ts';
import type { TargetFromImage } from '../io/fromImage.ts';
import { checkParams } from './validate.ts';

export type Backend = 'cpu' | 'wasm';

export interface FileModeArgs {
  mode: 'pair' | 'batch';
  /** A file (pair) or a directory (batch). */
  target: string;
  pred: string;
  losses: LossId[];
  params: ParamsByLoss;
  format: 'json' | 'csv';
  backend: Backend;
  targetOptions: ReadLayerOptions;
  predOptions: ReadLayerOptions;
  /** Show the progress bar even when stderr is not a terminal. */
  progress: boolean;
}

export class UsageError extends Error {}

const FILE_FLAGS = ['--target', '--pred', '--targets', '--preds'];

/** File mode when any of its input flags is present. */
export function isFileMode(argv: readonly string[]): boolean {
  return argv.some((a) => FILE_FLAGS.includes(a.split('=')[0] as string));
}

function number(flag: string, v: string, { integer = false, min = -Infinity, max = Infinity } = {}): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    const range = max < Infinity ? ` in [${min}, ${max}]` : min > -Infinity ? ` ≥ ${min}` : '';
    throw new UsageError(`${flag} must be ${integer ? 'an integer' : 'a number'}${range}, got ${JSON.stringify(v)}`);
  }
  return n;
}

function parseLosses(v: string): LossId[] {
  const ids = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length === 0) throw new UsageError('--losses is empty');
  const unknown = ids.filter((id) => !isLossId(id));
  if (unknown.length)
    throw new UsageError(
      `--losses: unknown loss id${unknown.length === 1 ? '' : 's'} ${unknown.map((x) => JSON.stringify(x)).join(', ')} (known: ${LOSS_IDS.join(', ')})`,
    );
  return [...new Set(ids as LossId[])];
}

function parseParams(v: string): ParamsByLoss {
  let json: unknown;
  try {
    json = JSON.parse(v);
  } catch (err) {
    throw new UsageError(`--params is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new UsageError('--params must be a JSON object {"loss id": {"key": value}}');
  const problems: string[] = [];
  for (const [id, set] of Object.entries(json)) {
    if (!isLossId(id)) problems.push(`--params: unknown loss id ${JSON.stringify(id)}`);
    else if (typeof set !== 'object' || set === null || Array.isArray(set))
      problems.push(`--params: "${id}" must be an object {key: value}`);
    else
      problems.push(
        ...checkParams(id, set as Record<string, unknown>).map(
          (m) => `--params "${id}": ${m.replace(/^field "params"( has|:)? ?/, '')}`,
        ),
      );
  }
  if (problems.length) throw new UsageError(problems.join('\n  '));
  return json as ParamsByLoss;
}

function parseColour(v: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(v.trim());
  if (!m) throw new UsageError(`--class-color must be a colour #rrggbb, got ${JSON.stringify(v)}`);
  return [parseInt(m[1] as string, 16), parseInt(m[2] as string, 16), parseInt(m[3] as string, 16)];
}

const TARGET_MODES = ['luminance', 'alpha', 'gray'] as const;

export function parseFileArgs(argv: readonly string[]): FileModeArgs {
  const given = new Map<string, string>();
  const switches = new Set<string>();
  const SWITCHES = ['--logits', '--invert', '--progress'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (SWITCHES.includes(a)) {
      switches.add(a);
      continue;
    }
    if (!a.startsWith('--'))
      throw new UsageError(`unexpected argument ${JSON.stringify(a)} (file mode takes options only)`);
    const eq = a.indexOf('=');
    const flag = eq < 0 ? a : a.slice(0, eq);
    const value = eq < 0 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (given.has(flag)) throw new UsageError(`${flag} is given twice`);
    given.set(flag, value);
  }
  const known = [
    '--target',
    '--pred',
    '--targets',
    '--preds',
    '--losses',
    '--params',
    '--format',
    '--backend',
    '--target-mode',
    '--threshold',
    '--class-color',
    '--class-value',
    '--target-channel',
    '--pred-channel',
    '--layout',
    '--max-side',
  ];
  for (const flag of given.keys())
    if (!known.includes(flag)) throw new UsageError(`unknown option ${JSON.stringify(flag)}`);

  const pair = given.has('--target') || given.has('--pred');
  const batch = given.has('--targets') || given.has('--preds');
  if (pair && batch)
    throw new UsageError('give either --target and --pred (one pair) or --targets and --preds (directories), not both');
  const [tFlag, pFlag] = pair ? ['--target', '--pred'] : ['--targets', '--preds'];
  const target = given.get(tFlag);
  const pred = given.get(pFlag);
  if (target === undefined || pred === undefined)
    throw new UsageError(`${tFlag} and ${pFlag} go together: ${target === undefined ? tFlag : pFlag} is missing`);

  const format = given.get('--format') ?? (pair ? 'json' : 'csv');
  if (format !== 'json' && format !== 'csv')
    throw new UsageError(`--format must be json or csv, got ${JSON.stringify(format)}`);
  const backend = given.get('--backend') ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'wasm')
    throw new UsageError(`--backend must be one of cpu, wasm, got ${JSON.stringify(backend)}`);

  const maxSide = given.has('--max-side')
    ? number('--max-side', given.get('--max-side') as string, { integer: true, min: 1, max: 4096 })
    : undefined;
  const layout = given.get('--layout');
  if (layout !== undefined && layout !== 'hwc' && layout !== 'chw')
    throw new UsageError(`--layout must be hwc or chw, got ${JSON.stringify(layout)}`);

  let targetMode: TargetFromImage | undefined;
  const modeName = given.get('--target-mode');
  const threshold = given.has('--threshold')
    ? number('--threshold', given.get('--threshold') as string, { min: 0, max: 1 })
    : undefined;
  if (given.has('--class-color')) {
    if (modeName !== undefined) throw new UsageError('--class-color picks a class: it replaces --target-mode');
    targetMode = { mode: 'class', color: parseColour(given.get('--class-color') as string) };
  } else if (modeName !== undefined) {
    if (!(TARGET_MODES as readonly string[]).includes(modeName))
      throw new UsageError(`--target-mode must be one of ${TARGET_MODES.join(', ')}, got ${JSON.stringify(modeName)}`);
    targetMode =
      modeName === 'gray'
        ? { mode: 'gray' }
        : { mode: modeName as 'luminance' | 'alpha', threshold: threshold ?? 0.5, invert: switches.has('--invert') };
  } else if (threshold !== undefined || switches.has('--invert')) {
    targetMode = { mode: 'luminance', threshold: threshold ?? 0.5, invert: switches.has('--invert') };
  }

  const common: ReadLayerOptions = {
    ...(maxSide !== undefined ? { maxSide } : {}),
    ...(layout !== undefined ? { layout } : {}),
  };
  const channel = (flag: string): ReadLayerOptions =>
    given.has(flag) ? { channel: number(flag, given.get(flag) as string, { integer: true, min: 0 }) } : {};
  return {
    mode: pair ? 'pair' : 'batch',
    target,
    pred,
    losses: given.has('--losses') ? parseLosses(given.get('--losses') as string) : [...LOSS_IDS],
    params: given.has('--params') ? parseParams(given.get('--params') as string) : {},
    format,
    backend,
    targetOptions: {
      ...common,
      ...channel('--target-channel'),
      ...(targetMode ? { targetMode } : {}),
      ...(given.has('--class-value')
        ? { classValue: number('--class-value', given.get('--class-value') as string) }
        : {}),
    },
    predOptions: { ...common, ...channel('--pred-channel'), ...(switches.has('--logits') ? { logits: true } : {}) },
    progress: switches.has('--progress'),
  };
}
