/**
 * `npm run bench -- --json` (tests/bench/core.bench.ts): one JSON object on stdout, a row per backend,
 * path and grid with every timing, checked on a tiny grid with one repetition (the shape, not the speed).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { run } from './childProcess.ts';

const ms = z.number().finite().nonnegative();
const Row = z
  .object({
    backend: z.enum(['cpu', 'wasm']),
    path: z.enum(['device', 'host']),
    grid: z.number().int().positive(),
    baseline_ms: ms,
    full_ms: ms,
    values_ms: ms,
    sweep_focal_ms: ms,
    sweep_tversky_ms: ms,
    map2d_ms: ms,
    monai6_ms: ms,
  })
  .strict();
const Output = z.object({ node: z.string(), tfjs: z.string(), rows: z.array(Row) }).strict();

describe('bench --json', () => {
  it('prints one JSON object with a row per backend, path and grid, each with every timing', async () => {
    const args = ['--json', '--sizes', '16,24', '--reps', '1', '--backends', 'cpu,wasm'];
    const out = await run(process.execPath, ['--import', 'tsx', 'tests/bench/core.bench.ts', ...args]);
    expect(out.code, out.stderr).toBe(0);
    const parsed = Output.parse(JSON.parse(out.stdout));
    expect(parsed.rows.map((r) => `${r.backend} ${r.path} ${r.grid}`)).toEqual([
      'cpu device 16',
      'cpu host 16',
      'cpu device 24',
      'cpu host 24',
      'wasm device 16',
      'wasm host 16',
      'wasm device 24',
      'wasm host 24',
    ]);
    // Progress goes to stderr, so stdout is the object alone.
    expect(out.stdout.trim().startsWith('{')).toBe(true);
    expect(out.stderr).toMatch(/done wasm host 24²/);
  }, 60_000);
});
