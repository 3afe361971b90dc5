/**
 * Reading the files of the eval CLI's file mode: one pair of layers, and the pairing of two
 * directories by file name without its extension (the stem).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { IoResult, Plane } from '../io/types.ts';
import { fail } from '../io/types.ts';
import { readLayer } from '../io/load.ts';
import type { LayerRole, ReadLayerOptions } from '../io/load.ts';

export interface LayerPair {
  target: Plane;
  pred: Plane;
  /** How 3-D arrays were read, what was resampled. */
  notes: string[];
}

function readBytes(path: string): IoResult<{ bytes: Uint8Array }> {
  try {
    const buf = readFileSync(path);
    return { ok: true, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
  } catch (err) {
    return fail(path, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

function readOne(path: string, role: LayerRole, options: ReadLayerOptions) {
  const file = readBytes(path);
  if (!file.ok) return file;
  return readLayer(file.bytes, path, role, options);
}

/** Both layers, which must have the same shape (after fitting into the scene's long side). */
export function readPair(
  targetPath: string,
  predPath: string,
  targetOptions: ReadLayerOptions,
  predOptions: ReadLayerOptions,
): IoResult<{ pair: LayerPair }> {
  const t = readOne(targetPath, 'target', targetOptions);
  if (!t.ok) return t;
  const p = readOne(predPath, 'pred', predOptions);
  if (!p.ok) return p;
  const a = t.layer.plane;
  const b = p.layer.plane;
  if (a.height !== b.height || a.width !== b.width) {
    const size = (l: typeof t.layer) =>
      `${l.plane.height} × ${l.plane.width}${l.resampledFrom ? ` (resampled from ${l.resampledFrom.height} × ${l.resampledFrom.width})` : ''}`;
    return {
      ok: false,
      message: `${predPath} is ${size(p.layer)} but ${targetPath} is ${size(t.layer)}: the two layers must have the same shape`,
    };
  }
  return { ok: true, pair: { target: a, pred: b, notes: [...t.layer.notes, ...p.layer.notes] } };
}

export interface PairedFiles {
  name: string;
  target: string;
  pred: string;
}

export interface Pairing {
  pairs: PairedFiles[];
  /** Files without a partner, or a stem used by two files of one directory. */
  problems: { name: string; message: string }[];
}

function listFiles(dir: string): IoResult<{ files: string[] }> {
  try {
    if (!statSync(dir).isDirectory()) return fail(dir, 'is not a directory');
    return {
      ok: true,
      files: readdirSync(dir)
        .filter((f) => !f.startsWith('.') && statSync(join(dir, f)).isFile())
        .sort(),
    };
  } catch (err) {
    return fail(dir, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

const stem = (file: string): string => basename(file, extname(file));

function byStem(dir: string, files: string[], problems: Pairing['problems']): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    const s = stem(f);
    const other = out.get(s);
    if (other !== undefined)
      problems.push({ name: s, message: `${join(dir, other)} and ${join(dir, f)} have the same name: rename one` });
    else out.set(s, join(dir, f));
  }
  return out;
}

/** Pairs the files of two directories by stem, sorted by name; the rest are problems to report. */
export function pairDirectories(targetDir: string, predDir: string): IoResult<{ pairing: Pairing }> {
  const t = listFiles(targetDir);
  if (!t.ok) return t;
  const p = listFiles(predDir);
  if (!p.ok) return p;
  const problems: Pairing['problems'] = [];
  const targets = byStem(targetDir, t.files, problems);
  const preds = byStem(predDir, p.files, problems);
  const ambiguous = new Set(problems.map((x) => x.name));
  const pairs: PairedFiles[] = [];
  for (const [name, target] of targets) {
    if (ambiguous.has(name)) continue;
    const pred = preds.get(name);
    if (pred === undefined)
      problems.push({ name, message: `${target} has no prediction of the same name in ${predDir}` });
    else pairs.push({ name, target, pred });
  }
  for (const [name, pred] of preds) {
    if (!targets.has(name) && !ambiguous.has(name))
      problems.push({ name, message: `${pred} has no ground truth of the same name in ${targetDir}` });
  }
  pairs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  problems.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ok: true, pairing: { pairs, problems } };
}
