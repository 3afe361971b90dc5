/**
 * The explorer in real headless Chromium: builds the app once with Vite's JS API, serves it with
 * Vite's preview() on a free port inside this process, and drives Debian's Chromium with
 * playwright-core. Screenshots go to /tmp/shots (not the repository).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import type { PreviewServer } from 'vite';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { LOSS_IDS } from '../../src/core/types.ts';
import { countChangedPixels, decodePng } from './png.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];
const SHOTS = '/tmp/shots';
const ROOT = resolve(import.meta.dirname, '../..');

let outDir = '';
let server: PreviewServer;
let browser: Browser;
let base = '';

type Values = Record<string, string>;

interface OpenPage {
  page: Page;
  errors: string[];
}

async function open(query = '', viewport = { width: 1280, height: 800 }, colorScheme: 'light' | 'dark' = 'light'): Promise<OpenPage> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1, colorScheme });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(base + query);
  await page.waitForSelector('.app[data-status="ready"]', { timeout: 45_000 });
  await settle(page);
  return { page, errors };
}

/** Waits until the runner has no evaluation pending and React has painted its result. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const w = window as unknown as { __lossExplorer: { idle(): Promise<void> } };
    await w.__lossExplorer.idle();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

async function values(page: Page): Promise<Values> {
  return page.evaluate((ids) => {
    const out: Record<string, string> = {};
    for (const id of ids) out[id] = document.querySelector(`[data-loss-id="${id}"] td.value`)?.textContent ?? '';
    return out;
  }, [...LOSS_IDS]);
}

function changed(a: Values, b: Values): string[] {
  return Object.keys(a).filter((k) => a[k] !== b[k]);
}

async function stroke(page: Page, label: string, from: [number, number], to: [number, number]): Promise<void> {
  const canvas = page.getByRole('img', { name: label, exact: true });
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error(`no canvas "${label}"`);
  const at = ([u, v]: [number, number]) => [box.x + u * box.width, box.y + v * box.height] as const;
  const [x0, y0] = at(from);
  const [x1, y1] = at(to);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x1, y1, { steps: 6 });
  await page.mouse.up();
  await settle(page);
}

/** The large gradient view's pixels, clipped at fixed page coordinates (independent of scrolling). */
/** A full-page screenshot with every picture current (the small multiples update while on screen). */
async function fullShot(page: Page, name: string): Promise<void> {
  await page.locator('.card.all-gradients').scrollIntoViewIfNeeded();
  await settle(page);
  await page.waitForSelector('.multiples:not(.stale)');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, name), fullPage: true });
}

async function heatmap(page: Page) {
  const clip = await page.evaluate(() => {
    window.scrollTo(0, 0);
    const r = document.querySelector('canvas[aria-label^="Gradient"]')!.getBoundingClientRect();
    return { x: Math.ceil(r.left), y: Math.ceil(r.top), width: Math.floor(r.width) - 2, height: Math.floor(r.height) - 2 };
  });
  return decodePng(await page.screenshot({ clip }));
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  outDir = mkdtempSync(join(tmpdir(), 'loss-explorer-e2e-'));
  await build({ root: ROOT, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  server = await preview({ root: ROOT, logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  base = server.resolvedUrls?.local[0] ?? '';
  if (!base) throw new Error('preview server has no URL');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (server ? server.httpServer.close(() => r()) : r()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('explorer in Chromium', () => {
  let main: OpenPage;

  it('loads on wasm without console errors; paint, drag and undo work', async () => {
    main = await open();
    const { page, errors } = main;
    const badge = page.getByRole('button', { name: 'Backend', exact: true });
    expect((await badge.textContent())?.trim()).toBe('wasm');
    expect(await badge.getAttribute('title')).toMatch(/wasm: /);
    await expect(page.getByRole('img', { name: 'Ground truth', exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('img', { name: 'Prediction', exact: true }).count()).resolves.toBe(1);
    await fullShot(page, 'default.png');

    const v0 = await values(page);
    for (const id of LOSS_IDS) expect(v0[id], id).toMatch(/^(−?\d|undefined)/);
    const h0 = await heatmap(page);

    // A stroke on the ground truth (empty area, bottom left): every loss sees a new object.
    await stroke(page, 'Ground truth', [0.12, 0.8], [0.35, 0.92]);
    const v1 = await values(page);
    const h1 = await heatmap(page);
    expect(changed(v0, v1)).toEqual(expect.arrayContaining(['bce', 'dice', 'tversky', 'hausdorff_dt']));
    expect(countChangedPixels(h0, h1)).toBeGreaterThan(100);

    // A stroke on the prediction over the missed object.
    await stroke(page, 'Prediction', [0.6, 0.62], [0.8, 0.7]);
    const v2 = await values(page);
    const h2 = await heatmap(page);
    expect(changed(v1, v2)).toEqual(expect.arrayContaining(['bce', 'focal', 'dice', 'tversky']));
    expect(countChangedPixels(h1, h2)).toBeGreaterThan(100);
    await fullShot(page, 'after-painting.png');
    // The small multiples show the same evaluation as the table.
    const captions = await page.locator('.multiple figcaption .m-value').allTextContents();
    expect(captions[0]).toBe(Number(v2.bce!.replace('−', '-')).toPrecision(4).replace('-', '−'));

    // Undo restores the values exactly, twice; redo brings the stroke back.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await settle(page);
    expect(await values(page)).toEqual(v1);
    await page.keyboard.press('Control+z');
    await settle(page);
    expect(await values(page)).toEqual(v0);
    expect(countChangedPixels(h0, await heatmap(page))).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await settle(page);
    expect(await values(page)).toEqual(v1);

    // A parameter slider: select Focal, focus its gamma slider, one arrow key.
    await page.locator('[data-loss-id="focal"]').click();
    const gamma = page.getByRole('slider', { name: /gamma/ });
    await expect(gamma.getAttribute('type')).resolves.toBe('range');
    await gamma.focus();
    const before = await values(page);
    await page.keyboard.press('ArrowRight');
    await settle(page);
    const after = await values(page);
    expect(changed(before, after)).toEqual(['focal']);
    expect(await page.getByRole('textbox', { name: 'gamma value' }).inputValue()).toBe('2.05');
    // The formula shows the current γ.
    await expect(page.locator('.formula .substituted').textContent()).resolves.toContain('2.05');

    expect(errors).toEqual([]);
  });

  it('applies a convention and says what changed', async () => {
    const { page, errors } = main;
    const v0 = await values(page);
    await page.getByRole('combobox', { name: 'Conventions' }).selectOption('monai');
    await settle(page);
    const report = page.getByRole('status', { name: 'What the convention changed' });
    await expect(report.textContent()).resolves.toMatch(/Dice · smooth_nr: same as smooth → 1e−5/);
    const v1 = await values(page);
    expect(changed(v0, v1)).toEqual(expect.arrayContaining(['dice', 'tversky', 'focal']));
    expect(v1.bce).toBe(v0.bce);
    await page.getByRole('button', { name: 'Close' }).click();
    expect(errors).toEqual([]);
  });

  it('renders the dark theme and a tablet in portrait', async () => {
    const { page, errors } = main;
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await fullShot(page, 'dark.png');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();

    await page.setViewportSize({ width: 820, height: 1180 });
    await settle(page);
    const gt = await page.getByRole('img', { name: 'Ground truth', exact: true }).boundingBox();
    const pred = await page.getByRole('img', { name: 'Prediction', exact: true }).boundingBox();
    expect(gt && pred && gt.width > 200 && Math.abs(gt.y - pred.y) < 1).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await fullShot(page, 'tablet-portrait.png');
    expect(errors).toEqual([]);
    await page.close();
    writeFileSync(join(SHOTS, 'README.txt'), 'Screenshots of tests/e2e/explorer.test.ts\n');
  });

  it('follows the system dark preference', async () => {
    const { page, errors } = await open('', { width: 1280, height: 800 }, 'dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('uses webgl with ?backend=webgl and falls back to wasm when the context is lost', async () => {
    const { page, errors } = await open('?backend=webgl');
    const badge = page.getByRole('button', { name: 'Backend', exact: true });
    expect((await badge.textContent())?.trim()).toBe('webgl');
    expect(await badge.getAttribute('title')).toMatch(/forced by \?backend=webgl/);
    const v0 = await values(page);
    await page.evaluate(() => (window as unknown as { __lossExplorer: { loseWebglContext(): boolean } }).__lossExplorer.loseWebglContext());
    await page.waitForFunction(() => document.querySelector('[aria-label="Backend"]')?.textContent?.trim() === 'wasm', null, { timeout: 30_000 });
    await page.waitForSelector('.app[data-status="ready"]');
    await settle(page);
    await expect(page.getByText(/WebGL context was lost/).count()).resolves.toBeGreaterThan(0);
    const v1 = await values(page);
    // Same scene and parameters on another backend: the same numbers to float32 accuracy.
    for (const id of LOSS_IDS) {
      const a = Number(v0[id]!.replace('−', '-'));
      const b = Number(v1[id]!.replace('−', '-'));
      if (Number.isFinite(a)) expect(Math.abs(a - b), id).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(a)));
    }
    expect(errors.filter((e) => !/CONTEXT_LOST_WEBGL|context lost/i.test(e))).toEqual([]);
    await page.close();
  });
});
