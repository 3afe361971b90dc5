/**
 * `npm run bench`: speed of the engine in Node on the cpu and wasm backends. Prints a table; asserts
 * nothing (timings on a shared machine are noisy). Each row's ratio is against the same run's baseline,
 * one elementwise pass (p·g) with its readback, so rows compare across machines.
 *
 * Options: --sizes 64,128,256,512  --backends cpu,wasm  --reps N (median of N after a warm-up)
 */
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';

tf.enableProdMode();

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
const sizes = (args.get('sizes') ?? '64,128,256,512').split(',').map(Number);
const backends = (args.get('backends') ?? 'cpu,wasm').split(',');
const repsArg = Number(args.get('reps') ?? '0');

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
      p[y * n + x] = Math.fround(Math.min(0.995, Math.max(0.005, 1 / (1 + Math.exp(6 * (e1 - 1))) + 0.05 * Math.sin(x * 0.7 + y * 0.3))));
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
  size: number;
  baseline: number;
  full: number;
  values: number;
  sweepPixel: number;
  sweepRegion: number;
  sweep2d: number;
}

const rows: Row[] = [];
for (const backend of backends) {
  if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
    console.error(`backend ${backend} is not available here`);
    continue;
  }
  await tf.ready();
  for (const n of sizes) {
    const reps = repsArg || (backend === 'cpu' ? (n >= 512 ? 3 : n >= 256 ? 5 : 15) : n >= 512 ? 10 : 30);
    const { g, p } = scene(n);
    const engine = new LossEngine();
    engine.setTarget(g, n, n);
    const gT = tf.tensor2d(g, [n, n]);
    const baseline = time(reps, () => {
      const pT = tf.tensor2d(p, [n, n]);
      const out = tf.mul(pT, gT);
      out.dataSync();
      tf.dispose([pT, out]);
    });
    const preds = strokes(p, n, reps + 2);
    const at = (rep: number) => preds[rep + 2] as Float32Array;
    const full = time(reps, (i) => engine.evaluate(at(i), {}, { gradient: 'prob' }));
    const values = time(reps, (i) => engine.evaluate(at(i)));
    const gammas = Array.from({ length: 64 }, (_, i) => (5 * i) / 63);
    const weights = Array.from({ length: 64 }, (_, i) => i / 63);
    const sweepPixel = time(Math.max(3, reps >> 1), (i) => engine.sweep('focal', 'gamma', gammas, at(i)));
    const sweepRegion = time(reps, (i) => engine.sweep('tversky', 'fp_weight', weights, at(i)));
    const sweep2d = time(reps, (i) => engine.sweep2d('tversky', 'fp_weight', weights, 'fn_weight', weights, at(i)));
    gT.dispose();
    engine.dispose();
    rows.push({ backend, size: n, baseline, full, values, sweepPixel, sweepRegion, sweep2d });
    console.error(`done ${backend} ${n}²`);
  }
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const cell = (ms: number, base: number) => `${fmt(ms)} ms (${(ms / base).toFixed(1)}×)`;
console.log(`\nLoss Explorer core benchmark — Node ${process.version}, tf.js ${tf.version_core}, median times, ratio to the same run's baseline`);
console.log('baseline = one elementwise pass p·g with upload and readback; full = 15 values + 15 gradient maps read back;');
console.log('every timed call sees a prediction changed by one brush dab (no per-prediction cache hits);');
console.log('values = 15 values only; sweep = 64 values of focal γ (broadcast [64,1,1]) / Tversky FP weight (sufficient statistics); 2-D = 64 × 64 Tversky FP × FN\n');
console.log('| backend | grid | baseline | full evaluation | values only | 64-pt sweep focal γ | 64-pt sweep Tversky | 64×64 2-D sweep |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.backend} | ${r.size}² | ${fmt(r.baseline)} ms | ${cell(r.full, r.baseline)} | ${cell(r.values, r.baseline)} | ${cell(r.sweepPixel, r.baseline)} | ${cell(r.sweepRegion, r.baseline)} | ${cell(r.sweep2d, r.baseline)} |`);
}
