/**
 * Shared set-up of the browser tests: builds the app with Vite's JS API (once for all test files: the
 * build is cached in the temp folder under a key of the sources, and test files running in parallel
 * wait for the one that builds), serves it with Vite's preview() on a free port inside the test
 * process, and drives Debian's Chromium with playwright-core. Screenshots go to /tmp/shots (never the
 * repository).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build, preview } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import type { PreviewServer } from 'vite';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { LOSS_IDS } from '../../src/core/types.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
export const SHOTS = '/tmp/shots';
const ROOT = resolve(import.meta.dirname, '../..');

export type Values = Record<string, string>;

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions, in order. */
  errors: string[];
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** Extra context options (e.g. permissions). */
  context?: BrowserContextOptions;
  /** Clipboard read/write granted for the app's origin. */
  clipboard?: boolean;
  /** Runs in the page before the app's own code (e.g. to take a browser feature away). */
  init?: () => void;
}

export interface Harness {
  base: string;
  browser: Browser;
  /** A fresh browser context (no storage shared with other pages) with the app at `path` (or a full URL), warmed up. */
  open(path?: string, options?: OpenOptions): Promise<OpenPage>;
  close(): Promise<void>;
}

const BUILD_PREFIX = 'loss-explorer-e2e-build-';

/** A key of everything the build reads: paths, sizes and modification times of the sources and configs. */
function sourceKey(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else hash.update(`${relative(ROOT, path)}:${st.size}:${st.mtimeMs}\n`);
    }
  };
  for (const dir of ['src', 'public']) if (existsSync(join(ROOT, dir))) walk(join(ROOT, dir));
  for (const file of ['index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json']) {
    const path = join(ROOT, file);
    if (existsSync(path)) {
      const st = statSync(path);
      hash.update(`${file}:${st.size}:${st.mtimeMs}\n`);
    }
  }
  hash.update('production build, NODE_ENV=production\n');
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The built app for the current sources: reused when already built, built once otherwise (a lock
 * folder makes parallel test files wait for the first). Older builds are removed.
 */
async function builtApp(): Promise<string> {
  const key = sourceKey();
  const outDir = join(tmpdir(), `${BUILD_PREFIX}${key}`);
  const done = join(outDir, '.built');
  const lock = `${outDir}.lock`;
  for (let waited = 0; !existsSync(done); waited += 250) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      // Another test file is building: wait, or take over a lock left by a killed run.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (waited > 150_000 || age > 150_000) rmSync(lock, { recursive: true, force: true });
      await sleep(250);
      continue;
    }
    try {
      if (!existsSync(done)) {
        // React's production build, as a person gets it: vitest sets NODE_ENV=test, which would give the
        // development build (StrictMode's double renders, slower everything) and the dev JSX runtime.
        const nodeEnv = process.env.NODE_ENV;
        process.env.NODE_ENV = 'production';
        try {
          await build({ root: ROOT, mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true } });
        } finally {
          process.env.NODE_ENV = nodeEnv;
        }
        writeFileSync(done, new Date().toISOString());
      }
    } finally {
      if (mine) rmSync(lock, { recursive: true, force: true });
    }
  }
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(BUILD_PREFIX) || name.endsWith('.lock') || name === `${BUILD_PREFIX}${key}`) continue;
    const path = join(tmpdir(), name);
    // Another key: a build of older sources (or of a checkout running its own tests right now: keep recent ones).
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  return outDir;
}

/** Builds (or reuses the build), serves and launches Chromium. Call in beforeAll (allow ~2 minutes), close() in afterAll. */
export async function startHarness(): Promise<Harness> {
  mkdirSync(SHOTS, { recursive: true });
  let server: PreviewServer | null = null;
  let browser: Browser | null = null;
  try {
    const outDir = await builtApp();
    server = await preview({
      root: ROOT,
      logLevel: 'error',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    const base = server.resolvedUrls?.local[0] ?? '';
    if (!base) throw new Error('preview server has no URL');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const b = browser;
    const s = server;
    return {
      base,
      browser: b,
      async open(path = '', options = {}) {
        const context = await b.newContext({
          viewport: options.viewport ?? { width: 1280, height: 800 },
          deviceScaleFactor: 1,
          colorScheme: options.colorScheme ?? 'light',
          acceptDownloads: true,
          ...options.context,
        });
        if (options.init) await context.addInitScript(options.init);
        if (options.clipboard)
          await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base).origin });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
        await page.goto(/^https?:/.test(path) ? path : base + path);
        await page.waitForSelector('.app[data-status="ready"]', { timeout: 45_000 });
        await settle(page);
        return { page, context, errors };
      },
      async close() {
        await b.close();
        await new Promise<void>((r) => s.httpServer.close(() => r()));
      },
    };
  } catch (err) {
    await browser?.close();
    if (server) await new Promise<void>((r) => server!.httpServer.close(() => r()));
    throw err;
  }
}

/**
 * The harness of one test file: registers the beforeAll that starts it (building the app if needed) and
 * the afterAll that closes it. The handle is usable from the file's tests and later hooks.
 */
export function useHarness(timeoutMs = 180_000): Harness {
  let started: Harness | undefined;
  const get = (): Harness => {
    if (!started) throw new Error('the browser harness is not started yet (it starts in beforeAll)');
    return started;
  };
  beforeAll(async () => {
    started = await startHarness();
  }, timeoutMs);
  afterAll(async () => {
    await started?.close();
  });
  return {
    get base() {
      return get().base;
    },
    get browser() {
      return get().browser;
    },
    open: (path, options) => get().open(path, options),
    close: () => get().close(),
  };
}

/** Waits until the runner and the charts have nothing pending and React has painted the result. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const w = window as unknown as { __lossExplorer: { idle(): Promise<void>; chartsIdle?: () => Promise<void> } };
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
    for (let i = 0; i < 2; i++) {
      await w.__lossExplorer.idle();
      await frame();
      await w.__lossExplorer.chartsIdle?.();
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

/** The loss table as shown (5 significant digits). */
export async function values(page: Page): Promise<Values> {
  return page.evaluate(
    (ids) => {
      const out: Record<string, string> = {};
      for (const id of ids) out[id] = document.querySelector(`[data-loss-id="${id}"] td.value`)?.textContent ?? '';
      return out;
    },
    [...LOSS_IDS],
  );
}

/** The loss table's exact values (the data-value attribute: full float64 precision). */
export async function exactValues(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    (ids) => {
      const out: Record<string, number> = {};
      for (const id of ids)
        out[id] = Number(document.querySelector(`[data-loss-id="${id}"] td.value`)?.getAttribute('data-value') ?? NaN);
      return out;
    },
    [...LOSS_IDS],
  );
}

export function changed(a: Values, b: Values): string[] {
  return Object.keys(a).filter((k) => a[k] !== b[k]);
}

/** One pointer stroke across a canvas, from and to fractions of its size. */
export async function stroke(page: Page, label: string, from: [number, number], to: [number, number]): Promise<void> {
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

/** A full-page screenshot with every picture current (the small multiples update while on screen). */
export async function fullShot(page: Page, name: string): Promise<void> {
  const multiples = page.locator('.card.all-gradients');
  if (await multiples.count()) {
    await multiples.scrollIntoViewIfNeeded();
    await settle(page);
    await page.waitForSelector('.multiples:not(.stale)');
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  // Off-screen cards skip rendering (content-visibility: auto): a full-page picture would show them blank.
  const style = await page.addStyleTag({ content: '.card { content-visibility: visible !important; }' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(SHOTS, name), fullPage: true });
  await style.evaluate((el) => (el as Element).remove());
}

/** A hash of a canvas's pixels (FNV-1a over the RGBA bytes) and its size. */
export async function canvasHash(page: Page, label: string): Promise<string> {
  return page.evaluate((name) => {
    const c = document.querySelector<HTMLCanvasElement>(`canvas[aria-label="${name}"]`);
    if (!c) return 'missing';
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let h = 0x811c9dc5;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ (d[i] as number), 16777619) >>> 0;
    return `${c.width}x${c.height}:${h.toString(16)}`;
  }, label);
}

/** Hashes of the store's two masks (their float32 bytes), exact to the bit. */
export async function sceneHash(page: Page): Promise<{ height: number; width: number; target: string; pred: string }> {
  return page.evaluate(() => {
    const w = window as unknown as {
      __lossExplorer: {
        store: { getState(): { scene: { height: number; width: number; target: Float32Array; pred: Float32Array } } };
      };
    };
    const { scene } = w.__lossExplorer.store.getState();
    const hash = (a: Float32Array) => {
      const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      let h = 0x811c9dc5;
      for (let i = 0; i < b.length; i++) h = Math.imul(h ^ (b[i] as number), 16777619) >>> 0;
      return h.toString(16);
    };
    return { height: scene.height, width: scene.width, target: hash(scene.target), pred: hash(scene.pred) };
  });
}
