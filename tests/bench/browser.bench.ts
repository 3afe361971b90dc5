/**
 * `npm run bench:browser`: what a person feels, in headless Chromium, measured from outside the app's code.
 * Builds the app, serves it from this process, and per backend × grid:
 *  - slider drag: the mouse drags focal's γ slider back and forth for 2 s (a move every 16 ms, positions
 *    following the clock as a hand would); a MutationObserver on focal's value cell counts the distinct
 *    values that reached the screen per second, and a requestAnimationFrame loop gives the longest gap
 *    between frames;
 *  - stroke: the mouse paints a 2 s circle on the Prediction canvas; the same, on BCE's value cell;
 *  - single input → screen: one ArrowRight on the γ slider, from the keydown event's timestamp to the first
 *    frame after the value cell changed (p50, p95 over the presses);
 *  - the engine's own time per evaluation, and the elementwise baseline (one p·g pass with upload and
 *    readback on the same backend, in the engine's thread): the latency columns also show their ratio to it.
 *  - learn mode: four lanes (BCE, Dice, Focal, Tversky) play for 2 s at each steps-per-frame setting; steps per
 *    second from the lanes' data-step attributes, and the longest frame gap while training.
 * Also per backend: navigation → first frame showing computed values; and the bundle (all files, and what
 * the first load fetches before the engine: the entry's JS and CSS).
 * Prints tables; asserts nothing (timings on a shared machine are noisy).
 *
 * Options: --backends wasm,webgl,cpu  --grids 64,128,256  --presses 30  --root DIR (another checkout, for a
 * before/after run of the same script)  --flags swiftshader|software (compositing)  --only live|learn
 * --per-frame 1,2,8 (learn mode's steps per frame)  --trace DIR (a Chrome trace of each drag and stroke, for
 * chrome://tracing or Perfetto: where a long frame went, thread by thread)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
const backends = (args.get('backends') ?? 'wasm,webgl,cpu').split(',');
const grids = (args.get('grids') ?? '64,128,256').split(',').map(Number);
const presses = Number(args.get('presses') ?? '30');
const ROOT = resolve(args.get('root') ?? resolve(import.meta.dirname, '../..'));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const FLAGS = args.get('flags') ?? 'swiftshader';
const ARGS = [
  ...BASE_ARGS,
  ...(FLAGS === 'software' ? ['--disable-gpu'] : ['--use-angle=swiftshader', '--enable-unsafe-swiftshader']),
];
const DRAG_MS = 2000;
const only = args.get('only') ?? '';
const traceDir = args.get('trace') ?? null;
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink',
  'cc',
  'viz',
  'gpu',
];

/** Runs `measure` under a Chrome trace written to traceDir/name.json when --trace is given. */
async function traced<T>(page: Page, name: string, measure: () => Promise<T>): Promise<T> {
  if (!traceDir) return measure();
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser to trace');
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  try {
    return await measure();
  } finally {
    mkdirSync(traceDir, { recursive: true });
    writeFileSync(join(traceDir, `${name}.json`), await browser.stopTracing());
  }
}
const perFrame = (args.get('per-frame') ?? '1,2,8').split(',').map(Number);
const LEARN_LANES = ['bce', 'dice', 'focal', 'tversky'];

interface LearnRow {
  grid: number;
  perFrame: number;
  stepsPerSecond: number;
  longestGap: number;
  fps: number;
}

interface Live {
  /** Distinct values on screen per second. */
  perSecond: number;
  /** Longest gap between two animation frames, ms. */
  longestGap: number;
  fps: number;
}

interface Row {
  backend: string;
  grid: number;
  baseline: number;
  evaluation: number;
  drag: Live;
  stroke: Live;
  inputP50: number;
  inputP95: number;
}

function quantile(xs: number[], q: number): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

function sizeOf(files: string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const p of files) {
    const buf = readFileSync(p);
    raw += buf.length;
    gzip += gzipSync(buf).length;
  }
  return { raw, gzip };
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

/** The entry's own JS and CSS (index.html's script and stylesheet): what the page fetches before its first frame. */
function firstLoad(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => join(dir, m[1] as string));
}

/** Installed before the app runs: notes the first frame after any loss value appeared (time to interactive). */
const FIRST_VALUE_PROBE = `(() => {
  const probe = { firstValueFrame: null };
  window.__benchProbe = probe;
  const obs = new MutationObserver(() => {
    if (document.querySelector('tr[data-loss-id] td[data-value]:not([data-value=""])')) {
      obs.disconnect();
      requestAnimationFrame((t) => { probe.firstValueFrame = t; });
    }
  });
  document.addEventListener('DOMContentLoaded', () => obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value'] }));
})();`;

/** The page at rest: no evaluation pending, the charts computed and drawn (a drag starts from a settled page). */
async function idle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const w = window as unknown as { __lossExplorer: { idle(): Promise<void>; chartsIdle?: () => Promise<void> } };
    // Twice, a frame apart: a scroll or a layout change tells the page which charts are in view only in
    // the next frame, and those then start computing.
    for (let i = 0; i < 2; i++) {
      await w.__lossExplorer.idle();
      await new Promise((r) => requestAnimationFrame(r));
      await w.__lossExplorer.chartsIdle?.();
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

/** Starts watching a loss's value cell and the frames; returns when armed. The page's own code is not involved. */
async function watch(page: Page, lossId: string): Promise<void> {
  await page.evaluate((id) => {
    const cell = document.querySelector(`tr[data-loss-id="${id}"] td[data-value]`);
    if (!cell) throw new Error(`no value cell for ${id}`);
    const w = window as unknown as {
      __watch: { changes: number[]; frames: number[]; stop: boolean; obs: MutationObserver };
    };
    const changes: number[] = [];
    const frames: number[] = [];
    let last = cell.getAttribute('data-value');
    const obs = new MutationObserver(() => {
      const v = cell.getAttribute('data-value');
      if (v !== last && v !== '') {
        last = v;
        changes.push(performance.now());
      }
    });
    obs.observe(cell, { attributes: true, attributeFilter: ['data-value'] });
    w.__watch = { changes, frames, stop: false, obs };
    const loop = (t: number) => {
      frames.push(t);
      if (!w.__watch.stop) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }, lossId);
}

async function collect(page: Page, ms: number): Promise<Live> {
  return page.evaluate((ms) => {
    const w = window as unknown as {
      __watch: { changes: number[]; frames: number[]; stop: boolean; obs: MutationObserver };
    };
    w.__watch.stop = true;
    w.__watch.obs.disconnect();
    const { changes, frames } = w.__watch;
    let gap = 0;
    for (let i = 1; i < frames.length; i++) gap = Math.max(gap, (frames[i] as number) - (frames[i - 1] as number));
    return { perSecond: changes.length / (ms / 1000), longestGap: gap, fps: frames.length / (ms / 1000) };
  }, ms);
}

/** Mouse moves every 16 ms for `ms`, each at where the hand is at that moment (late moves skip ahead). */
async function handMotion(page: Page, ms: number, at: (t: number) => { x: number; y: number }): Promise<void> {
  const t0 = Date.now();
  for (let next = 0; ; next += 16) {
    const now = Date.now() - t0;
    if (now >= ms) break;
    if (now < next) await new Promise((r) => setTimeout(r, next - now));
    const p = at(Math.min(ms, Date.now() - t0));
    await page.mouse.move(p.x, p.y);
  }
}

async function sliderDrag(page: Page): Promise<Live> {
  await page.locator('[data-loss-id="focal"] .loss-name').click();
  const slider = page.getByRole('slider', { name: /^gamma \(/ });
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  if (!box) throw new Error('no γ slider');
  await idle(page);
  const y = box.y + box.height / 2;
  const x = (f: number) => box.x + box.width * (0.1 + 0.8 * f);
  await page.mouse.move(x(0.5), y);
  await page.mouse.down();
  await watch(page, 'focal');
  // Two sweeps across the slider and back in 2 s.
  await handMotion(page, DRAG_MS, (t) => ({ x: x(0.5 + 0.45 * Math.sin((2 * Math.PI * t) / 1000)), y }));
  const live = await collect(page, DRAG_MS);
  await page.mouse.up();
  await idle(page);
  return live;
}

async function stroke(page: Page): Promise<Live> {
  const canvas = page.getByRole('img', { name: 'Prediction', exact: true });
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no Prediction canvas');
  await idle(page);
  const at = (t: number) => {
    const a = (2 * Math.PI * t) / DRAG_MS;
    return { x: box.x + box.width * (0.5 + 0.3 * Math.cos(a)), y: box.y + box.height * (0.5 + 0.3 * Math.sin(a)) };
  };
  const start = at(0);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await watch(page, 'bce');
  await handMotion(page, DRAG_MS, at);
  const live = await collect(page, DRAG_MS);
  await page.mouse.up();
  await idle(page);
  return live;
}

/** Key press → the first frame after focal's value cell changed, from the keydown's own timestamp. */
async function singleInputs(page: Page, count: number): Promise<number[]> {
  await page.locator('[data-loss-id="focal"] .loss-name').click();
  const slider = page.getByRole('slider', { name: /^gamma \(/ });
  await slider.focus();
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    await idle(page);
    // Armed first (one round trip), then the key: the observer must be in place before the input arrives.
    await page.evaluate(() => {
      (window as unknown as { __pressed: Promise<number> }).__pressed = new Promise<number>((resolve, reject) => {
        const cell = document.querySelector('tr[data-loss-id="focal"] td[data-value]');
        if (!cell) return reject(new Error('no focal value cell'));
        let down = Number.NaN;
        const onKey = (e: KeyboardEvent) => {
          down = e.timeStamp;
        };
        document.addEventListener('keydown', onKey, { capture: true, once: true });
        const before = cell.getAttribute('data-value');
        const obs = new MutationObserver(() => {
          if (cell.getAttribute('data-value') === before) return;
          obs.disconnect();
          requestAnimationFrame((frame) => resolve(frame - down));
        });
        obs.observe(cell, { attributes: true, attributeFilter: ['data-value'] });
        setTimeout(() => reject(new Error('the value did not change within 10 s')), 10_000);
      });
    });
    await page.keyboard.press(k % 20 < 10 ? 'ArrowRight' : 'ArrowLeft');
    out.push(await page.evaluate(() => (window as unknown as { __pressed: Promise<number> }).__pressed));
  }
  return out;
}

/** Learn mode with four lanes: Play for 2 s per steps-per-frame setting; steps/s from the lanes' data-step. */
async function learnRuns(page: Page, grid: number): Promise<LearnRow[]> {
  await page.getByRole('button', { name: 'Learn', exact: true }).click();
  await page.evaluate((lanes) => {
    const w = window as unknown as { __lossExplorer: { learn: { getState(): { setSettings(p: object): void } } } };
    w.__lossExplorer.learn
      .getState()
      .setSettings({ lanes: lanes.map((loss) => ({ loss, params: {} })), stopAfter: 100_000 });
  }, LEARN_LANES);
  const rows: LearnRow[] = [];
  for (const k of perFrame) {
    await page.evaluate(async (k) => {
      const w = window as unknown as {
        __lossExplorer: { learn: { getState(): { setStepsPerFrame(n: number): void } }; learnIdle(): Promise<void> };
      };
      w.__lossExplorer.learn.getState().setStepsPerFrame(k);
      await w.__lossExplorer.learnIdle();
    }, k);
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('[data-learn-loss]').length === n &&
        [...document.querySelectorAll<HTMLElement>('[data-learn-loss]')].every((el) => el.dataset.value !== ''),
      LEARN_LANES.length,
      { timeout: 60_000 },
    );
    const live = await page.evaluate(async (ms) => {
      const steps = () => Number(document.querySelector<HTMLElement>('[data-learn-loss]')?.dataset.step ?? 0);
      const frames: number[] = [];
      let stop = false;
      const loop = (t: number) => {
        frames.push(t);
        if (!stop) requestAnimationFrame(loop);
      };
      const play = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Play')!;
      play.click();
      // The first report after Play starts the clock (the first frame may still be starting the lanes).
      const first = await new Promise<{ at: number; step: number }>((resolve) => {
        const s0 = steps();
        const poll = () =>
          steps() > s0 ? resolve({ at: performance.now(), step: steps() }) : requestAnimationFrame(poll);
        poll();
      });
      requestAnimationFrame(loop);
      await new Promise((r) => setTimeout(r, ms));
      stop = true;
      const last = { at: performance.now(), step: steps() };
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Pause')!.click();
      let gap = 0;
      for (let i = 1; i < frames.length; i++) gap = Math.max(gap, frames[i]! - frames[i - 1]!);
      return {
        stepsPerSecond: ((last.step - first.step) * 1000) / (last.at - first.at),
        longestGap: gap,
        fps: frames.length / (ms / 1000),
      };
    }, DRAG_MS);
    await page.evaluate(async () => {
      const w = window as unknown as { __lossExplorer: { learnIdle(): Promise<void> } };
      await w.__lossExplorer.learnIdle();
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Reset')!.click();
      await w.__lossExplorer.learnIdle();
    });
    rows.push({ grid, perFrame: k, ...live });
  }
  return rows;
}

async function main(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'loss-explorer-bench-'));
  console.error(`building ${ROOT}…`);
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const total = sizeOf(allFiles(outDir));
  const entry = sizeOf(firstLoad(outDir));
  const server = await preview({
    root: ROOT,
    logLevel: 'warn',
    preview: { port: 0, host: '127.0.0.1' },
    build: { outDir },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('no preview address');
  const base = `http://127.0.0.1:${address.port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const rows: Row[] = [];
  const learnRows: LearnRow[] = [];
  const firstFrames = new Map<string, number>();
  try {
    for (const backend of backends) {
      for (const grid of grids) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        // tsx keeps function names with a __name helper that the page lacks: the functions passed to evaluate need it.
        await context.addInitScript('window.__name = (f) => f;');
        await context.addInitScript(FIRST_VALUE_PROBE);
        const page = await context.newPage();
        await page.goto(`${base}?backend=${backend}`);
        await page.waitForSelector('.app[data-status="ready"]', { timeout: 120_000 });
        await idle(page);
        const shown = (await page.locator('[aria-label="Backend"]').textContent())?.trim() ?? '?';
        if (!firstFrames.has(backend)) {
          firstFrames.set(
            backend,
            await page
              .waitForFunction(
                () =>
                  (window as unknown as { __benchProbe: { firstValueFrame: number | null } }).__benchProbe
                    .firstValueFrame,
              )
              .then((h) => h.jsonValue() as Promise<number>),
          );
        }
        await page.evaluate((g) => {
          (
            window as unknown as { __lossExplorer: { store: { getState(): { setGridSize(n: number): void } } } }
          ).__lossExplorer.store
            .getState()
            .setGridSize(g);
        }, grid);
        await idle(page);
        if (only === 'learn') {
          if (backend === backends[0]) learnRows.push(...(await learnRuns(page, grid)));
          console.error(`done learn ${grid}²`);
          await context.close();
          continue;
        }
        await stroke(page); // warm-up at this grid (shaders, caches)
        await page.evaluate(() =>
          (
            window as unknown as { __lossExplorer: { takeLatencySamples(): unknown } }
          ).__lossExplorer.takeLatencySamples(),
        );
        const strokeLive = await traced(page, `stroke-${backend}-${grid}`, () => stroke(page));
        const dragLive = await traced(page, `drag-${backend}-${grid}`, () => sliderDrag(page));
        const inputs = await singleInputs(page, presses);
        const samples = (await page.evaluate(() =>
          (
            window as unknown as { __lossExplorer: { takeLatencySamples(): unknown } }
          ).__lossExplorer.takeLatencySamples(),
        )) as { evaluation: number[] };
        const baseline = await page.evaluate(
          (g) =>
            (
              window as unknown as { __lossExplorer: { baseline(n: number): number | Promise<number> } }
            ).__lossExplorer.baseline(g),
          grid,
        );
        rows.push({
          backend: shown,
          grid,
          baseline,
          evaluation: quantile(samples.evaluation, 0.5),
          drag: dragLive,
          stroke: strokeLive,
          inputP50: quantile(inputs, 0.5),
          inputP95: quantile(inputs, 0.95),
        });
        if (only !== 'live' && backend === backends[0]) learnRows.push(...(await learnRuns(page, grid)));
        console.error(`done ${backend} ${grid}²`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
    rmSync(outDir, { recursive: true, force: true });
  }

  const ms = (x: number) => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(1));
  const ratio = (x: number, b: number) => (Number.isNaN(x) || !(b > 0) ? '' : ` (${(x / b).toFixed(0)}×)`);
  const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  console.log(
    `\nLoss Explorer live — headless Chromium ${browser.version()} (${FLAGS === 'software' ? '--disable-gpu' : 'SwiftShader'} compositing), ${ROOT}`,
  );
  console.log(
    `bundle: all files ${kib(total.raw)} (${kib(total.gzip)} gzipped); first load (entry JS + CSS) ${kib(entry.raw)} (${kib(entry.gzip)} gzipped)`,
  );
  console.log(
    `navigation → first frame with values: ${[...firstFrames].map(([b, t]) => `${b} ${ms(t)} ms`).join(', ')}\n`,
  );
  if (rows.length > 0) {
    console.log(
      '2 s mouse drag of a slider and 2 s stroke: distinct values on screen per second, longest frame gap (ms), frames per second;',
    );
    console.log("one key press → the frame showing it (ms); (N×) = ratio to the same page's elementwise baseline.\n");
    console.log(
      '| backend | grid | baseline | evaluation | drag values/s | drag longest gap | drag fps | stroke values/s | stroke longest gap | stroke fps | input→screen p50 | input→screen p95 |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(
        `| ${r.backend} | ${r.grid}² | ${ms(r.baseline)} | ${ms(r.evaluation)}${ratio(r.evaluation, r.baseline)} | ${r.drag.perSecond.toFixed(1)} | ${ms(r.drag.longestGap)} | ${r.drag.fps.toFixed(0)} ` +
          `| ${r.stroke.perSecond.toFixed(1)} | ${ms(r.stroke.longestGap)} | ${r.stroke.fps.toFixed(0)} | ${ms(r.inputP50)}${ratio(r.inputP50, r.baseline)} | ${ms(r.inputP95)}${ratio(r.inputP95, r.baseline)} |`,
      );
    }
  }
  if (learnRows.length > 0) {
    console.log(
      `\nLearn mode, ${LEARN_LANES.length} lanes (${LEARN_LANES.join(', ')}), learn worker (${backends[0]}), 2 s of Play each:\n`,
    );
    console.log('| grid | steps per frame | steps/s | longest frame gap | fps |');
    console.log('|---|---|---|---|---|');
    for (const r of learnRows)
      console.log(
        `| ${r.grid}² | ${r.perFrame} | ${r.stepsPerSecond.toFixed(1)} | ${ms(r.longestGap)} | ${r.fps.toFixed(0)} |`,
      );
  }
}

await main();
