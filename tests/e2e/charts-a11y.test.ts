/**
 * The charts card in headless Chromium (set-up in harness.ts): Tab reaches only named controls, no
 * legend box is crossed by a drawn curve (recharts lines, reference lines and the live highlight), and an
 * export made in the dark theme is light (PNG pixels decoded, SVG text colours read). Screenshots of each
 * tab in both themes and of the exported PNGs go to /tmp/shots.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import type { Page } from 'playwright-core';
import type { LossId } from '../../src/core/types.ts';
import type { Theme } from '../../src/share/format.ts';
import { LOSS_IDS } from '../../src/core/types.ts';
import { LOSSES } from '../../src/core/registry.ts';
import { intersectRects, polylineHitsRect } from '../../src/ui/charts/geometry.ts';
import type { Point, Rect } from '../../src/ui/charts/geometry.ts';
import { buildPreset } from '../../src/scene/index.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { conventionParams } from '../../src/core/conventions.ts';
import type { ChartTab } from '../../src/state/types.ts';
import { CHART_TABS } from '../../src/state/types.ts';
import { QUANTITY_LABEL } from '../../src/ui/charts/labels.ts';
import { EXPORT_COLORS } from '../../src/ui/charts/theme.ts';
import { SHOTS, settle, useHarness } from './harness.ts';

const h = useHarness();

const TAB_NAME: Record<ChartTab, RegExp> = {
  pixel: /^Per-pixel curves$/,
  'focal-tversky': /^Focal Tversky$/,
  'tversky-map': /^FP × FN map$/,
  response: /^Every loss$/,
};

/** A 64² scene (quick charts) with `selected` and the chart tab `chart`, opened in a tall window with the charts computed. */
async function openCharts(selected: LossId, chart: ChartTab, colorScheme: Theme = 'light') {
  const scene = buildPreset('one_missed', 64);
  const fragment = encodeScene({
    height: 64,
    width: 64,
    target: scene.target,
    pred: scene.pred,
    params: conventionParams('survey'),
    selected,
    view: { gradientSpace: 'prob', scaleMode: 'per-loss', chartTab: chart },
    hide: [],
    preset: 'one_missed',
  });
  const opened = await h.open(`#${fragment}`, { viewport: { width: 1280, height: 1900 }, colorScheme });
  await showCharts(opened.page);
  return opened;
}

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

async function openTab(page: Page, tab: ChartTab): Promise<void> {
  await page.getByRole('tab', { name: TAB_NAME[tab] }).click();
  await settle(page);
  await page.mouse.move(2, 2);
}

interface Stop {
  tag: string;
  role: string;
  name: string;
}

/** Every element Tab focuses from the charts card's heading until focus leaves the card. */
async function tabStops(page: Page): Promise<Stop[]> {
  await page.locator('.card.charts h2').click();
  const stops: Stop[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || !el.closest('.card.charts')) return null;
      const implicit: Record<string, string> = { BUTTON: 'button', SELECT: 'combobox', A: 'link', INPUT: 'textbox' };
      const labelledBy = el.getAttribute('aria-labelledby');
      const name =
        el.getAttribute('aria-label') ??
        (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ??
        (el.tagName === 'SELECT' ? '' : el.textContent);
      return {
        tag: el.tagName.toLowerCase(),
        role: el.getAttribute('role') ?? implicit[el.tagName] ?? '',
        name: (name ?? '').trim(),
      };
    });
    if (!stop) return stops;
    stops.push(stop);
  }
  throw new Error('Tab never left the charts card');
}

/** The controls the charts card is meant to offer the keyboard. */
const INTENDED: readonly { role: string; name: RegExp }[] = [
  { role: 'combobox', name: /^Parameter on the x axis$/ },
  { role: 'button', name: /^Export “.+” as (PNG|SVG)$/ },
  {
    role: 'tab',
    name: new RegExp(
      `^(${Object.values(TAB_NAME)
        .map((r) => r.source.slice(1, -1))
        .join('|')})$`,
    ),
  },
  { role: 'radio', name: new RegExp(`^(${Object.values(QUANTITY_LABEL).join('|')})$`) },
  { role: 'img', name: /over FP weight and FN weight for the current masks; click to set both weights$/ },
];

describe('charts card: keyboard', () => {
  it('Tab reaches only named, intended controls on every tab', async () => {
    const { page, context, errors } = await openCharts('focal_tversky', 'pixel');
    for (const tab of CHART_TABS) {
      await openTab(page, tab);
      const stops = await tabStops(page);
      for (const s of stops) {
        expect(s.name, `${tab}: a ${s.tag} without a name`).not.toBe('');
        expect(
          INTENDED.some((c) => c.role === s.role && c.name.test(s.name)),
          `${tab}: ${s.tag} role=${s.role} "${s.name}"`,
        ).toBe(true);
      }
      // The parameter chart's picker and exports, the selected tab, this tab's exports …
      expect(stops.filter((s) => s.role === 'button').length, tab).toBe(4);
      expect(stops.filter((s) => s.role === 'tab').length, tab).toBe(1);
      // … and the map, which the arrow keys drive.
      expect(
        stops.some((s) => s.role === 'img'),
        tab,
      ).toBe(tab === 'tversky-map');
      expect(
        stops.some((s) => s.role === 'radio'),
        tab,
      ).toBe(tab === 'response');
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

async function selectLoss(page: Page, id: LossId): Promise<void> {
  await page.locator(`[data-loss-id="${id}"] .loss-name`).click();
  await settle(page);
  await page.mouse.move(2, 2);
}

interface LegendCheck {
  chart: string;
  legend: Rect;
  plot: Rect;
  /** Every drawn line (recharts' curves, reference lines, the live layers' curves, flat lines and dots) in the svg's pixels. */
  lines: { what: string; points: Point[] }[];
}

/** Each chart legend on screen, with its plot area and what is drawn in it. */
async function legendChecks(page: Page): Promise<LegendCheck[]> {
  return page.evaluate(() => {
    const out: LegendCheck[] = [];
    for (const svg of document.querySelectorAll<SVGSVGElement>('.card.charts svg.recharts-surface')) {
      const legendRect = svg.querySelector<SVGRectElement>('g.chart-legend > rect');
      const clip = svg.querySelector<SVGRectElement>('defs clipPath rect');
      if (!legendRect || !clip) continue;
      const toSvg = (el: SVGGraphicsElement) => svg.getCTM()!.inverse().multiply(el.getCTM()!);
      const at = (el: SVGGraphicsElement, x: number, y: number): [number, number] => {
        const p = new DOMPoint(x, y).matrixTransform(toSvg(el));
        return [p.x, p.y];
      };
      const box = (el: SVGRectElement) => {
        const [x, y] = at(el, el.x.baseVal.value, el.y.baseVal.value);
        return { x, y, w: el.width.baseVal.value, h: el.height.baseVal.value };
      };
      const visible = (el: Element) => !el.closest('[display="none"]') && getComputedStyle(el).display !== 'none';
      const lines: { what: string; points: [number, number][] }[] = [];
      for (const path of svg.querySelectorAll<SVGPathElement>('path.recharts-line-curve, path[data-live="curve"]')) {
        if (!visible(path)) continue;
        const d = path.getAttribute('d') ?? '';
        let cur: [number, number][] = [];
        for (const m of d.matchAll(/([ML])\s*(-?[\d.]+(?:e-?\d+)?)[ ,]\s*(-?[\d.]+(?:e-?\d+)?)/g)) {
          if (m[1] === 'M' && cur.length) {
            lines.push({ what: path.getAttribute('data-live') ?? path.getAttribute('name') ?? 'curve', points: cur });
            cur = [];
          }
          cur.push(at(path, Number(m[2]), Number(m[3])));
        }
        if (cur.length) lines.push({ what: path.getAttribute('data-live') ?? 'curve', points: cur });
      }
      for (const line of svg.querySelectorAll<SVGLineElement>(
        '.recharts-reference-line line, line[data-live="flat"]',
      )) {
        if (!visible(line)) continue;
        lines.push({
          what: 'reference line',
          points: [
            at(line, line.x1.baseVal.value, line.y1.baseVal.value),
            at(line, line.x2.baseVal.value, line.y2.baseVal.value),
          ],
        });
      }
      for (const dot of svg.querySelectorAll<SVGCircleElement>('circle[data-live="dot"]')) {
        if (visible(dot))
          lines.push({ what: 'current dot', points: [at(dot, dot.cx.baseVal.value, dot.cy.baseVal.value)] });
      }
      out.push({
        chart: svg.closest('.chart-plot')?.getAttribute('aria-label') ?? '?',
        legend: box(legendRect),
        plot: box(clip),
        lines,
      });
    }
    return out;
  });
}

/** Every legend on screen covers no visible part of any drawn line; returns how many legends were checked. */
async function expectLegendsClear(page: Page, where: string): Promise<number> {
  const checks = await legendChecks(page);
  for (const c of checks) {
    const visible = intersectRects(c.legend, c.plot);
    expect(c.lines.length, `${where}: ${c.chart} has lines`).toBeGreaterThan(0);
    if (visible.w < 0 || visible.h < 0) continue;
    for (const line of c.lines)
      expect(polylineHitsRect(line.points, visible), `${where}: ${c.chart}: legend covers ${line.what}`).toBe(false);
  }
  return checks.length;
}

describe('charts card: legends', () => {
  it('no legend covers a curve, a reference line or the live highlight, on every chart', async () => {
    const { page, context, errors } = await openCharts('focal', 'pixel');
    let checked = 0;
    // The parameter chart of every loss and (for time) its first two parameters, beside the per-pixel figure and its highlight.
    for (const id of LOSS_IDS) {
      await selectLoss(page, id);
      const picker = page.getByRole('combobox', { name: 'Parameter on the x axis' });
      const keys = (await picker.count())
        ? (await picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).slice(
            0,
            2,
          )
        : [''];
      for (const key of keys) {
        if (key) {
          await picker.selectOption(key);
          await settle(page);
        }
        checked += await expectLegendsClear(page, `${id} ${key}`);
      }
    }
    await page.locator('.card.charts').screenshot({ path: join(SHOTS, 'charts-pixel-light.png') });
    // The focal Tversky figure at several γ (its highlight and marker move), then every loss's response.
    await selectLoss(page, 'focal_tversky');
    await openTab(page, 'focal-tversky');
    for (const gamma of [1, 4 / 3, 2, 3, 0.5]) {
      const field = page.getByRole('textbox', { name: 'gamma value', exact: true });
      await field.fill(String(gamma));
      await field.press('Enter');
      await settle(page);
      checked += await expectLegendsClear(page, `focal Tversky figure, γ = ${gamma}`);
    }
    await page.locator('.card.charts').screenshot({ path: join(SHOTS, 'charts-focal-tversky-light.png') });
    await openTab(page, 'tversky-map');
    await page.locator('.card.charts').screenshot({ path: join(SHOTS, 'charts-tversky-map-light.png') });
    await openTab(page, 'response');
    for (const q of Object.values(QUANTITY_LABEL)) {
      await page.getByRole('radio', { name: q, exact: true }).click();
      await settle(page);
      checked += await expectLegendsClear(page, `every loss vs ${q}`);
    }
    await page.locator('.card.charts').screenshot({ path: join(SHOTS, 'charts-response-light.png') });
    expect(checked).toBeGreaterThan(LOSS_IDS.length * 2);
    expect(errors).toEqual([]);
    await context.close();
  }, 420_000);
});

/** Luminance (0–255) of an sRGB triple. */
const luma = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/** '#rrggbb' or 'rgb(r, g, b)' → [r, g, b]. */
function rgb(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  if (hex) return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16)];
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(css);
  if (!m) throw new Error(`not a colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The download of one of a chart card's export buttons (the n-th chart card on screen). */
async function exportBytes(page: Page, cardIndex: number, format: 'png' | 'svg'): Promise<Buffer> {
  const card = page.locator('.card.charts figure.chart-card').nth(cardIndex);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 15_000 }),
    card.getByRole('button', { name: new RegExp(`as ${format.toUpperCase()}$`) }).click(),
  ]);
  return readFileSync(await download.path());
}

/** Every chart's SVG export made at 390 px (a phone), with which chart it is. */
async function eachNarrowExport(check: (page: Page, svg: string, what: string) => Promise<void>): Promise<void> {
  const { page, context } = await openCharts('focal_tversky', 'pixel');
  await page.setViewportSize({ width: 390, height: 1900 });
  await showCharts(page);
  for (const tab of CHART_TABS) {
    await openTab(page, tab);
    for (const cardIndex of tab === 'pixel' ? [0, 1] : [1])
      await check(page, (await exportBytes(page, cardIndex, 'svg')).toString('utf8'), `${tab}, card ${cardIndex}`);
  }
  await context.close();
}

describe('charts card: exports', () => {
  it('the light theme’s colours are the export colours', async () => {
    const { page, context } = await openCharts('focal', 'pixel');
    // Compared as resolved colours (the build's CSS minifier rewrites how they are spelt).
    const [page_, export_] = await page.evaluate((colors) => {
      const card = document.querySelector('.chart-card')!;
      const probe = document.createElement('span');
      card.append(probe);
      const resolve = (value: string) => {
        probe.style.color = value;
        return getComputedStyle(probe).color;
      };
      const out = [
        Object.fromEntries(Object.keys(colors).map((n) => [n, resolve(`var(${n})`)])),
        Object.fromEntries(Object.entries(colors).map(([n, v]) => [n, resolve(v)])),
      ];
      probe.remove();
      return out;
    }, EXPORT_COLORS);
    expect(page_).toEqual(export_);
    await context.close();
  }, 60_000);

  it("the current value's label never covers the default line's label, for every parameter of every loss", async () => {
    const { page, context, errors } = await openCharts('focal', 'pixel');
    const missing: string[] = [];
    let checked = 0;
    for (const info of LOSSES) {
      for (const spec of info.params) {
        if (spec.kind !== 'number') continue;
        const at = spec.choices?.length ? [...spec.choices] : [spec.min, spec.max];
        if (spec.default !== null) at.push(spec.default);
        for (const v of at) {
          const what = `${info.id}.${spec.key} = ${v}`;
          await page.evaluate(
            ([id, key, value]) => {
              const s = (
                window as unknown as {
                  __lossExplorer: {
                    store: {
                      getState(): { select(id: string): void; setParam(id: string, k: string, v: number): void };
                    };
                  };
                }
              ).__lossExplorer.store.getState();
              s.select(id as string);
              s.setParam(id as string, key as string, value as number);
            },
            [info.id, spec.key, v] as const,
          );
          await settle(page);
          const boxes = await page.evaluate(() => {
            const chart = document.querySelector('.card.charts .live-current')?.closest('svg');
            const box = (el: Element | null | undefined) => {
              if (!el || (el as SVGElement).style.display === 'none' || !el.textContent) return null;
              const r = el.getBoundingClientRect();
              return r.width > 0 ? { x: r.x, y: r.y, w: r.width, h: r.height, text: el.textContent } : null;
            };
            // recharts draws a reference line's label in a layer of its own: found by its text.
            const refLabel = [...(chart?.querySelectorAll('text') ?? [])].find((t) =>
              t.textContent?.startsWith('default '),
            );
            return { marker: box(chart?.querySelector('.live-current text')), reference: box(refLabel) };
          });
          if (!boxes.marker || !boxes.reference) {
            missing.push(`${what}: ${JSON.stringify(boxes)}`);
            continue;
          }
          const overlap = intersectRects(boxes.marker, boxes.reference);
          expect(overlap.w <= 0 || overlap.h <= 0, `${what}: ${JSON.stringify(boxes)}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked, missing.slice(0, 5).join('\n')).toBeGreaterThan(30);
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);

  it('a title too long for a narrow card wraps onto lines that fit the export', async () => {
    let wrapped = 0;
    await eachNarrowExport(async (page, svg, what) => {
      const fit = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'image/svg+xml').documentElement;
        const host = document.createElement('div');
        host.append(document.importNode(doc, true));
        document.body.append(host);
        const root = host.querySelector('svg')!;
        const spans = [...root.querySelectorAll(':scope > text > tspan')] as SVGTSpanElement[];
        const out = {
          width: Number(root.getAttribute('width')),
          title: root.querySelector(':scope > title')?.textContent ?? '',
          lines: spans.map((s) => ({
            text: s.textContent ?? '',
            right: Number(s.getAttribute('x')) + s.getComputedTextLength(),
          })),
        };
        host.remove();
        return out;
      }, svg);
      expect(fit.lines.length, what).toBeGreaterThan(0);
      expect(fit.lines.map((l) => l.text).join(' '), what).toBe(fit.title.replace(/\s+/g, ' ').trim());
      for (const line of fit.lines) expect(line.right, `${what}: "${line.text}"`).toBeLessThanOrEqual(fit.width);
      if (fit.lines.length > 1) wrapped++;
    });
    // At 390 px at least one chart's title needs two lines: the test saw the wrapping, not only short titles.
    expect(wrapped).toBeGreaterThan(0);
  }, 120_000);

  it('at 390 px no text of any chart runs off its export (legends, band and axis labels wrap, move or shrink)', async () => {
    let texts = 0;
    await eachNarrowExport(async (page, svg, what) => {
      const off = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'image/svg+xml').documentElement;
        const host = document.createElement('div');
        host.append(document.importNode(doc, true));
        document.body.append(host);
        const root = host.querySelector('svg')!;
        const width = Number(root.getAttribute('width'));
        const left = root.getBoundingClientRect().left;
        const out = { count: 0, off: [] as string[] };
        for (const t of root.querySelectorAll('text')) {
          if (!(t.textContent ?? '').trim()) continue;
          const r = t.getBoundingClientRect();
          if (r.width === 0) continue;
          out.count++;
          if (r.left - left < -1 || r.right - left > width + 1)
            out.off.push(
              `"${t.textContent}" spans ${Math.round(r.left - left)}…${Math.round(r.right - left)} of ${width}`,
            );
        }
        host.remove();
        return out;
      }, svg);
      expect(off.off, what).toEqual([]);
      texts += off.count;
    });
    expect(texts).toBeGreaterThan(60);
  }, 120_000);

  it('PNG and SVG exports made in the dark theme have a light background and dark text', async () => {
    const { page, context, errors } = await openCharts('focal_tversky', 'pixel', 'dark');
    await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
    for (const tab of CHART_TABS) {
      await openTab(page, tab);
      await page.locator('.card.charts').screenshot({ path: join(SHOTS, `charts-${tab}-dark.png`) });
      for (const cardIndex of tab === 'pixel' ? [0, 1] : [1]) {
        const what = `${tab}, card ${cardIndex}`;
        const png = await exportBytes(page, cardIndex, 'png');
        writeFileSync(join(SHOTS, `export-dark-${tab}-${cardIndex}.png`), png);
        const img = decode(png);
        const channels = img.channels;
        const at = (x: number, y: number) => {
          const o = (y * img.width + x) * channels;
          return luma(img.data[o]!, img.data[o + 1]!, img.data[o + 2]!);
        };
        for (const [x, y] of [
          [0, 0],
          [img.width - 1, 0],
          [0, img.height - 1],
          [img.width - 1, img.height - 1],
        ] as const) {
          expect(at(x, y), `${what}: corner (${x}, ${y})`).toBeGreaterThan(245);
        }
        // The heading (the top 34 px at 2×) is dark text on the light card.
        let darkest = 255;
        for (let y = 0; y < 68; y++) for (let x = 0; x < img.width; x++) darkest = Math.min(darkest, at(x, y));
        expect(darkest, `${what}: heading text`).toBeLessThan(60);

        const svg = (await exportBytes(page, cardIndex, 'svg')).toString('utf8');
        const background = /<rect width="100%" height="100%" fill="([^"]+)"/.exec(svg)?.[1];
        expect(background, what).toBe(EXPORT_COLORS['--chart-card']);
        const fills = [...svg.matchAll(/<text[^>]*style="[^"]*\bfill:\s*([^;"]+)/g)].map((m) => m[1]!);
        expect(fills.length, what).toBeGreaterThan(5);
        for (const fill of fills) expect(luma(...rgb(fill)), `${what}: text fill ${fill}`).toBeLessThan(130);
        expect(svg, what).not.toContain('var(--');
      }
    }
    // The live elements too: the figure's highlight and marker in the light accent, the marker's ring white.
    await openTab(page, 'focal-tversky');
    const svg = (await exportBytes(page, 1, 'svg')).toString('utf8');
    const accent = rgb(EXPORT_COLORS['--chart-accent']).join(', ');
    expect(svg).toMatch(new RegExp(`data-live="curve"[^>]*style="[^"]*stroke:\\s*rgb\\(${accent}\\)`));
    expect(svg).toMatch(
      new RegExp(`data-live="dot"[^>]*style="[^"]*fill:\\s*rgb\\(${accent}\\);[^"]*stroke:\\s*rgb\\(255, 255, 255\\)`),
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
