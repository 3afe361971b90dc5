/**
 * Where the engine runs: a module Web Worker by default; the main thread when no worker can start or
 * after repeated worker deaths. Both give the same numbers; a dead worker is replaced and the scene,
 * parameters and undo history are kept; each fallback is said on screen.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LOSS_IDS } from '../../src/core/types.ts';
import { sceneHash, settle, useHarness, stroke } from './harness.ts';
import { mismatches, shownValues } from './support.ts';

const h = useHarness();

const api = 'window.__lossExplorer';
const thread = (page: Page) => page.evaluate(`${api}.engineThread()`) as Promise<string | null>;

/** The same edits in any page: two strokes, a shape, a parameter, the logit view. */
async function edit(page: Page): Promise<void> {
  await stroke(page, 'Ground truth', [0.1, 0.75], [0.35, 0.9]);
  await stroke(page, 'Prediction', [0.2, 0.2], [0.6, 0.35]);
  await page.evaluate(
    `(() => { const s = ${api}.store.getState(); s.setParam('focal', 'gamma', 3.25); s.setParam('tversky', 'fn_weight', 0.8); s.setGradientSpace('logit'); })()`,
  );
  await settle(page);
}

/** Every value and a checksum of every gradient map and of the hover readout's shares, as evaluated. */
async function evaluation(page: Page): Promise<{ values: Record<string, number>; maps: Record<string, number[]> }> {
  return page.evaluate(
    (ids) => {
      const r = (
        window as unknown as {
          __lossExplorer: {
            store: {
              getState(): {
                results: {
                  values: Record<string, number>;
                  gradients: Record<string, Float32Array>;
                  contributions: Record<string, Float32Array>;
                };
              };
            };
          };
        }
      ).__lossExplorer.store.getState().results;
      const sums = (a: Float32Array | undefined) =>
        a ? [a.length, a.reduce((s, v) => s + v, 0), a.reduce((s, v, i) => s + v * ((i % 7) + 1), 0)] : [];
      const maps: Record<string, number[]> = {};
      for (const id of ids) maps[id] = sums(r.gradients[id]);
      for (const [id, c] of Object.entries(r.contributions)) maps[`shares:${id}`] = sums(c);
      return { values: r.values, maps };
    },
    [...LOSS_IDS],
  );
}

describe('the engine in a worker and on the main thread', () => {
  it('gives identical values and maps on both paths', async () => {
    const inWorker = await h.open();
    const onMain = await h.open('?engine=main');
    expect(await thread(inWorker.page)).toBe('worker');
    expect(await thread(onMain.page)).toBe('main thread');
    expect(await inWorker.page.getByRole('button', { name: 'Backend', exact: true }).getAttribute('title')).toMatch(
      /engine in a Web Worker/,
    );
    expect(await onMain.page.getByRole('button', { name: 'Backend', exact: true }).getAttribute('title')).toMatch(
      /engine on the main thread/,
    );
    for (const p of [inWorker, onMain]) await edit(p.page);
    expect(await sceneHash(inWorker.page)).toEqual(await sceneHash(onMain.page));
    const a = await evaluation(inWorker.page);
    const b = await evaluation(onMain.page);
    // The same backend (wasm) and code on both sides: the same numbers to the bit.
    expect(Object.keys(a.values).sort()).toEqual([...LOSS_IDS].sort());
    expect(a.values).toEqual(b.values);
    expect(a.maps).toEqual(b.maps);
    expect(mismatches(await shownValues(inWorker.page), await shownValues(onMain.page), 0, 0)).toEqual([]);
    expect(inWorker.errors).toEqual([]);
    expect(onMain.errors).toEqual([]);
    await inWorker.context.close();
    await onMain.context.close();
  });

  it('runs on the main thread, and says so, where no worker can start', async () => {
    const { page, context, errors } = await h.open('', {
      init: () => Object.defineProperty(window, 'Worker', { value: undefined }), // a browser without workers
    });
    expect(await thread(page)).toBe('main thread');
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /worker could not start/ })
        .isVisible(),
    ).resolves.toBe(true);
    const v0 = await shownValues(page);
    await stroke(page, 'Prediction', [0.6, 0.6], [0.9, 0.7]);
    expect(mismatches(v0, await shownValues(page), 0, 0).length).toBeGreaterThan(3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('replaces a dead worker, keeps the scene, and moves to the main thread after repeated deaths', async () => {
    const { page, context, errors } = await h.open();
    await edit(page);
    await page.evaluate(`${api}.store.getState().select('dice')`);
    await settle(page);
    const before = {
      values: await shownValues(page),
      masks: await sceneHash(page),
      canUndo: await page.evaluate(`${api}.store.getState().canUndo`),
    };
    expect(before.canUndo).toBe(true);

    expect(await page.evaluate(`${api}.killWorker()`)).toBe(true);
    await page
      .getByRole('status')
      .filter({ hasText: /worker stopped/ })
      .waitFor({ timeout: 60_000 });
    await page.waitForSelector('.app[data-status="ready"]');
    await settle(page);
    expect(await thread(page)).toBe('worker');
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /It was restarted; the scene and parameters are kept/ })
        .isVisible(),
    ).resolves.toBe(true);
    expect(await sceneHash(page)).toEqual(before.masks);
    expect(mismatches(before.values, await shownValues(page), 0, 0)).toEqual([]);
    expect(await page.evaluate(`${api}.store.getState().selected`)).toBe('dice');

    // Painting goes on, and undo still reaches back past the restart.
    await stroke(page, 'Prediction', [0.6, 0.1], [0.9, 0.2]);
    expect(mismatches(before.values, await shownValues(page), 0, 0).length).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await settle(page);
    expect(await sceneHash(page)).toEqual(before.masks);

    // Two more deaths: the engine moves to the main thread, and says so.
    for (let i = 0; i < 2; i++) {
      await page.waitForFunction(
        () =>
          (window as unknown as { __lossExplorer: { engineThread(): string | null } }).__lossExplorer.engineThread() ===
          'worker',
      );
      expect(await page.evaluate(`${api}.killWorker()`)).toBe(true);
      await page.waitForFunction(
        () =>
          (window as unknown as { __lossExplorer: { engineThread(): string | null } }).__lossExplorer.engineThread() !==
          null,
        null,
        { timeout: 60_000 },
      );
      await page.waitForSelector('.app[data-status="ready"]');
      await settle(page);
    }
    expect(await thread(page)).toBe('main thread');
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /now runs on the main thread/ })
        .isVisible(),
    ).resolves.toBe(true);
    expect(await sceneHash(page)).toEqual(before.masks);
    expect(mismatches(before.values, await shownValues(page), 0, 0)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
