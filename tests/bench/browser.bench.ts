/**
 * `npm run bench:browser`: live latency of the explorer in headless Chromium. Builds the app, serves it
 * from this process, and for each backend and grid runs scripted strokes on the prediction canvas and
 * keyboard drags of a slider. Prints a table; asserts nothing (timings on a shared machine are noisy).
 *
 * Per backend × grid:
 *  - stroke → screen: pointer event to the start of the frame presenting values and heatmaps computed from
 *    it (median, p95), measured in the page (src/platform/latency.ts);
 *  - evaluation: the engine's own time per evaluation;
 *  - parameter drag: slider input event to the frame with the new values, heatmaps and chart;
 *  - baseline: one elementwise pass (p·g with upload and readback) on the same backend in the same page;
 *    every other column is also given as a ratio to it.
 * Also: time from navigation to the first interactive frame, and the bundle size.
 *
 * Options: --backends wasm,webgl,cpu  --grids 64,128,256,512  --strokes 100
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
const backends = (args.get('backends') ?? 'wasm,webgl,cpu').split(',');
const grids = (args.get('grids') ?? '64,128,256,512').split(',').map(Number);
const strokeCount = Number(args.get('strokes') ?? '100');

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

interface Samples {
  stroke: number[];
  param: number[];
  evaluation: number[];
  draw: number[];
}

interface Row {
  backend: string;
  grid: number;
  renderer: string;
  firstFrame: number;
  baseline: number;
  evaluation: number;
  strokeMedian: number;
  strokeP95: number;
  paramMedian: number;
  paramP95: number;
  strokeSamples: number;
}

function quantile(xs: number[], q: number): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

function bundleSize(dir: string): { raw: number; gzip: number; files: number } {
  let raw = 0;
  let gzip = 0;
  let files = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const buf = readFileSync(p);
        raw += buf.length;
        gzip += gzipSync(buf).length;
        files++;
      }
    }
  };
  walk(dir);
  return { raw, gzip, files };
}

async function idle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const w = window as unknown as { __lossExplorer: { idle(): Promise<void> } };
    await w.__lossExplorer.idle();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

async function strokes(page: Page, count: number): Promise<void> {
  const canvas = page.getByRole('img', { name: 'Prediction', exact: true });
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no Prediction canvas');
  for (let k = 0; k < count; k++) {
    // A short arc, six pointer events about a frame apart, as a hand would draw.
    const cx = box.x + box.width * (0.25 + 0.5 * ((k * 0.37) % 1));
    const cy = box.y + box.height * (0.25 + 0.5 * ((k * 0.61) % 1));
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let j = 1; j <= 5; j++) {
      await page.mouse.move(cx + j * box.width * 0.02, cy + Math.sin(j) * box.height * 0.02);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    await idle(page);
  }
}

async function drags(page: Page, count: number): Promise<void> {
  // Select focal and drag γ with the keyboard: each key press is one slider input event.
  await page.locator('[data-loss-id="focal"]').first().click();
  const slider = page.getByRole('slider', { name: /gamma/ }).first();
  await slider.focus();
  for (let k = 0; k < count; k++) {
    await page.keyboard.press(k % 20 < 10 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForTimeout(16);
    if (k % 10 === 9) await idle(page);
  }
  await idle(page);
}

async function main(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'loss-explorer-bench-'));
  console.error('building…');
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const size = bundleSize(outDir);
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { port: 0, host: '127.0.0.1' }, build: { outDir } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('no preview address');
  const base = `http://127.0.0.1:${address.port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const rows: Row[] = [];
  try {
    for (const backend of backends) {
      for (const grid of grids) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await page.goto(`${base}?backend=${backend}`);
        await page.waitForSelector('.app[data-status="ready"]', { timeout: 120_000 });
        await idle(page);
        const firstFrame = await page.evaluate(() => performance.getEntriesByName('first-interactive-frame')[0]?.startTime ?? Number.NaN);
        const renderer = await page.evaluate(() => document.querySelector('[aria-label="Backend"]')?.textContent ?? '?');
        await page.evaluate((g) => {
          const w = window as unknown as { __lossExplorer: { store: { getState(): { setGridSize(n: number): void } } } };
          w.__lossExplorer.store.getState().setGridSize(g);
        }, grid);
        await idle(page);
        await strokes(page, 3); // warm-up at this grid (shaders, caches)
        await page.evaluate(() => (window as unknown as { __lossExplorer: { takeLatencySamples(): unknown } }).__lossExplorer.takeLatencySamples());
        await strokes(page, strokeCount);
        const strokeSamples = (await page.evaluate(() => (window as unknown as { __lossExplorer: { takeLatencySamples(): unknown } }).__lossExplorer.takeLatencySamples())) as Samples;
        await drags(page, 40);
        const dragSamples = (await page.evaluate(() => (window as unknown as { __lossExplorer: { takeLatencySamples(): unknown } }).__lossExplorer.takeLatencySamples())) as Samples;
        const baseline = await page.evaluate((g) => (window as unknown as { __lossExplorer: { baseline(n: number): number } }).__lossExplorer.baseline(g), grid);
        rows.push({
          backend, grid, renderer, firstFrame, baseline,
          evaluation: quantile(strokeSamples.evaluation, 0.5),
          strokeMedian: quantile(strokeSamples.stroke, 0.5),
          strokeP95: quantile(strokeSamples.stroke, 0.95),
          paramMedian: quantile(dragSamples.param, 0.5),
          paramP95: quantile(dragSamples.param, 0.95),
          strokeSamples: strokeSamples.stroke.length,
        });
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
  const cell = (x: number, base: number) => `${ms(x)} (${Number.isNaN(x) ? '–' : (x / base).toFixed(0)}×)`;
  const version = browser.version();
  console.log(`\nLoss Explorer live latency — headless Chromium ${version}, ${strokeCount} strokes of 6 pointer events per cell`);
  console.log('ms; (N×) = ratio to the same page\'s baseline, one elementwise pass p·g with upload and readback on that backend');
  console.log(`bundle: ${size.files} files, ${(size.raw / 1024).toFixed(0)} KiB, ${(size.gzip / 1024).toFixed(0)} KiB gzipped\n`);
  console.log('| backend | grid | first frame | baseline | evaluation | stroke→screen median | stroke→screen p95 | drag frame median | drag frame p95 | samples |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.renderer} | ${r.grid}² | ${ms(r.firstFrame)} | ${ms(r.baseline)} | ${cell(r.evaluation, r.baseline)} | ${cell(r.strokeMedian, r.baseline)} | ${cell(r.strokeP95, r.baseline)} | ${cell(r.paramMedian, r.baseline)} | ${cell(r.paramP95, r.baseline)} | ${r.strokeSamples} |`);
  }
}

await main();
