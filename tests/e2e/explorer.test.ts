/**
 * The explorer in real headless Chromium (set-up in harness.ts: Vite build + preview, playwright-core).
 * Screenshots go to /tmp/shots (not the repository).
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { LOSS_IDS } from '../../src/core/types.ts';
import { countChangedPixels, decodePng } from './png.ts';
import { SHOTS, changed, fullShot, settle, useHarness, stroke, values } from './harness.ts';
import type { OpenPage } from './harness.ts';

const h = useHarness();

function open(
  query = '',
  viewport = { width: 1280, height: 800 },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<OpenPage> {
  return h.open(query, { viewport, colorScheme });
}

/** The large gradient view's pixels, clipped at fixed page coordinates (independent of scrolling). */
async function heatmap(page: Page) {
  const clip = await page.evaluate(() => {
    window.scrollTo(0, 0);
    const r = document.querySelector('canvas[aria-label^="Gradient"]')!.getBoundingClientRect();
    return {
      x: Math.ceil(r.left),
      y: Math.ceil(r.top),
      width: Math.floor(r.width) - 2,
      height: Math.floor(r.height) - 2,
    };
  });
  return decodePng(await page.screenshot({ clip }));
}

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
    await main.context.close();
    writeFileSync(
      join(SHOTS, 'README.txt'),
      'Screenshots of tests/e2e/explorer.test.ts and tests/e2e/charts-share.test.ts\n',
    );
  });

  it('follows the system dark preference', async () => {
    const { page, context, errors } = await open('', { width: 1280, height: 800 }, 'dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('uses webgl with ?backend=webgl and falls back to wasm when the context is lost', async () => {
    const { page, context, errors } = await open('?backend=webgl');
    const badge = page.getByRole('button', { name: 'Backend', exact: true });
    expect((await badge.textContent())?.trim()).toBe('webgl');
    expect(await badge.getAttribute('title')).toMatch(/forced by \?backend=webgl/);
    const v0 = await values(page);
    // Lost while an evaluation is out on the GPU (a read from a lost context may never answer): a new γ is
    // posted on the next frame and the context goes in the same frame.
    await page.evaluate(() => {
      const w = window as unknown as {
        __lossExplorer: {
          loseWebglContext(): boolean;
          store: { getState(): { setParam(id: string, key: string, v: number): void } };
        };
      };
      w.__lossExplorer.store.getState().setParam('focal', 'gamma', 2.5);
      requestAnimationFrame(() => setTimeout(() => void w.__lossExplorer.loseWebglContext(), 0));
    });
    await page.waitForFunction(
      () => document.querySelector('[aria-label="Backend"]')?.textContent?.trim() === 'wasm',
      null,
      { timeout: 30_000 },
    );
    await page.waitForSelector('.app[data-status="ready"]');
    await settle(page);
    await expect(page.getByText(/WebGL context was lost/).count()).resolves.toBeGreaterThan(0);
    const v1 = await values(page);
    // Same scene and parameters (focal's aside) on another backend: the same numbers to float32 accuracy.
    expect(v1.focal).not.toBe(v0.focal); // the γ posted when the context went reached the screen
    for (const id of LOSS_IDS) {
      if (id === 'focal') continue;
      const a = Number(v0[id]!.replace('−', '-'));
      const b = Number(v1[id]!.replace('−', '-'));
      if (Number.isFinite(a)) expect(Math.abs(a - b), id).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(a)));
    }
    expect(errors.filter((e) => !/CONTEXT_LOST_WEBGL|context lost/i.test(e))).toEqual([]);
    await context.close();
  }, 180_000);
});
