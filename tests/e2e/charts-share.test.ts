/**
 * Charts and share links in headless Chromium (set-up in harness.ts). Each chart: its accessible name,
 * a change when the relevant slider moves (SVG path 'd' and marker positions), PNG and SVG downloads.
 * Share: "Copy link" opened in a fresh browser context reproduces the values (to 1e-6) and the masks
 * (bit for bit); classroom flags hide their controls; a hostile or truncated link shows the defaults
 * with a visible message. Screenshots go to /tmp/shots.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { paramSpec } from '../../src/core/registry.ts';
import type { LossId, NumberParamSpec } from '../../src/core/types.ts';
import { LOSS_IDS } from '../../src/core/types.ts';
import {
  focalFigureLabel,
  focalTverskyFigureLabel,
  parameterChartLabel,
  responseChartLabel,
  tverskyMapLabel,
} from '../../src/ui/charts/labels.ts';
import { FOCAL_PAPER_GAMMAS, FOCAL_TVERSKY_PAPER_GAMMAS, formatGamma } from '../../src/core/curves.ts';
import { buildPreset } from '../../src/scene/index.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { conventionParams } from '../../src/core/conventions.ts';
import { SHOTS, canvasHash, exactValues, sceneHash, settle, useHarness, stroke } from './harness.ts';

const h = useHarness();

const paramLabel = (id: LossId, key: string) => parameterChartLabel(id, paramSpec(id, key) as NumberParamSpec);
const focalLabel = focalFigureLabel(FOCAL_PAPER_GAMMAS.map((g) => (g === 0 ? 'γ = 0 (CE)' : `γ = ${formatGamma(g)}`)));
const focalTverskyLabel = focalTverskyFigureLabel(FOCAL_TVERSKY_PAPER_GAMMAS.map((g) => `γ = ${formatGamma(g)}`));

/** Everything drawn in a chart's plot: every path's 'd' and every circle's centre. */
async function drawing(plot: Locator): Promise<string[]> {
  return plot.evaluate((el) => [
    ...[...el.querySelectorAll('path')].map((p) => `path ${p.getAttribute('d') ?? ''}`),
    ...[...el.querySelectorAll('circle')].map((c) => `circle ${c.getAttribute('cx')},${c.getAttribute('cy')}`),
    ...[...el.querySelectorAll('image')].map(
      (i) => `image ${(i.getAttribute('href') ?? '').length}:${(i.getAttribute('href') ?? '').slice(-64)}`,
    ),
  ]);
}

function differs(a: string[], b: string[]): number {
  const n = Math.max(a.length, b.length);
  let d = 0;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) d++;
  return d;
}

/** The chart card whose plot has this accessible name. */
function card(page: Page, label: string): Locator {
  return page.locator('figure.chart-card').filter({ has: page.getByRole('img', { name: label, exact: true }) });
}

/** The chart's export buttons give downloads: a real PNG and a standalone SVG document. */
async function checkExports(
  page: Page,
  label: string,
  stem: RegExp,
  formats: readonly ('png' | 'svg')[] = ['png', 'svg'],
): Promise<void> {
  const c = card(page, label);
  for (const format of formats) {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      c.getByRole('button', { name: new RegExp(`as ${format.toUpperCase()}$`) }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`${stem.source}\\.${format}$`));
    const bytes = readFileSync(await download.path());
    if (format === 'png') expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    else expect(bytes.toString('utf8')).toMatch(/^<\?xml[^]*<svg[^]*<\/svg>\s*$/);
    expect(bytes.length).toBeGreaterThan(1000);
  }
}

/** Types a parameter value into its number field (a large move in one step). */
async function typeParam(page: Page, key: string, value: number): Promise<void> {
  const field = page.getByRole('textbox', { name: `${key} value`, exact: true });
  await field.fill(String(value));
  await field.press('Enter');
  await settle(page);
}

/** Scrolls the charts on screen and waits until they are computed (they only run while visible). */
async function showCharts(page: Page): Promise<void> {
  await page.locator('.card.charts').scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () =>
      (
        window as unknown as { __lossExplorer: { store: { getState(): { chartsVisible: boolean } } } }
      ).__lossExplorer.store.getState().chartsVisible,
  );
  await settle(page);
}

async function openTab(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await settle(page);
}

async function selectLoss(page: Page, id: LossId): Promise<void> {
  await page.locator(`[data-loss-id="${id}"] .loss-name`).click();
  await settle(page);
}

describe('charts in Chromium', () => {
  it('draws every chart with its accessible name, follows the sliders, and exports PNG and SVG', async () => {
    // A 64² scene from a link made here (quicker charts on this machine), Focal selected; a tall window
    // shows the table, the sliders and the charts at once (charts are computed only while on screen).
    const scene = buildPreset('one_missed', 64);
    const fragment = encodeScene({
      height: 64,
      width: 64,
      target: scene.target,
      pred: scene.pred,
      params: conventionParams('survey'),
      selected: 'focal',
      view: { gradientSpace: 'prob', scaleMode: 'per-loss', chartTab: 'pixel' },
      hide: [],
      preset: 'one_missed',
    });
    const { page, context, errors } = await h.open(`#${fragment}`, { viewport: { width: 1280, height: 1900 } });
    await expect(page.locator('.share-message').count()).resolves.toBe(0);
    await showCharts(page);

    // 1. The selected loss against the parameter being moved: the dot moves, the curve stays.
    const gammaChart = page.getByRole('img', { name: paramLabel('focal', 'gamma'), exact: true });
    await expect(gammaChart.count()).resolves.toBe(1);
    // 2a. Per-pixel curves (Lin et al., Fig. 1) beside it: the highlighted focal curve follows γ.
    const pixel = page.getByRole('img', { name: focalLabel, exact: true });
    await expect(pixel.count()).resolves.toBe(1);
    const g0 = await drawing(gammaChart);
    const p0 = await drawing(pixel);
    await typeParam(page, 'gamma', 3.5);
    const g1 = await drawing(gammaChart);
    const paths = (d: string[]) => d.filter((x) => x.startsWith('path'));
    const circles = (d: string[]) => d.filter((x) => x.startsWith('circle'));
    expect(paths(g1)).toEqual(paths(g0));
    expect(differs(circles(g0), circles(g1))).toBeGreaterThan(0);
    expect(differs(p0, await drawing(pixel))).toBeGreaterThan(0);
    await checkExports(page, paramLabel('focal', 'gamma'), /focal-vs-gamma/);
    await checkExports(page, focalLabel, /focal-loss-figure-1/, ['svg']);
    // (A curve recomputed when another parameter or the masks change: tests/unit/charts-runner.test.ts.)
    // Hovering a picture places its pixel on the figure.
    const p1 = await drawing(pixel);
    await page.getByRole('img', { name: 'Prediction', exact: true }).hover({ position: { x: 40, y: 40 } });
    await settle(page);
    expect(differs(p1, await drawing(pixel))).toBeGreaterThan(0);
    await page.mouse.move(5, 5);

    // 2b. Focal Tversky vs Tversky index (both forms): the current γ's curve and the masks' marker follow γ.
    await selectLoss(page, 'focal_tversky');
    await openTab(page, /Focal Tversky/);
    const ft = page.getByRole('img', { name: focalTverskyLabel, exact: true });
    await expect(ft.count()).resolves.toBe(1);
    const f0 = await drawing(ft);
    await typeParam(page, 'gamma', 2);
    expect(differs(f0, await drawing(ft))).toBeGreaterThan(0);
    await checkExports(page, focalTverskyLabel, /focal-tversky-figure-1/, ['svg']);

    // 3. FP × FN map: a click sets both weights (the sliders move) and the marker follows.
    await openTab(page, /FP × FN map/);
    const map = page.getByRole('img', { name: tverskyMapLabel('focal_tversky'), exact: true });
    await expect(map.count()).resolves.toBe(1);
    const m0 = await drawing(map);
    await map.scrollIntoViewIfNeeded();
    const frame = await map.locator('rect[fill="none"]').first().boundingBox();
    if (!frame) throw new Error('no map frame');
    await page.mouse.click(frame.x + 0.8 * frame.width, frame.y + 0.8 * frame.height);
    await settle(page);
    const fp = Number(await page.getByRole('textbox', { name: 'fp_weight value' }).inputValue());
    const fn = Number(await page.getByRole('textbox', { name: 'fn_weight value' }).inputValue());
    expect(Math.abs(fp - 0.8)).toBeLessThan(0.03);
    expect(Math.abs(fn - 0.2)).toBeLessThan(0.03);
    const m1 = await drawing(map);
    expect(differs(m0, m1)).toBeGreaterThan(0);
    // Another slider changes the map itself (after its debounce).
    await typeParam(page, 'smooth', 4);
    expect(differs(m1, await drawing(map))).toBeGreaterThan(0);
    await checkExports(page, tverskyMapLabel('focal_tversky'), /focal_tversky-fp-fn-map/);
    await page.locator('.card.charts').screenshot({ path: join(SHOTS, 'charts-map.png') });

    // 4. Every loss against one change: a parameter moves the selected loss's curve; the quantity switches.
    await openTab(page, /Every loss/);
    const response = page.getByRole('img', { name: responseChartLabel('shift'), exact: true });
    await expect(response.count()).resolves.toBe(1);
    const r0 = await drawing(response);
    await typeParam(page, 'fp_weight', 0.1);
    expect(differs(r0, await drawing(response))).toBeGreaterThan(0);
    await checkExports(page, responseChartLabel('shift'), /every-loss-vs-shift/, ['svg']);

    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});

describe('share links in Chromium', () => {
  let link = '';
  let defaults: Record<string, number> = {};

  it('"Copy link" opened in a fresh browser shows the same values and masks', async () => {
    const { page, context, errors } = await h.open('', { clipboard: true });
    defaults = await exactValues(page);
    // An edited scene: a soft prediction stroke (quantised at its end), a ground-truth stroke, a parameter,
    // another selected loss and view.
    await page.getByRole('slider', { name: 'Hardness' }).fill('0.3');
    await stroke(page, 'Prediction', [0.2, 0.2], [0.45, 0.35]);
    await selectLoss(page, 'tversky');
    await typeParam(page, 'fp_weight', 0.45);
    await page.getByRole('radio', { name: '∂L/∂z' }).click();
    await settle(page);
    const before = await exactValues(page);
    const masks = await sceneHash(page);
    const pictures = [await canvasHash(page, 'Ground truth'), await canvasHash(page, 'Prediction')];

    await page.getByRole('button', { name: 'Copy link', exact: true }).click();
    await expect.poll(() => page.locator('.share-status').textContent()).toMatch(/Link copied/);
    link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/#v=1&s=[A-Za-z0-9_-]+$/);
    expect(link.length).toBeLessThan(2000);
    // The address bar holds the same scene (the store writes it with replaceState).
    expect(new URL(page.url()).hash).toBe(new URL(link).hash);
    expect(errors).toEqual([]);

    const fresh = await h.open(link, { colorScheme: 'dark' });
    const after = await exactValues(fresh.page);
    for (const id of LOSS_IDS) {
      const a = before[id] as number;
      const b = after[id] as number;
      if (Number.isFinite(a)) expect(Math.abs(a - b), id).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a)));
      else expect(Number.isFinite(b), id).toBe(false);
    }
    expect(await sceneHash(fresh.page)).toEqual(masks);
    expect([await canvasHash(fresh.page, 'Ground truth'), await canvasHash(fresh.page, 'Prediction')]).toEqual(
      pictures,
    );
    await expect(fresh.page.locator('[data-loss-id="tversky"] .loss-name').getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );
    await expect(fresh.page.getByRole('radio', { name: '∂L/∂z' }).getAttribute('aria-checked')).resolves.toBe('true');
    await expect(fresh.page.getByRole('textbox', { name: 'fp_weight value' }).inputValue()).resolves.toBe('0.45');
    await expect(fresh.page.locator('.share-message').count()).resolves.toBe(0);
    expect(fresh.errors).toEqual([]);
    await fresh.context.close();
    await context.close();
  });

  it('"Share for class" builds a link whose flags hide their controls', async () => {
    const { page, context, errors } = await h.open('', { clipboard: true });
    await selectLoss(page, 'focal');
    const opener = page.getByRole('button', { name: 'Share for class…' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Share for class' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // Keyboard: focus starts inside, Tab and Shift+Tab never leave it, Escape closes and returns focus.
    const inside = () => page.evaluate(() => document.activeElement?.closest('dialog') !== null);
    await expect(inside()).resolves.toBe(true);
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      expect(await inside()).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await inside()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => opener.evaluate((el) => el === document.activeElement)).toBe(true);

    await opener.click();
    await dialog.getByRole('checkbox', { name: 'Tool bar', exact: true }).check();
    await dialog.getByRole('checkbox', { name: 'Charts', exact: true }).check();
    await dialog.getByRole('checkbox', { name: /^gamma/ }).check();
    await dialog.screenshot({ path: join(SHOTS, 'share-for-class.png') });
    await dialog.getByRole('button', { name: 'Copy class link' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/Class link copied/);
    const classLink = await page.evaluate(() => navigator.clipboard.readText());
    await dialog.getByRole('button', { name: 'Done' }).click();
    // The teacher's page keeps every control.
    await expect(page.getByRole('toolbar', { name: 'Painting tools' }).count()).resolves.toBe(1);

    const student = await h.open(classLink);
    const s = student.page;
    await expect(s.getByRole('toolbar', { name: 'Painting tools' }).count()).resolves.toBe(0);
    await expect(s.getByRole('button', { name: 'Undo' }).count()).resolves.toBe(0);
    await expect(s.getByRole('region', { name: 'Charts' }).count()).resolves.toBe(0);
    await expect(s.getByRole('slider', { name: /^gamma \(/ }).count()).resolves.toBe(0);
    await expect(s.getByRole('slider', { name: /^alpha \(/ }).count()).resolves.toBe(1);
    await expect(s.locator('.classroom-note').textContent()).resolves.toMatch(/Tool bar, Charts, Focal: focusing γ/);
    await expect(s.getByRole('button', { name: 'Copy link', exact: true }).count()).resolves.toBe(1);
    await s.screenshot({ path: join(SHOTS, 'classroom-link.png') });
    expect(student.errors).toEqual([]);
    expect(errors).toEqual([]);
    await student.context.close();
    await context.close();
  });

  it('a hostile or truncated link loads the defaults with a visible message', async () => {
    expect(link).not.toBe('');
    const hash = new URL(link).hash;
    // (Outdated versions and a thousand other hostile links are decoded in tests/unit/share-*.test.ts.)
    const cases = ['#v=1&s=<script>alert(1)</script>', hash.slice(0, Math.floor(hash.length / 2))];
    for (const [i, fragment] of cases.entries()) {
      const { page, context, errors } = await h.open(fragment);
      let alerted = false;
      page.on('dialog', (d) => {
        alerted = true;
        void d.dismiss();
      });
      const message = page.getByRole('status', { name: 'Shared link' });
      await expect(message.isVisible()).resolves.toBe(true);
      const text = (await message.textContent()) ?? '';
      expect(text).toMatch(/^Shared link: /);
      expect(text).toMatch(/default/i);
      expect(text).not.toMatch(/[<>]/);
      expect(await exactValues(page)).toEqual(defaults);
      const body = await page.evaluate(() => document.body.innerText);
      expect(body).not.toMatch(/\bNaN\b/);
      await expect(
        page.evaluate(() => [...document.scripts].some((s) => s.textContent?.includes('alert'))),
      ).resolves.toBe(false);
      expect(new URL(page.url()).hash).not.toMatch(/script|%3C/i);
      if (i === 0) await page.screenshot({ path: join(SHOTS, 'hostile-link.png') });
      await page.getByRole('button', { name: 'Dismiss the link message' }).click();
      await expect.poll(() => message.count()).toBe(0);
      expect(alerted).toBe(false);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
