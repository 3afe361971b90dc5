/**
 * Learn mode in Chromium: the lanes train in the learn worker while the page stays the editor's. Play
 * moves every lane (steps grow, each loss falls, each canvas changes), Pause stops them, Reset brings
 * back the start, "Use as prediction" hands a lane's prediction to the editor as one undo entry, and a
 * link with learn settings reproduces the same run step for step.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sceneHash, settle, useHarness } from './harness.ts';

const h = useHarness();

interface LaneShown {
  loss: string;
  step: number;
  value: number;
  /** FNV-1a of the lane canvas's pixels. */
  pixels: string;
}

async function lanes(page: Page): Promise<LaneShown[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-learn-loss]')].map((el) => {
      const c = el.querySelector('canvas')!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let hash = 0x811c9dc5;
      for (let i = 0; i < d.length; i++) hash = Math.imul(hash ^ (d[i] as number), 16777619) >>> 0;
      return {
        loss: el.dataset.learnLoss!,
        step: Number(el.dataset.step),
        value: Number(el.dataset.value),
        pixels: `${c.width}:${hash.toString(16)}`,
      };
    }),
  );
}

/** Waits until the learn engine has nothing under way and React has painted its report. */
async function learnSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const w = window as unknown as { __lossExplorer: { learnIdle(): Promise<void> } };
    await w.__lossExplorer.learnIdle();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

async function openLearn(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Learn', exact: true }).click();
  const region = page.getByRole('region', { name: 'Learn' });
  await region.waitFor();
  await page.waitForFunction(
    () => {
      const all = [...document.querySelectorAll<HTMLElement>('[data-learn-loss]')];
      return all.length > 0 && all.every((el) => el.dataset.value !== '');
    },
    null,
    { timeout: 60_000 },
  );
  await learnSettled(page);
}

const button = (page: Page, name: string) =>
  page.getByRole('region', { name: 'Learn' }).getByRole('button', { name, exact: true });

describe('learn mode', () => {
  it('plays, pauses, steps and resets every lane', async () => {
    const { page, context, errors } = await h.open();
    const selected = await page.evaluate(
      () =>
        (
          window as unknown as { __lossExplorer: { store: { getState(): { selected: string } } } }
        ).__lossExplorer.store.getState().selected,
    );
    await openLearn(page);
    const start = await lanes(page);
    // The default lanes, and the editor's selected loss unless it is one of them.
    const expected = ['bce', 'dice', 'focal'];
    if (!expected.includes(selected)) expected.push(selected);
    expect(start.map((l) => l.loss)).toEqual(expected);
    expect(start.every((l) => l.step === 0 && Number.isFinite(l.value))).toBe(true);

    await button(page, 'Play').click();
    await page.waitForTimeout(2000);
    await button(page, 'Pause').click();
    await learnSettled(page);
    const played = await lanes(page);
    played.forEach((lane, i) => {
      expect(lane.step, lane.loss).toBeGreaterThan(0);
      expect(lane.value, lane.loss).toBeLessThan(start[i]!.value);
      expect(lane.pixels, lane.loss).not.toBe(start[i]!.pixels);
    });
    // Every lane takes the same steps.
    expect(new Set(played.map((l) => l.step)).size).toBe(1);

    await page.waitForTimeout(500);
    await learnSettled(page);
    expect((await lanes(page)).map((l) => l.step)).toEqual(played.map((l) => l.step));

    await button(page, 'Step').click();
    await learnSettled(page);
    expect((await lanes(page)).map((l) => l.step)).toEqual(played.map((l) => l.step + 1));

    await button(page, 'Reset').click();
    await learnSettled(page);
    expect(await lanes(page)).toEqual(start);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('"Use as prediction" copies a lane into the editor as one undo entry', async () => {
    const { page, context, errors } = await h.open();
    await openLearn(page);
    for (let i = 0; i < 5; i++) {
      await button(page, 'Step').click();
      await learnSettled(page);
    }
    const before = await sceneHash(page);
    const valuesBefore = await page.evaluate(
      () =>
        (
          window as unknown as {
            __lossExplorer: { store: { getState(): { results: { values: Record<string, number> } } } };
          }
        ).__lossExplorer.store.getState().results.values,
    );
    const lane = page.locator('[data-learn-loss="dice"]');
    await lane.getByRole('button', { name: 'Use as prediction' }).click();
    await settle(page);
    const after = await sceneHash(page);
    expect(after.target).toBe(before.target);
    expect(after.pred).not.toBe(before.pred);
    // The editor's prediction is the lane's, to its 8-bit levels.
    const match = await page.evaluate(() => {
      const w = window as unknown as {
        __lossExplorer: {
          store: { getState(): { scene: { pred: Float32Array } } };
          learn: { getState(): { lanes: { levels: Uint8Array | null }[]; settings: { lanes: { loss: string }[] } } };
        };
      };
      const learn = w.__lossExplorer.learn.getState();
      const i = learn.settings.lanes.findIndex((l) => l.loss === 'dice');
      const levels = learn.lanes[i]!.levels!;
      const pred = w.__lossExplorer.store.getState().scene.pred;
      let worst = 0;
      for (let k = 0; k < pred.length; k++) worst = Math.max(worst, Math.abs(pred[k]! - levels[k]! / 255));
      return { worst, n: pred.length, m: levels.length };
    });
    expect(match.n).toBe(match.m);
    expect(match.worst).toBeLessThan(1e-6);
    const valuesAfter = await page.evaluate(
      () =>
        (
          window as unknown as {
            __lossExplorer: { store: { getState(): { results: { values: Record<string, number> } } } };
          }
        ).__lossExplorer.store.getState().results.values,
    );
    expect(valuesAfter.dice).toBeLessThan(valuesBefore.dice!);

    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await settle(page);
    expect(await sceneHash(page)).toEqual(before);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('a link with learn settings reproduces the run step for step', async () => {
    const { page, context, errors } = await h.open();
    await openLearn(page);
    await page.getByRole('combobox', { name: 'Optimizer' }).selectOption('adam');
    await page.getByRole('combobox', { name: 'Start' }).selectOption('noise');
    await page.getByLabel('seed').fill('12345');
    await page.getByRole('combobox', { name: 'Lane 2 loss' }).selectOption({ label: 'Tversky' });
    await learnSettled(page);
    // The link follows the settings (rewritten shortly after each change).
    await page.waitForFunction(() => location.hash.length > 1, null, { timeout: 10_000 });
    await page.waitForTimeout(600);
    const link = page.url();
    for (let i = 0; i < 20; i++) {
      await button(page, 'Step').click();
      await learnSettled(page);
    }
    const ran = await lanes(page);

    const other = await h.open(link.slice(link.indexOf('#')));
    await other.page.getByRole('region', { name: 'Learn' }).waitFor();
    await other.page.waitForFunction(
      () =>
        document.querySelectorAll('[data-learn-loss]').length > 0 &&
        [...document.querySelectorAll<HTMLElement>('[data-learn-loss]')].every((el) => el.dataset.value !== ''),
      null,
      { timeout: 60_000 },
    );
    await learnSettled(other.page);
    expect(await other.page.getByRole('combobox', { name: 'Optimizer' }).inputValue()).toBe('adam');
    expect(await other.page.getByLabel('seed').inputValue()).toBe('12345');
    for (let i = 0; i < 20; i++) {
      await button(other.page, 'Step').click();
      await learnSettled(other.page);
    }
    const again = await lanes(other.page);
    expect(again.map((l) => l.loss)).toEqual(ran.map((l) => l.loss));
    expect(again.map((l) => l.loss)).toContain('tversky');
    // Step for step: the same values to the bit and the same pictures.
    expect(again).toEqual(ran);
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
    await other.context.close();
    await context.close();
  }, 180_000);
});
