/**
 * Helpers shared by parity.test.ts, interaction.test.ts and faults.test.ts, on top of harness.ts (which
 * builds, serves and launches Chromium): typed access to `window.__lossExplorer`, the scene and values of
 * the last evaluation, the eval CLI run on that scene, tolerant comparisons, and memory probes.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { StoreApi } from 'zustand';
import { LOSS_IDS } from '../../src/core/types.ts';
import type { LossId, ParamValue } from '../../src/core/types.ts';
import type { AppState } from '../../src/state/types.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** What src/main.tsx puts on `window.__lossExplorer` (the parts these tests use). */
export interface ExplorerApi {
  store: StoreApi<AppState>;
  idle(): Promise<void>;
  chartsIdle(): Promise<void>;
  loseWebglContext(): boolean;
  memory(): { numTensors: number; numBytes: number; numDataBuffers: number; usedJSHeapSize: number | null };
}

export type Values = Record<LossId, number>;
export type AllParams = Record<LossId, Record<string, ParamValue>>;

/** The inputs of the evaluation on screen (copies the runner took), and its values. */
export interface Evaluated {
  height: number;
  width: number;
  target: number[];
  pred: number[];
  params: AllParams;
  values: Values;
  /** The evaluation is of the store's current scene (no edit after it). */
  current: boolean;
}

export async function evaluated(page: Page): Promise<Evaluated> {
  return page.evaluate(() => {
    const api = (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer;
    const s = api.store.getState();
    const r = s.results;
    if (!r) throw new Error('no results yet');
    return {
      height: r.height,
      width: r.width,
      target: Array.from(r.target),
      pred: Array.from(r.pred),
      params: r.params as AllParams,
      values: r.values as Values,
      current: r.sceneRev === s.sceneRev && r.params === s.params,
    };
  });
}

/** The loss table's exact values (each row's data-value attribute), as numbers (NaN when absent). */
export async function shownValues(page: Page): Promise<Values> {
  return page.evaluate(
    (ids) => {
      const out: Record<string, number> = {};
      for (const id of ids) {
        const attr = document.querySelector(`[data-loss-id="${id}"] td.value`)?.getAttribute('data-value');
        out[id] = attr === null || attr === undefined || attr === '' ? Number.NaN : Number(attr);
      }
      return out as Values;
    },
    [...LOSS_IDS],
  );
}

/** The loss table as displayed: each row's text and title. */
export async function shownCells(page: Page): Promise<Record<LossId, { text: string; title: string | null }>> {
  return page.evaluate(
    (ids) => {
      const out: Record<string, { text: string; title: string | null }> = {};
      for (const id of ids) {
        const cell = document.querySelector(`[data-loss-id="${id}"] td.value`);
        out[id] = { text: cell?.textContent ?? '', title: cell?.getAttribute('title') ?? null };
      }
      return out as Record<LossId, { text: string; title: string | null }>;
    },
    [...LOSS_IDS],
  );
}

/** A displayed number (U+2212 minus, 1.2e−7) as a JS number; NaN for anything else. */
export function parseShown(text: string): number {
  const t = text.trim().replace(/\u2212/g, '-');
  return /^-?\d+(\.\d+)?(e-?\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

export interface CliScene {
  height: number;
  width: number;
  target: ArrayLike<number>;
  pred: ArrayLike<number>;
  params: AllParams;
}

function rows(a: ArrayLike<number>, height: number, width: number): number[][] {
  return Array.from({ length: height }, (_, r) => Array.from({ length: width }, (_, c) => a[r * width + c] as number));
}

/**
 * The eval CLI (`node --import tsx src/cli/eval.ts`, its default cpu backend) on these scenes, every loss
 * with the scene's parameters. A value the CLI writes as null (not finite) comes back as NaN or ±Infinity
 * from its note.
 */
export async function evalCli(scenes: readonly CliScene[], backend: 'cpu' | 'wasm' = 'cpu'): Promise<Values[]> {
  const cases = scenes.flatMap((s, k) => {
    const target = rows(s.target, s.height, s.width);
    const pred = rows(s.pred, s.height, s.width);
    return LOSS_IDS.map((loss) => ({ id: `${k}:${loss}`, loss, params: s.params[loss], target, pred }));
  });
  const stdout = await new Promise<string>((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/eval.ts', '--backend', backend, '-'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', rej);
    child.on('close', (code) => {
      if (code === 0) res(Buffer.concat(out).toString('utf8'));
      else rej(new Error(`eval CLI exited ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 2000)}`));
    });
    child.stdin.end(JSON.stringify({ cases }));
  });
  const { results } = JSON.parse(stdout) as {
    results: { id: string; loss: LossId; value: number | null; note?: string }[];
  };
  const out = scenes.map(() => ({}) as Values);
  for (const r of results) {
    const k = Number(r.id.split(':')[0]);
    let v = r.value;
    if (v === null) {
      const m = /value is (-?Infinity|NaN)/.exec(r.note ?? '');
      if (!m) throw new Error(`CLI result ${r.id} is null without a note`);
      v = Number(m[1]);
    }
    out[k]![r.loss] = v;
  }
  return out;
}

/**
 * Differences beyond `rel` (relative) with an absolute floor `abs` for values near 0; non-finite values
 * must be non-finite on both sides (NaN as NaN, ±∞ with the same sign).
 */
export function mismatches(a: Values, b: Values, rel: number, abs: number): string[] {
  const out: string[] = [];
  for (const id of LOSS_IDS) {
    const x = a[id];
    const y = b[id];
    if (typeof x !== 'number' || typeof y !== 'number') {
      out.push(`${id}: ${x} vs ${y}`);
      continue;
    }
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      if (!Object.is(x, y)) out.push(`${id}: ${x} vs ${y}`);
      continue;
    }
    if (Math.abs(x - y) > Math.max(abs, rel * Math.max(Math.abs(x), Math.abs(y))))
      out.push(`${id}: ${x} vs ${y} (Δ ${x - y})`);
  }
  return out;
}

/**
 * Memory in use after a full garbage collection (Chrome DevTools Protocol: collectGarbage, getHeapUsage):
 * the JS heap, plus the backing stores of ArrayBuffers (typed arrays such as masks and undo snapshots, and
 * the wasm backend's memory), plus Blink's own heap. performance.memory would miss the typed arrays.
 */
export async function memoryAfterGc(
  page: Page,
): Promise<{ heap: number; buffers: number; dom: number; total: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
    const u = (await cdp.send('Runtime.getHeapUsage')) as {
      usedSize: number;
      embedderHeapUsedSize?: number;
      backingStorageSize?: number;
    };
    const buffers = u.backingStorageSize ?? 0;
    const dom = u.embedderHeapUsedSize ?? 0;
    return { heap: u.usedSize, buffers, dom, total: u.usedSize + buffers + dom };
  } finally {
    await cdp.detach();
  }
}

/** Text on the page a reader could take for a broken number. */
export async function brokenNumbers(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return text.match(/\bNaN\b|-?\bInfinity\b|\bundefined\s*NaN\b/g) ?? [];
}

/** A non-default value for one parameter of every loss that has parameters. */
export const EDITS: [LossId, string, number | boolean][] = [
  ['weighted_bce', 'beta', 3],
  ['balanced_bce', 'beta', 0.3],
  ['focal', 'gamma', 2.5],
  ['focal', 'alpha', 0.4],
  ['distance_bce', 'lambda', 2],
  ['dice', 'squared', true],
  ['sens_spec', 'r', 0.2],
  ['tversky', 'fp_weight', 0.45],
  ['focal_tversky', 'gamma', 2],
  ['log_cosh_dice', 'smooth', 0.5],
  ['hausdorff_dt', 'alpha', 1.5],
  ['shape_aware', 'scale', 2],
  ['combo', 'alpha', 0.6],
  ['exp_log', 'w_dice', 0.6],
  ['structural', 'window', 5],
  ['bce', 'eps', 1e-4],
];

/** An edited scene: another preset, soft prediction strokes, a ground-truth stroke, and EDITS. */
export async function editScene(page: Page): Promise<void> {
  await page.evaluate((edits) => {
    const s = () => (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer.store.getState();
    s().loadPreset('uncertain');
    s().setHardness(0.4);
    s().setPredValue(0.83);
    s().beginStroke('pred', { x: 20, y: 30 });
    for (let i = 1; i <= 20; i++) s().continueStroke({ x: 20 + 3 * i, y: 30 + 2 * i });
    s().endStroke();
    s().beginStroke('target', { x: 100, y: 15 });
    s().continueStroke({ x: 115, y: 25 });
    s().endStroke();
    for (const [id, key, v] of edits) s().setParam(id, key, v);
  }, EDITS);
}
