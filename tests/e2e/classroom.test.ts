/**
 * In front of a class, in Chromium: the presentation layout fits 1280 × 720 (also at 150 % zoom of
 * 1920 × 1080), the values stay on screen on a tablet in portrait while painting.
 * Screenshots go to /tmp/shots (not the repository).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { SHOTS, settle, useHarness, stroke } from './harness.ts';
import { decodePng } from './png.ts';
import { buildPreset } from '../../src/scene/index.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { LOSS_IDS } from '../../src/core/registry.ts';
import type { Lesson } from '../../src/share/lesson.ts';

const h = useHarness();

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Bounding boxes of everything matching, in viewport coordinates, with the page scrolled to the top. */
async function boxes(page: Page, selector: string): Promise<Box[]> {
  return page.evaluate((sel) => {
    window.scrollTo(0, 0);
    return [...document.querySelectorAll(sel)].map((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    });
  }, selector);
}

function inside(b: Box, w: number, hgt: number): boolean {
  return b.top >= 0 && b.left >= 0 && b.bottom <= hgt && b.right <= w && b.bottom > b.top;
}

/** What a lesson looks at, all within the first screen. */
async function expectFirstScreen(page: Page, w: number, hgt: number): Promise<void> {
  const cells = await boxes(page, 'tr[data-loss-id] td.value');
  expect(cells).toHaveLength(LOSS_IDS.length);
  for (const [i, c] of cells.entries()) expect(inside(c, w, hgt), `value cell ${i} at ${JSON.stringify(c)}`).toBe(true);
  for (const sel of [
    'canvas[aria-label="Ground truth"]',
    'canvas[aria-label="Prediction"]',
    'canvas[aria-label^="Gradient"]',
    '.legend',
  ]) {
    const [b] = await boxes(page, sel);
    expect(b, sel).toBeDefined();
    expect(inside(b!, w, hgt), `${sel} at ${JSON.stringify(b)}`).toBe(true);
  }
}

describe('layouts', () => {
  it('at 1280 × 720 the presentation layout shows both canvases, the heatmap with its legend and all 15 values', async () => {
    const { page, context, errors } = await h.open('', { viewport: { width: 1280, height: 720 } });
    await expect(page.locator('.app').getAttribute('data-layout')).resolves.toBe('presentation');
    await expectFirstScreen(page, 1280, 720);
    await page.screenshot({ path: `${SHOTS}/classroom-1280x720.png` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the same at 150 % zoom of 1920 × 1080 (1280 × 720 CSS pixels at device scale 1.5)', async () => {
    const { page, context } = await h.open('', {
      viewport: { width: 1280, height: 720 },
      context: { deviceScaleFactor: 1.5 },
    });
    await expectFirstScreen(page, 1280, 720);
    await page.screenshot({ path: `${SHOTS}/classroom-1280x720-150.png` });
    await context.close();
  });

  it('the layout is switchable and travels in the link', async () => {
    const { page, context } = await h.open('', { viewport: { width: 1280, height: 720 } });
    const toggle = page.getByRole('button', { name: 'Presentation' });
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
    await toggle.click();
    await expect(page.locator('.app').getAttribute('data-layout')).resolves.toBe('full');
    await page.waitForFunction(() => location.hash.length > 10);
    await page.waitForTimeout(400); // the URL writer's debounce
    const hash = await page.evaluate(() => location.hash);
    await context.close();
    // Opened on the same screen, the link keeps the full layout the teacher chose.
    const again = await h.open(hash, { viewport: { width: 1280, height: 720 } });
    await expect(again.page.locator('.app').getAttribute('data-layout')).resolves.toBe('full');
    await again.context.close();
    // At 1280 × 800 the page is the full one unless asked for.
    const tall = await h.open('', { viewport: { width: 1280, height: 800 } });
    await expect(tall.page.locator('.app').getAttribute('data-layout')).resolves.toBe('full');
    await tall.context.close();
  });

  it('at 820 × 1180 (tablet portrait) the values stay on screen while painting', async () => {
    const { page, context, errors } = await h.open('', {
      viewport: { width: 820, height: 1180 },
      context: { hasTouch: true },
    });
    const strip = page.locator('.values-strip[data-shown="true"]');
    await strip.waitFor();
    await stroke(page, 'Prediction', [0.2, 0.2], [0.6, 0.5]);
    await settle(page);
    const cells = await page.evaluate(() =>
      [...document.querySelectorAll('.values-strip .strip-cell')].map((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, text: e.textContent ?? '' };
      }),
    );
    expect(cells).toHaveLength(LOSS_IDS.length);
    for (const c of cells) {
      expect(inside(c, 820, 1180), `${c.text} at ${JSON.stringify(c)}`).toBe(true);
      expect(c.text).toMatch(/\d/);
    }
    // The prediction canvas it paints on is not covered by the strip.
    const canvas = await page.getByRole('img', { name: 'Prediction', exact: true }).boundingBox();
    expect(canvas!.y + canvas!.height).toBeLessThanOrEqual(Math.min(...cells.map((c) => c.top)));
    await page.screenshot({ path: `${SHOTS}/classroom-820x1180.png` });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('canvases by keyboard and touch', () => {
  it('Tab reaches the ground truth; arrows move the readout’s pixel; Space paints there', async () => {
    const { page, context, errors } = await h.open('#', { viewport: { width: 1280, height: 800 } });
    await page.getByRole('button', { name: 'Empty prediction' }).click();
    await settle(page);
    let focused = '';
    for (let i = 0; i < 80 && focused !== 'Ground truth'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    }
    expect(focused).toBe('Ground truth');
    const readout = page.locator('.readout');
    await expect(readout.getAttribute('class')).resolves.not.toMatch(/empty/);
    const centre = await readout.locator('dd').first().textContent();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    const [x, y] = centre!.replace(/[()]/g, '').split(',').map(Number) as [number, number];
    await expect(readout.locator('dd').first().textContent()).resolves.toBe(`(${x + 1}, ${y + 8})`);
    // Move off the objects to the top-left corner, where g = 0, and paint one dab there.
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+ArrowUp');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+ArrowLeft');
    await expect(readout.locator('dd').first().textContent()).resolves.toBe('(0, 0)');
    const before = await page.locator('[data-loss-id="dice"] td.value').getAttribute('data-value');
    await page.keyboard.press('Space');
    await settle(page);
    await expect(readout.locator('dd').nth(1).textContent()).resolves.toBe('1');
    const after = await page.locator('[data-loss-id="dice"] td.value').getAttribute('data-value');
    expect(after).not.toBe(before);
    await expect(page.getByRole('button', { name: 'Undo' }).isEnabled()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a tap shows the readout for that pixel and keeps it after the finger lifts', async () => {
    const { page, context } = await h.open('', { viewport: { width: 820, height: 1180 }, context: { hasTouch: true } });
    const canvas = page.getByRole('img', { name: 'Prediction', exact: true });
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await settle(page);
    const readout = page.locator('.readout');
    await expect(readout.getAttribute('class')).resolves.not.toMatch(/empty/);
    await expect(readout.locator('dd').first().textContent()).resolves.toMatch(/^\(6[34], 6[34]\)$/);
    await context.close();
  });
});

/** A class link to small_object with a lesson (hidden table and ground-truth painting). */
function lessonLink(lesson: Lesson): string {
  const scene = buildPreset('small_object', 128);
  return (
    '#' +
    encodeScene({
      ...scene,
      params: {},
      selected: 'dice',
      view: { gradientSpace: 'prob', scaleMode: 'per-loss' },
      hide: ['paint-target', 'table'],
      lesson: { lesson, step: 0 },
    })
  );
}

describe('lessons', () => {
  it('a locked lesson: the question on screen, hidden things stay hidden, the answer behind “Reveal answer”', async () => {
    const link = lessonLink({
      title: 'Small objects',
      locked: true,
      steps: [
        {
          question: 'Why is Dice above 0.7 although BCE is tiny?',
          answer: 'The 0.02 floor on every background pixel adds up in Σp.',
        },
      ],
    });
    const { page, context, errors } = await h.open(link, { viewport: { width: 1280, height: 800 } });
    const lesson = page.getByRole('region', { name: 'Lesson' });
    await expect(lesson.locator('.lesson-question').textContent()).resolves.toBe(
      'Why is Dice above 0.7 although BCE is tiny?',
    );
    await expect(page.getByRole('button', { name: 'Show all controls' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'End lesson' }).count()).resolves.toBe(0);
    await expect(page.locator('.loss-table').count()).resolves.toBe(0);
    // A coherent page: no word about painting the hidden ground truth, no "Losses" card over metrics only.
    await expect(page.locator('body').textContent()).resolves.not.toMatch(/either canvas/);
    await expect(page.locator('.card.losses h2').textContent()).resolves.toBe('Thresholded metrics');
    await expect(lesson.locator('.lesson-answer').count()).resolves.toBe(0);
    await page.screenshot({ path: `${SHOTS}/classroom-locked-lesson.png` });
    await lesson.getByRole('button', { name: 'Reveal answer' }).click();
    await expect(lesson.locator('.lesson-answer').textContent()).resolves.toContain('0.02 floor');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the tour: Next and Previous step through the presets, each with its own sentence and loss', async () => {
    const { page, context, errors } = await h.open('', { viewport: { width: 1280, height: 720 } });
    await page.getByRole('button', { name: '▶ Tour' }).click();
    await settle(page);
    const lesson = page.getByRole('region', { name: 'Lesson' });
    await expect(lesson.locator('.lesson-step').textContent()).resolves.toBe('Step 1 of 10');
    await expect(lesson.locator('.lesson-question').textContent()).resolves.toMatch(/^Perfect prediction\./);
    await lesson.getByRole('button', { name: 'Next →' }).click();
    await settle(page);
    await expect(lesson.locator('.lesson-step').textContent()).resolves.toBe('Step 2 of 10');
    // The preset chips make room for the lesson on a projector: the step's scene is read from the store.
    await expect(
      page.evaluate(
        () =>
          (
            window as unknown as { __lossExplorer: { store: { getState(): { presetId: string } } } }
          ).__lossExplorer.store.getState().presetId,
      ),
    ).resolves.toBe('empty');
    await expect(page.locator('tr.selected').getAttribute('data-loss-id')).resolves.toBe('dice');
    // On the projector the lesson's card fits with everything else.
    await expectFirstScreen(page, 1280, 720);
    await page.screenshot({ path: `${SHOTS}/classroom-tour-step2.png` });
    // The link holds the lesson at this step.
    await page.waitForTimeout(400);
    const hash = await page.evaluate(() => location.hash);
    await lesson.getByRole('button', { name: '← Previous' }).click();
    await settle(page);
    await expect(lesson.locator('.lesson-step').textContent()).resolves.toBe('Step 1 of 10');
    await expect(lesson.getByRole('button', { name: '← Previous' }).isDisabled()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
    const again = await h.open(hash, { viewport: { width: 1280, height: 720 } });
    await expect(again.page.locator('.lesson-step').textContent()).resolves.toBe('Step 2 of 10');
    await again.context.close();
  });

  it('“Share for class…” writes the question and answer into a locked link', async () => {
    const { page, context } = await h.open('', { viewport: { width: 1280, height: 800 } });
    await page.getByRole('button', { name: 'Share for class…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share for class' });
    await dialog.locator('input[data-flag="table"]').check();
    await dialog.getByLabel(/^Question/).fill('What does HD-DT punish here?');
    await dialog.getByLabel(/^Answer/).fill('Errors far from the true boundary.');
    await dialog.getByRole('checkbox', { name: /Lock the lesson/ }).check();
    const link = await dialog.locator('.dialog-link input').inputValue();
    await context.close();
    const student = await h.open(link.slice(link.indexOf('#')), { viewport: { width: 1280, height: 800 } });
    await expect(student.page.locator('.lesson-question').textContent()).resolves.toBe('What does HD-DT punish here?');
    await expect(student.page.getByRole('button', { name: 'Show all controls' }).count()).resolves.toBe(0);
    await student.page.getByRole('button', { name: 'Reveal answer' }).click();
    await expect(student.page.locator('.lesson-answer').textContent()).resolves.toContain('far from the true boundary');
    await student.context.close();
  });
});

describe('compare', () => {
  it('pin the survey’s values, apply MONAI: every loss shows its difference beside its value', async () => {
    const { page, context, errors } = await h.open('', { viewport: { width: 1280, height: 720 } });
    await page.getByRole('button', { name: 'Pin values' }).click();
    await expect(page.locator('.pin-label').textContent()).resolves.toMatch(
      /^Pinned: Survey \/ Jadon code · One object missed$/,
    );
    const cell = (id: string) => page.locator(`[data-loss-id="${id}"] td.vs-pin`);
    await expect(cell('dice').textContent()).resolves.toBe('0');
    await page.locator('.convention-select select').selectOption('monai');
    await settle(page);
    await expect.poll(() => page.locator('td.vs-pin').count()).toBe(LOSS_IDS.length);
    // MONAI's Dice smoothing is 1e-5 instead of 1: Dice moves; BCE is the same loss in both.
    await expect(cell('dice').textContent()).resolves.toMatch(/^[+−]\d/);
    await expect(cell('bce').textContent()).resolves.toBe('0');
    // Still one screen on the projector, with the extra column and the convention's report beside the values.
    await expect(page.locator('.convention-report').count()).resolves.toBe(1);
    await expectFirstScreen(page, 1280, 720);
    await page.screenshot({ path: `${SHOTS}/classroom-compare.png` });
    await page.getByRole('button', { name: 'Unpin' }).click();
    await expect.poll(() => page.locator('td.vs-pin').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('slide exports', () => {
  it('“Figure of the scene” saves a PNG of four panels on white, also in dark mode', async () => {
    const { page, context, errors } = await h.open('', { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: 'Figure of the scene' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('loss-explorer-figure-bce.png');
    const bytes = readFileSync(await download.path());
    writeFileSync(`${SHOTS}/classroom-figure.png`, bytes);
    const png = decodePng(bytes);
    // Four 300-px panels with gaps, at 2×; white paper at the corners and between the panels.
    expect(png.width).toBe(2 * (18 + 4 * (300 + 18)));
    const at = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];
    expect(at(2, 2)).toEqual([255, 255, 255]);
    expect(at(png.width - 3, png.height - 3)).toEqual([255, 255, 255]);
    const [single] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: 'Heatmap + legend' }).click(),
    ]);
    expect(single.suggestedFilename()).toBe('loss-explorer-gradient-bce.png');
    expect(decodePng(readFileSync(await single.path())).width).toBe(2 * (18 + 300 + 18));
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('faults', () => {
  it('changing the grid in the middle of a stroke throws nothing and keeps the paint', async () => {
    const { page, context, errors } = await h.open('', { viewport: { width: 1280, height: 800 } });
    const canvas = page.getByRole('img', { name: 'Prediction', exact: true });
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2, { steps: 5 });
    // The grid changes while the button is still down (a shortcut, another finger, a link pasted …).
    await page.evaluate(() =>
      (
        window as unknown as { __lossExplorer: { store: { getState(): { setGridSize(n: number): void } } } }
      ).__lossExplorer.store
        .getState()
        .setGridSize(64),
    );
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 10 });
    await page.mouse.up();
    await settle(page);
    await expect(page.locator('.scene-note').textContent()).resolves.toMatch(/resampled/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
