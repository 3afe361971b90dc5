/**
 * Render discipline in real headless Chromium: during a slider drag and a stroke, which React components
 * render and how often per evaluation, and which gradient maps are recoloured. Counts come from
 * src/ui/renderCount.ts through `window.__lossExplorer.renders()`; every step waits for the runner, so that
 * each step is exactly one evaluation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { LOSS_IDS } from '../../src/core/types.ts';
import { typeset } from '../../src/ui/typeset.ts';
import { SHOTS, settle, useHarness } from './harness.ts';
import type { OpenPage } from './harness.ts';

type Counts = Record<string, number>;

interface Api {
  renders(): Counts;
  idle(): Promise<void>;
  store: { getState(): { results: { serial: number } | null } };
}

const h = useHarness();
let main: OpenPage;
let mounted: Counts;
/**
 * The substituted formula as shown, beside what KaTeX makes of the TeX it says it shows (its MathML
 * annotation): a live formula writes numbers into a typeset template, and must end up the same.
 */
async function formulaAgainstFreshTypeset(page: Page): Promise<{ tex: string; shown: string; fresh: string }> {
  const tex = await page.evaluate(() => document.querySelector('.tex.substituted annotation')?.textContent ?? '');
  const html = typeset(tex, true);
  return page.evaluate(
    ([tex, html]) => {
      const fresh = document.createElement('span');
      fresh.innerHTML = html;
      return { tex, shown: document.querySelector('.tex.substituted')!.innerHTML, fresh: fresh.innerHTML };
    },
    [tex, html] as const,
  );
}

/** Renders counted per commit: 2 on React's development build, whose StrictMode calls each component twice. */
let perRender = 1;

beforeAll(async () => {
  // Tall enough that every card (small multiples, charts) is on screen and live.
  main = await h.open('', { viewport: { width: 1280, height: 3200 } });
  mounted = await takeCounts(main.page);
  const dev = await main.page.evaluate(() => {
    const el = document.querySelector('.app') as (Element & Record<string, unknown>) | null;
    const key = el ? Object.keys(el).find((k) => k.startsWith('__reactFiber$')) : undefined;
    const fiber = key ? (el![key] as object | null) : null;
    return fiber !== null && '_debugOwner' in fiber;
  });
  perRender = dev ? 2 : 1;
}, 180_000);

afterAll(async () => {
  await main?.context.close();
});

function takeCounts(page: Page): Promise<Counts> {
  return page.evaluate(() => (window as unknown as { __lossExplorer: Api }).__lossExplorer.renders());
}

function serial(page: Page): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { __lossExplorer: Api }).__lossExplorer.store.getState().results?.serial ?? 0,
  );
}

/** One step: the evaluation it started has finished and its frame (and the next) has been drawn. */
async function step(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const api = (window as unknown as { __lossExplorer: Api }).__lossExplorer;
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
    await api.idle();
    await frame();
    await frame();
    await api.idle();
  });
}

const count = (c: Counts, name: string) => c[name] ?? 0;
const withPrefix = (c: Counts, prefix: string) => Object.entries(c).filter(([k, v]) => k.startsWith(prefix) && v > 0);

/** Components that show nothing that a parameter or a stroke changes: they never render on either. */
const STILL = [
  'App',
  'Header',
  'Toolbar',
  'LossTable',
  'LayerView:target',
  'LayerView:pred',
  'GradientView',
  'OverlayView',
  'SmallMultiples',
  'LossDetail',
  'ChartsPanel',
  'HoverMark',
  'OutlineOverlay',
];

function save(name: string, counts: Counts, evaluations: number) {
  const sorted = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(SHOTS, name), `${JSON.stringify({ evaluations, counts: sorted }, null, 1)}\n`);
}

describe('render discipline', () => {
  it('counts every component that matters (the names below are rendered at start)', () => {
    for (const name of [
      'App',
      'LossTable',
      'GradientView',
      'OverlayView',
      'SmallMultiples',
      'LossDetail',
      'Formula',
      'MetricsRow',
      'HoverReadout',
      'ParameterChart',
      'FocalFigure',
      'FigureLegend',
    ]) {
      expect(count(mounted, name), name).toBeGreaterThan(0);
    }
    for (const id of LOSS_IDS) {
      expect(count(mounted, `LossRow:${id}`), id).toBeGreaterThan(0);
      expect(count(mounted, `LossThumb:${id}`), id).toBeGreaterThan(0);
      expect(count(mounted, `Multiple:${id}`), id).toBeGreaterThan(0);
    }
    expect(count(mounted, 'LayerView:pred')).toBeGreaterThan(0);
    expect(count(mounted, 'ParamControl:bce.eps')).toBeGreaterThan(0);
  });

  it('a 20-step drag of focal γ renders only its row, slider, formula, legend and charts, once per evaluation', async () => {
    const { page, errors } = main;
    await page.locator('[data-loss-id="focal"] .loss-name').click();
    await settle(page);
    const gamma = page.getByRole('slider', { name: /^gamma \(/ });
    await gamma.focus();
    await settle(page);
    await takeCounts(page);
    const s0 = await serial(page);
    const dotX = () =>
      page.evaluate(() => document.querySelector('.live-current [data-live="dot"]')?.getAttribute('cx') ?? null);
    const x0 = await dotX();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('ArrowRight');
      await step(page);
    }
    const c = await takeCounts(page);
    const n = (await serial(page)) - s0;
    save('renders-drag.json', c, n);
    expect(n).toBe(20);

    for (const name of STILL) expect(count(c, name), name).toBe(0);
    expect(count(c, 'HoverReadout'), 'no pointer, nothing to read out').toBe(0);
    expect(count(c, 'MetricsRow'), 'thresholded metrics do not depend on γ').toBe(0);
    // The table: focal's row once per evaluation, and once more per new Δ baseline (a key press more than
    // PARAM_GESTURE_MS after the last one is an edit of its own: on a loaded machine, every press); the
    // other rows at most once (their values do not move, so neither does their baseline after the first
    // step); no thumbnail through React.
    expect(count(c, 'LossRow:focal')).toBeLessThanOrEqual(2 * n * perRender);
    for (const [k, v] of withPrefix(c, 'LossRow:'))
      if (k !== 'LossRow:focal') expect(v, k).toBeLessThanOrEqual(perRender);
    expect(withPrefix(c, 'LossThumb:')).toEqual([]);
    expect(withPrefix(c, 'Multiple:')).toEqual([]);
    // The one slider moved; its siblings (α, ε) stay.
    expect(withPrefix(c, 'ParamControl:').map(([k]) => k)).toEqual(['ParamControl:focal.gamma']);
    expect(count(c, 'ParamControl:focal.gamma')).toBeLessThanOrEqual(n * perRender);
    // KaTeX: the substituted formula at most once per evaluation; the static symbols never.
    expect(count(c, 'Formula')).toBeGreaterThan(0);
    expect(count(c, 'Formula')).toBeLessThanOrEqual(n * perRender);
    // Only the numbers move: the template was typeset before the drag, and what is shown is what KaTeX makes of the new TeX.
    expect(count(c, 'katex.renderToString')).toBe(0);
    const formula = await formulaAgainstFreshTypeset(page);
    expect(formula.tex).toMatch(/\\htmlClass\{tex-num\}\{3\}/); // γ = 2 + 20 · 0.05
    expect(formula.shown).toBe(formula.fresh);
    expect(count(c, 'Legend')).toBeLessThanOrEqual(n * perRender);
    expect(count(c, 'DetailValue')).toBeLessThanOrEqual(n * perRender);
    // Charts: the loss-vs-γ curve does not depend on γ, so its chart is not re-rendered at all: its dot
    // moves by itself (a LiveLayer), at most once per evaluation; the highlighted per-pixel curve too.
    expect(count(c, 'ParameterChart')).toBe(0);
    expect(x0).not.toBeNull();
    expect(Number(await dotX())).toBeGreaterThan(Number(x0));
    expect(count(c, 'live:live-current')).toBeGreaterThan(0);
    expect(count(c, 'live:live-current')).toBeLessThanOrEqual(n);
    // The per-pixel figure: its curve (a LiveLayer) and its legend (the label says γ) follow; the chart does not re-render.
    expect(count(c, 'FocalFigure')).toBe(0);
    expect(count(c, 'live:live-highlight')).toBeGreaterThan(0);
    expect(count(c, 'live:live-highlight')).toBeLessThanOrEqual(n);
    expect(count(c, 'FigureLegend')).toBeLessThanOrEqual(n * perRender);
    // Colour maps: only focal's gradient changed, so only its pictures are recoloured.
    const recoloured = Object.entries(c)
      .filter(([k, v]) => k.startsWith('colormap:') && v > 0)
      .map(([k]) => k.split(':')[2]);
    expect([...new Set(recoloured)]).toEqual(['focal']);
    for (const [k, v] of Object.entries(c)) if (k.startsWith('colormap:')) expect(v, k).toBeLessThanOrEqual(n);
    expect(errors).toEqual([]);
  }, 150_000);

  it('a 20-dab stroke on the prediction renders the rows, metrics and formula at most once per evaluation, no canvas', async () => {
    const { page, errors } = main;
    const canvas = page.getByRole('img', { name: 'Prediction', exact: true });
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const at = (u: number, v: number) => [box.x + u * box.width, box.y + v * box.height] as const;
    await page.mouse.move(...at(0.1, 0.15));
    await page.mouse.down();
    await step(page);
    await takeCounts(page);
    const s0 = await serial(page);
    for (let i = 1; i <= 20; i++) {
      await page.mouse.move(...at(0.1 + i * 0.035, 0.15 + (i % 2) * 0.03));
      await step(page);
    }
    const c = await takeCounts(page);
    const n = (await serial(page)) - s0;
    await page.mouse.up();
    await settle(page);
    save('renders-stroke.json', c, n);
    expect(n).toBeGreaterThanOrEqual(18);
    expect(n).toBeLessThanOrEqual(20);

    for (const name of STILL) expect(count(c, name), name).toBe(0);
    expect(withPrefix(c, 'LossThumb:')).toEqual([]);
    expect(withPrefix(c, 'Multiple:')).toEqual([]);
    expect(withPrefix(c, 'ParamControl:')).toEqual([]);
    for (const id of LOSS_IDS) expect(count(c, `LossRow:${id}`), id).toBeLessThanOrEqual(n * perRender);
    expect(count(c, 'MetricsRow')).toBeLessThanOrEqual(n * perRender);
    expect(count(c, 'Formula')).toBeGreaterThan(0);
    expect(count(c, 'Formula')).toBeLessThanOrEqual(n * perRender);
    expect(count(c, 'katex.renderToString')).toBeLessThanOrEqual(n);
    const formula = await formulaAgainstFreshTypeset(page);
    expect(formula.shown).toBe(formula.fresh);
    // The readout follows the pointer and the evaluation: at most one render for each.
    expect(count(c, 'HoverReadout')).toBeLessThanOrEqual(2 * n * perRender);
    for (const [k, v] of Object.entries(c)) if (k.startsWith('colormap:')) expect(v, k).toBeLessThanOrEqual(n);
    expect(errors).toEqual([]);
  }, 150_000);

  it('a mouse drag across an advanced slider keeps its element and moves the value all the way', async () => {
    const { page, errors } = main;
    // eps starts at its registry default (the slider's left end), smooth_nr at null ("same as smooth").
    for (const [loss, key] of [
      ['bce', 'eps'],
      ['dice', 'smooth_nr'],
    ] as const) {
      await page.locator(`[data-loss-id="${loss}"] .loss-name`).click();
      await settle(page);
      const details = page.locator('details.advanced');
      if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
      const slider = page.getByRole('slider', { name: new RegExp(`^${key} \\(`) });
      await slider.scrollIntoViewIfNeeded();
      await slider.evaluate((el) => {
        (el as HTMLElement & { dragMark?: boolean }).dragMark = true;
      });
      const box = (await slider.boundingBox())!;
      const y = box.y + box.height / 2;
      const x0 = await slider.evaluate((el, b) => {
        const input = el as HTMLInputElement;
        const t = (Number(input.value) - Number(input.min)) / (Number(input.max) - Number(input.min));
        return b.x + 8 + t * (b.width - 16);
      }, box);
      const read = () =>
        page.evaluate(
          ([l, k]) => {
            const api = (
              window as unknown as {
                __lossExplorer: { store: { getState(): { params: Record<string, Record<string, unknown>> } } };
              }
            ).__lossExplorer;
            return String(api.store.getState().params[l]![k]);
          },
          [loss, key] as const,
        );
      const seen = new Set<string>([await read()]);
      await page.mouse.move(x0, y);
      await page.mouse.down();
      const x1 = box.x + box.width - 10;
      for (let i = 1; i <= 12; i++) {
        await page.mouse.move(x0 + ((x1 - x0) * i) / 12, y);
        await step(page);
        seen.add(await read());
      }
      await page.mouse.up();
      await settle(page);
      expect(seen.size, `${loss}.${key}: ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(6);
      // The same <input> throughout: its mark survived.
      const same = await page.evaluate((k) => {
        const el = document.querySelector(`input[type="range"][aria-label^="${k} ("]`) as
          (HTMLElement & { dragMark?: boolean }) | null;
        return el?.dragMark === true;
      }, key);
      expect(same, `${loss}.${key} kept its element`).toBe(true);
    }
    expect(errors).toEqual([]);
  }, 150_000);
});
