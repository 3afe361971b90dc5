/**
 * `npm run bench`: speed of the engine in Node, on the tf.js device path (cpu and wasm backends) and on
 * the host path (typed-array passes; the engine's default on those backends). Prints a table; asserts
 * nothing (timings on a shared machine are noisy). Each row's ratio is against the same run's baseline,
 * one elementwise tf.js pass (p·g) with its readback on that row's backend, so rows compare across machines.
 *
 * Options: --sizes 64,128,256,512  --backends cpu,wasm  --paths device,host  --reps N (median of N after a
 * warm-up)  --json (one JSON object on stdout instead of the table; progress goes to stderr. `npm run`
 * prints its own banner on stdout first: use `npm run -s bench -- --json` to get the object alone).
 */
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';
import type { LossId } from '../../src/core/types.ts';

tf.enableProdMode();

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const key = process.argv[i]?.replace(/^--/, '') ?? '';
  const next = process.argv[i + 1];
  if (next !== undefined && !next.startsWith('--')) {
    args.set(key, next);
    i++;
  } else args.set(key, 'true');
}
const sizes = (args.get('sizes') ?? '64,128,256,512').split(',').map(Number);
const backends = (args.get('backends') ?? 'cpu,wasm').split(',');
const paths = (args.get('paths') ?? 'device,host').split(',') as ('device' | 'host')[];
const repsArg = Number(args.get('reps') ?? '0');
const asJson = args.get('json') === 'true';

/** What a MONAI user computes: BCE, focal, Dice, Tversky, Hausdorff DT and a Dice + CE compound. */
const MONAI_SIX: readonly LossId[] = ['bce', 'focal', 'dice', 'tversky', 'hausdorff_dt', 'combo'];

/** Two discs of ground truth and a soft, shifted prediction: every loss has work to do. */
function scene(n: number): { g: Float32Array; p: Float32Array } {
  const g = new Float32Array(n * n);
  const p = new Float32Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const d1 = Math.hypot(x - 0.35 * n, y - 0.4 * n) / (0.18 * n);
      const d2 = Math.hypot(x - 0.7 * n, y - 0.65 * n) / (0.08 * n);
      g[y * n + x] = d1 < 1 || d2 < 1 ? 1 : 0;
      const e1 = Math.hypot(x - 0.38 * n, y - 0.42 * n) / (0.2 * n);
      p[y * n + x] = Math.fround(
        Math.min(0.995, Math.max(0.005, 1 / (1 + Math.exp(6 * (e1 - 1))) + 0.05 * Math.sin(x * 0.7 + y * 0.3))),
      );
    }
  }
  return { g, p };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function time(reps: number, f: (rep: number) => void): number {
  f(-2); // warm-up: kernels, caches, wasm compilation
  f(-1);
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f(i);
    t.push(performance.now() - t0);
  }
  return median(t);
}

/**
 * The prediction after `rep` brush dabs: every timed call sees a changed prediction, as during a stroke,
 * so nothing the engine caches per prediction is re-used. Prepared before timing.
 */
function strokes(p: Float32Array, n: number, count: number): Float32Array[] {
  const out: Float32Array[] = [];
  let cur = Float32Array.from(p);
  for (let k = 0; k < count; k++) {
    cur = Float32Array.from(cur);
    const cx = Math.round(n * (0.2 + 0.6 * ((k * 0.37) % 1)));
    const cy = Math.round(n * (0.3 + 0.4 * ((k * 0.61) % 1)));
    const r = Math.max(2, Math.round(n / 32));
    for (let y = Math.max(0, cy - r); y < Math.min(n, cy + r); y++) {
      for (let x = Math.max(0, cx - r); x < Math.min(n, cx + r); x++) cur[y * n + x] = k % 2 ? 0.9 : 0.1;
    }
    out.push(cur);
  }
  return out;
}

interface Row {
  backend: string;
  path: 'device' | 'host';
  grid: number;
  baseline_ms: number;
  full_ms: number;
  values_ms: number;
  sweep_focal_ms: number;
  sweep_tversky_ms: number;
  map2d_ms: number;
  monai6_ms: number;
}

const rows: Row[] = [];
for (const backend of backends) {
  if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
    console.error(`backend ${backend} is not available here`);
    continue;
  }
  await tf.ready();
  for (const n of sizes) {
    const { g, p } = scene(n);
    const gT = tf.tensor2d(g, [n, n]);
    const slow = backend === 'cpu';
    const baseReps = repsArg || (slow ? (n >= 512 ? 3 : n >= 256 ? 5 : 15) : n >= 512 ? 10 : 30);
    const baseline = time(baseReps, () => {
      const pT = tf.tensor2d(p, [n, n]);
      const out = tf.mul(pT, gT);
      out.dataSync();
      tf.dispose([pT, out]);
    });
    gT.dispose();
    for (const path of paths) {
      const reps = repsArg || (path === 'host' ? (n >= 512 ? 10 : 30) : baseReps);
      const engine = new LossEngine({ path });
      engine.setTarget(g, n, n);
      const sweepReps = Math.max(3, reps >> 1);
      const preds = strokes(p, n, Math.max(reps, sweepReps) + 2);
      const at = (rep: number) => preds[rep + 2] as Float32Array;
      const full = time(reps, (i) => engine.evaluate(at(i), {}, { gradient: 'prob' }));
      const values = time(reps, (i) => engine.evaluate(at(i)));
      const monai6 = time(reps, (i) => engine.evaluate(at(i), {}, { losses: MONAI_SIX, gradient: 'prob' }));
      const gammas = Array.from({ length: 64 }, (_, i) => (5 * i) / 63);
      const weights = Array.from({ length: 64 }, (_, i) => i / 63);
      const sweepFocal = time(sweepReps, (i) => engine.sweep('focal', 'gamma', gammas, at(i)));
      const sweepTversky = time(reps, (i) => engine.sweep('tversky', 'fp_weight', weights, at(i)));
      const map2d = time(reps, (i) => engine.sweep2d('tversky', 'fp_weight', weights, 'fn_weight', weights, at(i)));
      engine.dispose();
      rows.push({
        backend,
        path,
        grid: n,
        baseline_ms: baseline,
        full_ms: full,
        values_ms: values,
        sweep_focal_ms: sweepFocal,
        sweep_tversky_ms: sweepTversky,
        map2d_ms: map2d,
        monai6_ms: monai6,
      });
      console.error(`done ${backend} ${path} ${n}²`);
    }
  }
}

if (asJson) {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  console.log(
    JSON.stringify({
      node: process.version,
      tfjs: tf.version_core,
      rows: rows.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, typeof v === 'number' && k.endsWith('_ms') ? round(v) : v]),
        ),
      ),
    }),
  );
} else {
  const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
  const cell = (ms: number, base: number) => `${fmt(ms)} ms (${(ms / base).toFixed(1)}×)`;
  console.log(
    `\nLoss Explorer core benchmark — Node ${process.version}, tf.js ${tf.version_core}, median times, ratio to the same run's baseline`,
  );
  console.log(
    "path: device = tf.js kernels on the backend; host = typed-array passes (the engine's default on cpu and wasm);",
  );
  console.log(
    'baseline = one elementwise tf.js pass p·g with upload and readback on the backend; full = 15 values + 15 gradient maps;',
  );
  console.log('every timed call sees a prediction changed by one brush dab (no per-prediction cache hits);');
  console.log(
    'values = 15 values only; sweep = 64 values of focal γ / Tversky FP weight; 2-D = 64 × 64 Tversky FP × FN;',
  );
  console.log('MONAI six = bce, focal, dice, tversky, hausdorff_dt, combo with their six gradient maps\n');
  console.log(
    '| backend | path | grid | baseline | full evaluation | values only | 64-pt sweep focal γ | 64-pt sweep Tversky | 64×64 2-D sweep | MONAI six + maps |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const b = r.baseline_ms;
    console.log(
      `| ${r.backend} | ${r.path} | ${r.grid}² | ${fmt(b)} ms | ${cell(r.full_ms, b)} | ${cell(r.values_ms, b)} | ${cell(r.sweep_focal_ms, b)} | ${cell(r.sweep_tversky_ms, b)} | ${cell(r.map2d_ms, b)} | ${cell(r.monai6_ms, b)} |`,
    );
  }
}
