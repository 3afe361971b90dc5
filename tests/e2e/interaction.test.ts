/**
 * Interaction in real headless Chromium: every preset chip loads its scene; every main slider of every loss
 * (generated from the registry) changes that loss and no other; undo and redo restore values and masks
 * exactly; the keyboard alone reaches and moves a slider; touch paints; each classroom flag hides its
 * control and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { LOSSES } from '../../src/core/registry.ts';
import { parameterChartLabel } from '../../src/ui/charts/labels.ts';
import { LOSS_IDS } from '../../src/core/types.ts';
import type { LossId } from '../../src/core/types.ts';
import { PRESETS, buildPreset } from '../../src/scene/index.ts';
import { HIDE_FLAGS } from '../../src/share/hide.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { quantizeScene } from '../../src/state/sceneSlice.ts';
import { scene as sharedScene } from '../unit/share-fixtures.ts';
import { sceneHash, settle, useHarness, stroke } from './harness.ts';
import { shownValues } from './support.ts';
import type { ExplorerApi, Values } from './support.ts';

const h = useHarness();

/** FNV-1a over a Float32Array's bytes: the same hash as harness.ts sceneHash() computes in the page. */
function fnv(a: Float32Array): string {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let x = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) x = Math.imul(x ^ (b[i] as number), 16777619) >>> 0;
  return x.toString(16);
}

/** Everything drawn in a chart: every path's 'd' and every circle's centre. */
async function drawing(plot: Locator): Promise<string[]> {
  return plot.evaluate((el) => [
    ...[...el.querySelectorAll('path')].map((p) => `path ${p.getAttribute('d') ?? ''}`),
    ...[...el.querySelectorAll('circle')].map((c) => `circle ${c.getAttribute('cx')},${c.getAttribute('cy')}`),
  ]);
}

function differs(a: string[], b: string[]): number {
  let d = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) d++;
  return d;
}

/** Loss ids whose values differ (NaN equals NaN). */
function changedIds(a: Values, b: Values): LossId[] {
  return LOSS_IDS.filter((id) => !Object.is(a[id], b[id]));
}

async function selectLoss(page: Page, id: LossId): Promise<void> {
  await page.locator(`[data-loss-id="${id}"] .loss-name`).click();
  await settle(page);
}

/** The loss values are current and painted (the charts may still be pending). */
async function valuesSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer.idle();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

async function storeState<T>(page: Page, pick: (s: ReturnType<ExplorerApi['store']['getState']>) => T): Promise<T> {
  return page.evaluate(`(${pick.toString()})(window.__lossExplorer.store.getState())`) as Promise<T>;
}

describe('presets', () => {
  it('every preset chip loads its scene and changes the values', async () => {
    const { page, context, errors } = await h.open();
    const chips = page.getByRole('group', { name: 'Load a preset scene' });
    await expect(chips.getByRole('button').count()).resolves.toBe(PRESETS.length);
    // The default preset last, so that every click is a change of scene.
    const order = [...PRESETS.filter((p) => p.id !== 'one_missed'), PRESETS.find((p) => p.id === 'one_missed')!];
    const seen = new Map<string, string>();
    for (const p of order) {
      const before = await shownValues(page);
      await chips.getByRole('button', { name: p.name, exact: true }).click();
      await settle(page);
      const after = await shownValues(page);
      expect(changedIds(before, after).length, p.id).toBeGreaterThan(0);
      await expect(chips.getByRole('button', { name: p.name, exact: true }).getAttribute('aria-pressed')).resolves.toBe(
        'true',
      );
      expect(await storeState(page, (s) => s.presetId)).toBe(p.id);
      await expect(page.locator('.look-at').textContent()).resolves.toContain(p.lookAt);
      // The masks are exactly the preset's, drawn and quantised as in Node.
      const q = quantizeScene(buildPreset(p.id, 128));
      expect(await sceneHash(page)).toEqual({ height: 128, width: 128, target: fnv(q.target), pred: fnv(q.pred) });
      seen.set(p.id, JSON.stringify(after));
    }
    // No two presets give the same values.
    expect(new Set(seen.values()).size).toBe(PRESETS.length);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('every main slider and switch of every loss (from the registry)', () => {
  // Every main (non-advanced) parameter in the registry, as the UI generates its controls.
  const losses = LOSSES.filter((l) => l.params.some((p) => !p.advanced));
  let page: Page;
  let context: BrowserContext;
  let errors: string[];

  beforeAll(async () => {
    // Tall enough for the charts to be on screen (they are computed only then).
    ({ page, context, errors } = await h.open('', { viewport: { width: 1280, height: 2600 } }));
  }, 120_000);

  afterAll(async () => {
    expect(errors).toEqual([]);
    await context?.close();
  });

  it('covers every main parameter', () => {
    expect(losses.flatMap((l) => l.params.filter((p) => !p.advanced)).length).toBeGreaterThan(25);
  });

  /** Shown values and the store's parameters, in one round trip. */
  const read = () => Promise.all([shownValues(page), storeState(page, (s) => s.params)]);

  for (const info of losses) {
    const specs = info.params.filter((p) => !p.advanced);
    it(`${info.id}: ${specs.map((p) => p.key).join(', ')} each change ${info.short} and only it, and move its chart`, async () => {
      await selectLoss(page, info.id);
      const loss = info.id;
      for (const spec of specs) {
        const name = `${spec.key} (${spec.label})`;
        const control =
          spec.kind === 'boolean'
            ? page.getByRole('checkbox', { name, exact: true })
            : page.getByRole('slider', { name, exact: true });
        await expect(control.count(), name).resolves.toBe(1);
        await control.focus();
        const atMax = await control.evaluate((el) => (el as HTMLInputElement).value === (el as HTMLInputElement).max);
        const [forth, back] =
          spec.kind === 'boolean'
            ? ['Space', 'Space']
            : atMax
              ? ['ArrowLeft', 'ArrowRight']
              : ['ArrowRight', 'ArrowLeft'];
        const [v0, p0] = await read();

        await page.keyboard.press(forth);
        await valuesSettled(page);
        const [v1, p1] = await read();
        expect(p1[loss][spec.key], `${loss}.${spec.key} moved`).not.toEqual(p0[loss][spec.key]);
        expect(changedIds(v0, v1), `${loss}.${spec.key}`).toEqual([loss]);
        // The parameter chart now sweeps this parameter, with a marker at its value.
        const chart =
          spec.kind === 'number' ? page.getByRole('img', { name: parameterChartLabel(loss, spec), exact: true }) : null;
        if (chart) await settle(page);
        const d1 = chart ? await drawing(chart) : [];
        if (chart) expect(d1.length, `${loss}.${spec.key} chart`).toBeGreaterThan(1);

        // One step back: the loss moves again and the chart's marker follows.
        await page.keyboard.press(back);
        await (chart ? settle(page) : valuesSettled(page));
        const [v2, p2] = await read();
        expect(changedIds(v1, v2), `${loss}.${spec.key} back`).toEqual([loss]);
        // Back on the starting value (unless it lay between two slider steps): exactly the starting numbers.
        if (Object.is(p2[loss][spec.key], p0[loss][spec.key]))
          expect(changedIds(v0, v2), `${loss}.${spec.key} restored`).toEqual([]);
        if (chart) expect(differs(d1, await drawing(chart)), `${loss}.${spec.key} chart follows`).toBeGreaterThan(0);
      }
    });
  }
});

describe('undo, keyboard, touch', () => {
  it('undo and redo restore values and masks exactly, through strokes, a preset, an operation and a grid change', async () => {
    const { page, context, errors } = await h.open();
    const snap = async () => ({ values: await shownValues(page), masks: await sceneHash(page) });
    const states = [await snap()];
    const edits: (() => Promise<void>)[] = [
      () => stroke(page, 'Ground truth', [0.1, 0.8], [0.3, 0.9]),
      async () => {
        await page.getByRole('slider', { name: 'Hardness' }).fill('0.35');
        await stroke(page, 'Prediction', [0.2, 0.2], [0.5, 0.3]);
      },
      () => page.getByRole('button', { name: 'Thin vessel', exact: true }).click(),
      () => page.getByRole('button', { name: 'Blur', exact: true }).click(),
      () => page.getByRole('radiogroup', { name: 'Grid size' }).getByRole('radio', { name: '64²' }).click(),
      () => stroke(page, 'Prediction', [0.6, 0.1], [0.9, 0.4]),
    ];
    for (const edit of edits) {
      await edit();
      await settle(page);
      const s = await snap();
      expect(s).not.toEqual(states[states.length - 1]);
      states.push(s);
    }
    expect(states[states.length - 1]!.masks).toMatchObject({ height: 64, width: 64 });
    const undo = page.getByRole('button', { name: 'Undo', exact: true });
    const redo = page.getByRole('button', { name: 'Redo', exact: true });
    // Undo with the button and with Ctrl+Z, alternately, back to the start.
    for (let i = states.length - 2; i >= 0; i--) {
      if (i % 2) await undo.click();
      else {
        await page.locator('body').click({ position: { x: 5, y: 5 } });
        await page.keyboard.press('Control+z');
      }
      await settle(page);
      const s = await snap();
      expect(s.masks, `undo to ${i}`).toEqual(states[i]!.masks);
      expect(changedIds(states[i]!.values, s.values), `undo to ${i}`).toEqual([]);
    }
    await expect(undo.isDisabled()).resolves.toBe(true);
    for (let i = 1; i < states.length; i++) {
      if (i % 2) await redo.click();
      else await page.keyboard.press('Control+Shift+z');
      await settle(page);
      const s = await snap();
      expect(s.masks, `redo to ${i}`).toEqual(states[i]!.masks);
      expect(changedIds(states[i]!.values, s.values), `redo to ${i}`).toEqual([]);
    }
    await expect(redo.isDisabled()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the keyboard alone selects a loss, reaches its slider and moves it', async () => {
    const { page, context, errors } = await h.open();
    const active = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return {
          tag: el?.tagName ?? '',
          type: (el as HTMLInputElement | null)?.type ?? '',
          label: el?.getAttribute('aria-label') ?? '',
          row: el?.closest('[data-loss-id]')?.getAttribute('data-loss-id') ?? null,
          param: el?.closest('.params') !== null,
          visible: el?.matches(':focus-visible') ?? false,
        };
      });
    const tabUntil = async (ok: (a: Awaited<ReturnType<typeof active>>) => boolean, max = 250) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const a = await active();
        if (ok(a)) return a;
      }
      throw new Error('not reached with Tab');
    };
    // Tab to the first loss name in the table, then ↓ to Focal (the fourth loss).
    const first = await tabUntil((a) => a.row !== null);
    expect(first.row).toBe(LOSS_IDS[0]);
    expect(first.visible).toBe(true);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await settle(page);
    expect((await active()).row).toBe('focal');
    await expect(page.locator('[data-loss-id="focal"] .loss-name').getAttribute('aria-pressed')).resolves.toBe('true');
    // Tab on to the first slider of the parameter panel: Focal's γ.
    const slider = await tabUntil((a) => a.param && a.type === 'range');
    expect(slider.label).toMatch(/^gamma \(/);
    expect(slider.visible).toBe(true);
    const v0 = await shownValues(page);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await settle(page);
    const v1 = await shownValues(page);
    expect(changedIds(v0, v1)).toEqual(['focal']);
    await expect(page.getByRole('textbox', { name: 'gamma value' }).inputValue()).resolves.toBe('2.1');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await settle(page);
    expect(changedIds(v0, await shownValues(page))).toEqual([]);
    await page.keyboard.press('End');
    await settle(page);
    await expect(page.getByRole('textbox', { name: 'gamma value' }).inputValue()).resolves.toBe('5');
    // Focus stayed on the slider throughout.
    expect((await active()).label).toMatch(/^gamma \(/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('touch paints (a touch-enabled context, CDP touch events)', async () => {
    const { page, context, errors } = await h.open('', { context: { hasTouch: true } });
    expect(await page.evaluate(() => navigator.maxTouchPoints)).toBeGreaterThan(0);
    const canvas = page.getByRole('img', { name: 'Prediction', exact: true });
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const v0 = await shownValues(page);
    const m0 = await sceneHash(page);
    const scroll0 = await page.evaluate(() => window.scrollY);
    const cdp = await context.newCDPSession(page);
    const at = (u: number, v: number) => [
      { x: box.x + u * box.width, y: box.y + v * box.height, id: 1, radiusX: 4, radiusY: 4, force: 1 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0.15, 0.15) });
    for (let i = 1; i <= 12; i++)
      await cdp.send('Input.dispatchTouchEvent', {
        type: 'touchMove',
        touchPoints: at(0.15 + 0.05 * i, 0.15 + 0.02 * i),
      });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    await settle(page);
    const m1 = await sceneHash(page);
    expect(m1.pred).not.toBe(m0.pred);
    expect(m1.target).toBe(m0.target);
    expect(changedIds(v0, await shownValues(page))).toEqual(expect.arrayContaining(['bce', 'focal', 'dice']));
    expect(await storeState(page, (s) => [s.lastEdit, s.stroking])).toEqual(['stroke on Prediction', false]);
    // A drag on the canvas paints instead of scrolling the page.
    expect(await page.evaluate(() => window.scrollY)).toBe(scroll0);
    // The stroke is one undo step.
    await page.getByRole('button', { name: 'Undo', exact: true }).tap();
    await settle(page);
    expect(await sceneHash(page)).toEqual(m0);
    expect(changedIds(v0, await shownValues(page))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('classroom flags', () => {
  /** What each flag hides (one or more controls), and for param:focal.gamma its slider. */
  const TARGETS: Record<string, (p: Page) => Locator[]> = {
    presets: (p) => [p.getByRole('group', { name: 'Load a preset scene' })],
    'paint-target': (p) => [
      p.getByRole('group', { name: 'Ground truth operations' }),
      p.locator('canvas.paintable[aria-label="Ground truth"]'),
    ],
    'paint-pred': (p) => [p.locator('.pred-ops'), p.locator('canvas.paintable[aria-label="Prediction"]')],
    tools: (p) => [
      p.getByRole('toolbar', { name: 'Painting tools' }),
      p.getByRole('button', { name: 'Undo', exact: true }),
    ],
    grid: (p) => [p.getByRole('radiogroup', { name: 'Grid size' })],
    params: (p) => [p.getByRole('region', { name: 'Parameters' })],
    conventions: (p) => [p.getByRole('combobox', { name: 'Conventions' })],
    table: (p) => [p.locator('table.loss-table')],
    heatmap: (p) => [p.locator('.v-grad'), p.getByRole('region', { name: 'All gradients' })],
    metrics: (p) => [p.locator('dl.metrics'), p.locator('.threshold-block')],
    charts: (p) => [p.getByRole('region', { name: 'Charts' })],
    formula: (p) => [p.getByRole('region', { name: 'Formula' })],
    share: (p) => [p.getByRole('button', { name: 'Copy link', exact: true })],
    'param:focal.gamma': (p) => [p.getByRole('slider', { name: /^gamma \(/ })],
  };
  /** Flags that hide another flag's control as well (the whole panel includes the single slider). */
  const ALSO: Record<string, string[]> = { params: ['param:focal.gamma'] };

  async function present(page: Page): Promise<Record<string, boolean[]>> {
    const out: Record<string, boolean[]> = {};
    for (const [flag, find] of Object.entries(TARGETS))
      out[flag] = await Promise.all(find(page).map(async (l) => (await l.count()) > 0));
    return out;
  }

  const link = (hide: string[]) => `#${encodeScene(sharedScene('one_missed', 128, { selected: 'focal', hide }))}`;

  it('every flag has a control here, and a link without flags shows them all', async () => {
    expect(Object.keys(TARGETS).sort()).toEqual([...HIDE_FLAGS.map((f) => f.id), 'param:focal.gamma'].sort());
    const { page, context, errors } = await h.open(link([]));
    const all = await present(page);
    for (const [flag, shown] of Object.entries(all)) expect(shown, flag).toEqual(shown.map(() => true));
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const flag of Object.keys(TARGETS)) {
    it(`"${flag}" hides its control and nothing else`, async () => {
      const { page, context, errors } = await h.open(link([flag]));
      expect(await storeState(page, (s) => s.hidden)).toEqual([flag]);
      const seen = await present(page);
      for (const [other, shown] of Object.entries(seen)) {
        const hidden = other === flag || (ALSO[flag] ?? []).includes(other);
        expect(shown, `${other} with ${flag}`).toEqual(shown.map(() => !hidden));
      }
      // Hidden painting really is off: a stroke on that canvas changes nothing.
      if (flag === 'paint-target' || flag === 'paint-pred') {
        const before = await sceneHash(page);
        await stroke(page, flag === 'paint-target' ? 'Ground truth' : 'Prediction', [0.1, 0.1], [0.5, 0.5]);
        expect(await sceneHash(page)).toEqual(before);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
