/**
 * The engine's speed in a browser, on tf.js's webgl backend (a real GPU, when the browser has one) and
 * its wasm backend, in one page. Built by tests/bench/gpu/build.mjs, driven by tests/bench/gpu/drive.py
 * (see tests/bench/gpu/README.md). Same scene, prediction strokes and baseline as tests/bench/core.bench.ts.
 *
 * Query: ?mode=probe (WebGL renderer and tf.js backend only) or ?mode=bench&backends=webgl,wasm
 * &sizes=64,128,256,512&reps=30. The result is on window.__benchResult, in the page, and POSTed to
 * /result (progress to /log) when the page is served by the driver.
 */
import { tf } from '../../../src/core/tf.ts';
import { LossEngine } from '../../../src/core/engine.ts';
import { configureWasm } from '../../../src/platform/wasm.ts';

declare global {
  interface Window {
    __benchResult?: unknown;
  }
}

const query = new URLSearchParams(location.search);
const mode = query.get('mode') ?? 'bench';
const backends = (query.get('backends') ?? 'webgl,wasm').split(',').filter(Boolean);
const sizes = (query.get('sizes') ?? '64,128,256,512').split(',').map(Number);
const repsArg = Number(query.get('reps') ?? '30');
const out = document.getElementById('out') as HTMLPreElement;

function post(path: string, body: unknown): Promise<void> {
  return fetch(path, { method: 'POST', body: JSON.stringify(body) }).then(
    () => undefined,
    () => undefined, // not served by the driver: the page and window.__benchResult still have it
  );
}

function log(msg: string): void {
  console.log(msg);
  out.textContent += `\n${msg}`;
  void post('/log', { msg });
}

// ---- scene and strokes: as in tests/bench/core.bench.ts ----

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

/** The prediction after `count` brush dabs, one array per dab: every timed call sees a changed prediction. */
function strokes(p: Float32Array, n: number, count: number): Float32Array[] {
  const res: Float32Array[] = [];
  let cur = Float32Array.from(p);
  for (let k = 0; k < count; k++) {
    cur = Float32Array.from(cur);
    const cx = Math.round(n * (0.2 + 0.6 * ((k * 0.37) % 1)));
    const cy = Math.round(n * (0.3 + 0.4 * ((k * 0.61) % 1)));
    const r = Math.max(2, Math.round(n / 32));
    for (let y = Math.max(0, cy - r); y < Math.min(n, cy + r); y++) {
      for (let x = Math.max(0, cx - r); x < Math.min(n, cx + r); x++) cur[y * n + x] = k % 2 ? 0.9 : 0.1;
    }
    res.push(cur);
  }
  return res;
}

// ---- timing ----

interface Timing {
  median: number;
  min: number;
  max: number;
  reps: number;
}

function summarize(t: number[]): Timing {
  const s = [...t].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
  return { median, min: s[0] as number, max: s[s.length - 1] as number, reps: s.length };
}

const BASELINE_BATCH = 10;
const yieldToBrowser = () => new Promise<void>((r) => setTimeout(r, 0));

/** Two warm-up calls (shader compilation, wasm), then `reps` timed ones (each of `perRep` calls); yields between reps. */
async function time(reps: number, f: (rep: number) => unknown, perRep = 1): Promise<Timing> {
  await f(-2);
  await f(-1);
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    await yieldToBrowser();
    const t0 = performance.now();
    await f(i);
    t.push((performance.now() - t0) / perRep);
  }
  return summarize(t);
}

// ---- what the browser has ----

interface GlInfo {
  renderer: string | null;
  vendor: string | null;
  version: string | null;
  majorPerformanceCaveat: boolean;
}

function glInfo(): GlInfo | { error: string } {
  try {
    const canvas = document.createElement('canvas');
    let caveat = false;
    let gl = canvas.getContext('webgl2', { failIfMajorPerformanceCaveat: true });
    if (!gl) {
      caveat = true;
      gl = canvas.getContext('webgl2');
    }
    if (!gl) return { error: 'no webgl2 context' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const res: GlInfo = {
      renderer: ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : String(gl.getParameter(gl.RENDERER)),
      vendor: ext ? String(gl.getParameter(ext.UNMASKED_VENDOR_WEBGL)) : String(gl.getParameter(gl.VENDOR)),
      version: String(gl.getParameter(gl.VERSION)),
      majorPerformanceCaveat: caveat,
    };
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return res;
  } catch (err) {
    return { error: String(err) };
  }
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: Record<string, string> } | null>;
}

async function webgpuInfo(): Promise<unknown> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) return 'no navigator.gpu';
  const timeout = new Promise((r) => setTimeout(() => r('requestAdapter timed out'), 5000));
  const adapter = gpu.requestAdapter().then(
    (a) => {
      if (!a) return 'no adapter';
      const info = a.info ?? {};
      return {
        vendor: info.vendor,
        architecture: info.architecture,
        device: info.device,
        description: info.description,
      };
    },
    (err: unknown) => String(err),
  );
  return Promise.race([adapter, timeout]);
}

/** The renderer of the context tf.js's webgl backend itself draws with. */
function tfWebglRenderer(): string | null {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : String(gl.getParameter(gl.RENDERER));
}

async function useBackend(name: string): Promise<string | null> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name ? null : `setBackend returned ${ok}, getBackend() = ${tf.getBackend()}`;
  } catch (err) {
    return String(err);
  }
}

async function environment(): Promise<Record<string, unknown>> {
  const env: Record<string, unknown> = {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    tfjs: tf.version_core,
    webgl2: glInfo(),
    webgpu: await webgpuInfo(),
  };
  const err = await useBackend('webgl');
  env.tfWebgl = err
    ? { error: err }
    : {
        backend: tf.getBackend(),
        renderer: tfWebglRenderer(),
        WEBGL_VERSION: tf.env().getNumber('WEBGL_VERSION'),
        WEBGL_RENDER_FLOAT32_ENABLED: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
        WEBGL_DOWNLOAD_FLOAT_ENABLED: tf.env().getBool('WEBGL_DOWNLOAD_FLOAT_ENABLED'),
        WEBGL_PACK: tf.env().getBool('WEBGL_PACK'),
        WEBGL_MAX_TEXTURE_SIZE: tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE'),
      };
  return env;
}

// ---- the bench ----

interface Row {
  backend: string;
  size: number;
  baseline: Timing;
  full: Timing;
  fullAsync: Timing;
  values: Timing;
  /** The 15 values of the last prediction, to compare backends. */
  check: Record<string, number>;
}

async function benchBackend(backend: string, rows: Row[]): Promise<void> {
  for (const n of sizes) {
    const reps = repsArg;
    const { g, p } = scene(n);
    const engine = new LossEngine();
    engine.setTarget(g, n, n);
    const gT = tf.tensor2d(g, [n, n]);
    // Ten passes per timed rep, divided by ten: one pass is near the browser's 0.1 ms timer resolution.
    const baseline = await time(
      reps,
      async () => {
        for (let k = 0; k < BASELINE_BATCH; k++) {
          const pT = tf.tensor2d(p, [n, n]);
          const prod = tf.mul(pT, gT);
          prod.dataSync();
          tf.dispose([pT, prod]);
        }
      },
      BASELINE_BATCH,
    );
    const preds = strokes(p, n, reps + 2);
    const at = (rep: number) => preds[rep + 2] as Float32Array;
    const full = await time(reps, (i) => engine.evaluate(at(i), {}, { gradient: 'prob' }));
    const fullAsync = await time(reps, (i) => engine.evaluateAsync(at(i), {}, { gradient: 'prob' }));
    const values = await time(reps, (i) => engine.evaluate(at(i)));
    const last = engine.evaluate(
      Float32Array.from(at(reps - 1)).map((v) => Math.min(0.99, v + 1e-3)),
      {},
      { gradient: 'prob' },
    );
    const check: Record<string, number> = {};
    for (const [k, v] of Object.entries(last.values)) check[k] = v as number;
    gT.dispose();
    engine.dispose();
    rows.push({ backend, size: n, baseline, full, fullAsync, values, check });
    log(
      `${backend} ${n}²: baseline ${baseline.median.toFixed(2)} ms, full ${full.median.toFixed(2)} ms, full async ${fullAsync.median.toFixed(2)} ms, values ${values.median.toFixed(2)} ms (tensors ${tf.memory().numTensors})`,
    );
  }
}

function table(rows: Row[]): string {
  const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
  const cell = (t: Timing, base: Timing) => `${fmt(t.median)} ms (${(t.median / base.median).toFixed(1)}×)`;
  const lines = [
    '| backend | grid | baseline | full evaluation | full, async readback | values only |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.backend} | ${r.size}² | ${fmt(r.baseline.median)} ms | ${cell(r.full, r.baseline)} | ${cell(r.fullAsync, r.baseline)} | ${cell(r.values, r.baseline)} |`,
    ),
  ];
  return lines.join('\n');
}

/** Largest relative difference of each size's 15 values between the first backend and each other one. */
function agreement(rows: Row[]): Record<string, number> {
  const res: Record<string, number> = {};
  for (const r of rows) {
    const ref = rows.find((q) => q.size === r.size && q.backend === rows[0]?.backend);
    if (!ref || ref === r) continue;
    let worst = 0;
    for (const [k, v] of Object.entries(r.check)) {
      const w = ref.check[k] ?? NaN;
      worst = Math.max(
        worst,
        Number.isFinite(v) && Number.isFinite(w) ? Math.abs(v - w) / Math.max(1e-6, Math.abs(w)) : Infinity,
      );
    }
    res[`${r.backend} vs ${ref.backend} at ${r.size}²`] = worst;
  }
  return res;
}

async function main(): Promise<void> {
  configureWasm();
  tf.enableProdMode();
  const env = await environment();
  log(`environment: ${JSON.stringify(env)}`);
  if (mode === 'probe') {
    window.__benchResult = { mode, env };
    await post('/result', window.__benchResult);
    return;
  }
  const rows: Row[] = [];
  const failures: Record<string, string> = {};
  for (const backend of backends) {
    const err = await useBackend(backend);
    if (err) {
      failures[backend] = err;
      log(`backend ${backend} did not start: ${err}`);
      continue;
    }
    await benchBackend(backend, rows);
  }
  const md = table(rows);
  log(`\n${md}`);
  window.__benchResult = { mode, env, failures, rows, agreement: agreement(rows), table: md };
  await post('/result', window.__benchResult);
}

main().catch(async (err: unknown) => {
  const msg = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
  log(`failed: ${msg}`);
  window.__benchResult = { mode, error: msg };
  await post('/result', window.__benchResult);
});
