/**
 * Fault tolerance in real headless Chromium:
 * 1. hostile share links (fast-check, seeded): each opens on the defaults or on exactly what the decoder
 *    makes of it, with the decoder's message on screen; no error, no dialog, no injected element or
 *    handler, no "NaN"; the values of a decoded scene equal the eval CLI's;
 * 2. a lost WebGL context mid-session: the app switches to wasm, says so, keeps masks and parameters, and
 *    the values agree across the switch;
 * 3. 2,000 strokes in a row: tf.js tensor count flat, JS heap bounded;
 * 4. extreme scenes (p = 0 or 1 everywhere, empty and full ground truth, smoothing 0): every value shown is a
 *    number or an explained "undefined", never NaN or Infinity, and the values equal the CLI's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExpectStatic } from 'vitest';
import fc from 'fast-check';
import type { BrowserContext, Page } from 'playwright-core';
import { LOSSES } from '../../src/core/registry.ts';
import { LOSS_IDS } from '../../src/core/types.ts';
import { decodeBase64url, encodeBase64url } from '../../src/share/base64url.ts';
import { MAX_URL_LENGTH } from '../../src/share/format.ts';
import { decodeScene } from '../../src/share/decode.ts';
import { describeWarnings } from '../../src/share/text.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { fillParams } from '../../src/core/registry.ts';
import { settingsFromShared } from '../../src/state/share.ts';
import { plainMasks, rawLink, scene as sharedScene } from '../unit/share-fixtures.ts';
import { sceneHash, settle, useHarness, stroke } from './harness.ts';
import { brokenNumbers, evalCli, evaluated, memoryAfterGc, mismatches, shownCells, shownValues } from './support.ts';
import type { Evaluated, ExplorerApi, Values } from './support.ts';

const h = useHarness();

const api = 'window.__lossExplorer';

function fnv(a: Float32Array): string {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let x = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) x = Math.imul(x ^ (b[i] as number), 16777619) >>> 0;
  return x.toString(16);
}

// ── 1. hostile links ────────────────────────────────────────────────────────────────────────────

const HOSTILE_TEXT = [
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '"><img src=x onerror=alert(1)>',
  '</div><svg onload=alert(1)>',
  `'"\`;--`,
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ 名前 \u202e',
  '<b onmouseover=alert(1)>x</b>',
];
const BAD_VALUES = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '-1',
  '-0.5',
  '1e308',
  '"3"',
  'true',
  'null',
  '[]',
  '{}',
  '"<script>alert(1)</script>"',
];
const PARAM_KEYS = LOSSES.flatMap((l) => l.params.map((p) => [l.id, p.key] as const));

const VALID = [
  encodeScene(sharedScene('one_missed', 128, { selected: 'dice', params: { focal: { gamma: 3 } }, hide: ['tools'] })),
  encodeScene(sharedScene('thin_vessel', 64), { presets: 'off' }),
  encodeScene(
    sharedScene('small_object', 128, {
      params: { tversky: { fp_weight: 0.5 } },
      view: { gradientSpace: 'logit', scaleMode: 'shared' },
    }),
  ),
];
const { masks: MASKS, crc: CRC } = plainMasks();

const CATEGORIES: [string, fc.Arbitrary<string>, number][] = [
  [
    'truncated',
    fc.constantFrom(...VALID).chain((l) => fc.integer({ min: 1, max: l.length - 1 }).map((cut) => l.slice(0, cut))),
    4,
  ],
  [
    'wrong version',
    fc
      .tuple(
        fc.oneof(
          fc
            .integer({ min: -9, max: 99 })
            .filter((v) => v !== 1)
            .map(String),
          fc.constantFrom('1.0', '01', '', ...HOSTILE_TEXT),
        ),
        fc.constantFrom(...VALID),
      )
      .map(([v, l]) => `v=${v}&${l.slice(4)}`),
    3,
  ],
  [
    'huge or unknown grid size',
    fc
      .tuple(fc.integer({ min: 4, max: 255 }), fc.integer({ min: 0, max: 255 }))
      .map(([sizeCode, flags]) => rawLink({ sizeCode, flags, meta: {}, masks: MASKS, crc: CRC })),
    3,
  ],
  [
    'NaN, Infinity, negative or mistyped parameters',
    fc
      .tuple(fc.constantFrom(...PARAM_KEYS), fc.constantFrom(...BAD_VALUES))
      .map(([[id, key], v]) =>
        rawLink({ meta: `{"l":"${id}","p":{"${id}":{"${key}":${v}}}}`, masks: MASKS, crc: CRC }),
      ),
    6,
  ],
  [
    'wrong types',
    fc
      .constantFrom(
        '{"l":42}',
        '{"p":[1,2]}',
        '{"w":"x"}',
        '{"h":"tools"}',
        '{"p":{"focal":"gamma"}}',
        '{"l":null,"w":{"g":7,"c":[]}}',
        '[1,2,3]',
        '"just a string"',
      )
      .map((meta) => rawLink({ meta, masks: MASKS, crc: CRC })),
    3,
  ],
  [
    'markup in the settings',
    fc
      .tuple(fc.constantFrom(...HOSTILE_TEXT), fc.integer({ min: 0, max: 4 }))
      .map(
        ([t, k]) =>
          [
            `{"l":${JSON.stringify(t)}}`,
            `{"w":{"ch":${JSON.stringify(t)}}}`,
            `{"h":[${JSON.stringify(t)}]}`,
            `{"p":{${JSON.stringify(t)}:{"x":1}}}`,
            `{${JSON.stringify(t)}:1}`,
          ][k]!,
      )
      .map((meta) => rawLink({ meta, masks: MASKS, crc: CRC })),
    4,
  ],
  [
    'markup in the link itself',
    fc
      .tuple(fc.constantFrom(...HOSTILE_TEXT), fc.integer({ min: 0, max: 3 }))
      .map(([t, k]) => [t, `v=1&s=${t}`, `v=${t}&s=AAAA`, `${VALID[0]}&${t}=${t}`][k]!),
    3,
  ],
  [
    'corrupted bytes',
    fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.integer({ min: 1, max: 255 })).map(([l, at, x]) => {
      const bytes = decodeBase64url(l.slice(6))!;
      const i = at % bytes.length;
      bytes[i] = (bytes[i] as number) ^ x;
      return `v=1&s=${encodeBase64url(bytes)}`;
    }),
    2,
  ],
  ['random unicode', fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), 2],
];
const HOSTILE: { kind: string; fragment: string }[] = [
  ...CATEGORIES.flatMap(([kind, arb, n], i) =>
    fc.sample(arb, { seed: 20261125 + i, numRuns: n }).map((fragment) => ({ kind, fragment })),
  ),
  // A valid link of the largest grid (not offered by the grid selector), and one past the length limit.
  { kind: 'valid 512²', fragment: encodeScene(sharedScene('shifted', 512, { selected: 'hausdorff_dt' })) },
  { kind: 'too long', fragment: `v=1&s=${'A'.repeat(MAX_URL_LENGTH + 10)}` },
];

/** Tags and attributes a link must never add to the page. */
async function injected(
  page: Page,
): Promise<{ scripts: number; frames: number; handlers: string[]; jsUrls: string[]; markupText: string[] }> {
  return page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    const handlers: string[] = [];
    const jsUrls: string[] = [];
    for (const el of all) {
      for (const a of el.getAttributeNames()) {
        if (/^on/i.test(a)) handlers.push(`${el.tagName}.${a}`);
        if (/^\s*javascript:/i.test(el.getAttribute(a) ?? '')) jsUrls.push(`${el.tagName}.${a}`);
      }
    }
    const text = document.body.innerText;
    const markupText = ['<script', 'onerror=', 'onload=', 'onmouseover=', '<img', '<svg', '</div>', '<b '].filter((m) =>
      text.includes(m),
    );
    return {
      scripts: document.scripts.length,
      frames: document.querySelectorAll('iframe, object, embed, frame').length,
      handlers,
      jsUrls,
      markupText,
    };
  });
}

/** A fresh context with the link as the page's address; records the fragment the page booted with. */
async function openLink(
  fragment: string,
): Promise<{ page: Page; context: BrowserContext; errors: string[]; dialogs: string[]; bootHash: string }> {
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await context.addInitScript(() => {
    (window as unknown as { __bootHash: string }).__bootHash = location.hash;
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${h.base}#${fragment}`);
  await page.waitForSelector('.app[data-status="ready"]', { timeout: 60_000 });
  await settle(page);
  const bootHash = await page.evaluate(() => (window as unknown as { __bootHash: string }).__bootHash);
  return { page, context, errors, dialogs, bootHash };
}

describe('hostile links in the browser', () => {
  let defaults: {
    values: Values;
    masks: Awaited<ReturnType<typeof sceneHash>>;
    clean: Awaited<ReturnType<typeof injected>>;
  };
  const decoded: { kind: string; ev: Evaluated }[] = [];

  beforeAll(async () => {
    const { page, context } = await h.open();
    defaults = { values: await shownValues(page), masks: await sceneHash(page), clean: await injected(page) };
    await context.close();
  }, 120_000);

  it(`the sample covers every kind of damage (${HOSTILE.length} links)`, () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
    expect(new Set(HOSTILE.map((x) => x.fragment)).size).toBe(HOSTILE.length);
    // Both outcomes occur: links that are refused, and links that give a (partial) scene.
    const outcomes = HOSTILE.map((x) => decodeScene(x.fragment).scene !== null);
    expect(outcomes.filter(Boolean).length).toBeGreaterThan(5);
    expect(outcomes.filter((x) => !x).length).toBeGreaterThan(5);
  });

  /** One hostile link, opened and checked (`expect` is the test's own: the cases run two at a time). */
  async function check(kind: string, fragment: string, expect: ExpectStatic): Promise<void> {
    const { page, context, errors, dialogs, bootHash } = await openLink(fragment);
    // What the decoder makes of the fragment as the browser delivered it (it may percent-encode characters).
    const { scene, warnings } = decodeScene(bootHash);
    const message = page.locator('.share-message');
    if (scene === null) {
      expect(await shownValues(page)).toEqual(defaults.values);
      expect(await sceneHash(page)).toEqual(defaults.masks);
      const expected = describeWarnings(warnings);
      if (expected === null) await expect(message.count()).resolves.toBe(0);
      else await expect(message.locator('span').textContent()).resolves.toBe(expected);
    } else {
      const { params, problems, patch } = settingsFromShared(scene);
      expect(await sceneHash(page)).toEqual({
        height: scene.height,
        width: scene.width,
        target: fnv(scene.target),
        pred: fnv(scene.pred),
      });
      const state = await page.evaluate(
        `(() => { const s = ${api}.store.getState(); return { params: s.params, selected: s.selected, hidden: s.hidden }; })()`,
      );
      expect(state).toEqual({ params: fillParams(params), selected: patch.selected, hidden: patch.hidden });
      const expected = describeWarnings([...warnings, ...problems]);
      if (expected === null) await expect(message.count()).resolves.toBe(0);
      else await expect(message.locator('span').textContent()).resolves.toBe(expected);
      decoded.push({ kind, ev: await evaluated(page) });
    }
    if (await message.count()) await expect(message.isVisible()).resolves.toBe(true);
    // The address bar now holds a clean link of what was loaded (or none).
    const hash = new URL(page.url()).hash;
    expect(hash === '' || /^#v=1&s=[A-Za-z0-9_-]+$/.test(hash), hash.slice(0, 80)).toBe(true);
    // Nothing from the link became markup, a handler or a script.
    expect(await injected(page)).toEqual(defaults.clean);
    expect(await brokenNumbers(page)).toEqual([]);
    const cells = await shownCells(page);
    for (const id of LOSS_IDS)
      expect(
        cells[id].text === 'undefined' ? !!cells[id].title : /^−?\d/.test(cells[id].text),
        `${id}: ${cells[id].text}`,
      ).toBe(true);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }

  // Two pages at a time (vitest.config.ts: maxConcurrency 2): a page load is mostly single-threaded start-up work.
  describe.concurrent('each link', () => {
    for (const [i, { kind, fragment }] of HOSTILE.entries()) {
      const label = fragment.length > 60 ? `${fragment.slice(0, 57)}…` : fragment;
      it(`#${i} ${kind}: ${JSON.stringify(label)}`, ({ expect }) => check(kind, fragment, expect), 120_000);
    }
  });

  it("every decoded scene shows the eval CLI's values", async () => {
    expect(decoded.length).toBeGreaterThan(5);
    const cli = await evalCli(decoded.map((d) => d.ev));
    for (const [k, d] of decoded.entries()) expect(mismatches(d.ev.values, cli[k]!, 1e-5, 1e-7), d.kind).toEqual([]);
  }, 180_000);
});

// ── 2. WebGL context loss ─────────────────────────────────────────────────────────────────────

describe('WebGL context lost mid-session', () => {
  it('switches to wasm, says so, keeps masks and parameters, and the values agree', async () => {
    const { page, context, errors } = await h.open('?backend=webgl');
    const badge = page.getByRole('button', { name: 'Backend', exact: true });
    expect((await badge.textContent())?.trim()).toBe('webgl');
    await stroke(page, 'Ground truth', [0.1, 0.8], [0.3, 0.9]);
    await page.getByRole('slider', { name: 'Hardness' }).fill('0.4');
    await stroke(page, 'Prediction', [0.15, 0.15], [0.45, 0.3]);
    await page.locator('[data-loss-id="focal"] .loss-name').click();
    const gamma = page.getByRole('slider', { name: /^gamma \(/ });
    await gamma.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.locator('[data-loss-id="tversky"] .loss-name').click();
    await page.getByRole('textbox', { name: 'fp_weight value' }).fill('0.65');
    await page.getByRole('textbox', { name: 'fp_weight value' }).press('Enter');
    await settle(page);
    const read = () =>
      page.evaluate(
        `(() => { const s = ${api}.store.getState(); return { params: s.params, selected: s.selected, canUndo: s.canUndo }; })()`,
      );
    const before = { values: await shownValues(page), masks: await sceneHash(page), state: await read() };
    expect((before.state as { params: { focal: { gamma: number } } }).params.focal.gamma).toBe(2.25);
    await expect(page.getByText(/WebGL context was lost/).count()).resolves.toBe(0);

    expect(
      await page.evaluate(() =>
        (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer.loseWebglContext(),
      ),
    ).toBe(true);
    await page.waitForFunction(
      () => document.querySelector('[aria-label="Backend"]')?.textContent?.trim() === 'wasm',
      null,
      { timeout: 60_000 },
    );
    await page.waitForSelector('.app[data-status="ready"]');
    await settle(page);

    // Said on screen, and in the badge's reason.
    const note = page.getByRole('status').filter({ hasText: /WebGL context was lost/ });
    await expect(note.isVisible()).resolves.toBe(true);
    await expect(note.textContent()).resolves.toMatch(/Switched to wasm; the scene and parameters are kept/);
    expect(await badge.getAttribute('title')).toMatch(/WebGL context was lost/);
    // Same masks (bit for bit), parameters, selection and undo history.
    expect(await sceneHash(page)).toEqual(before.masks);
    expect(await read()).toEqual(before.state);
    const after = await shownValues(page);
    expect(mismatches(before.values, after, 1e-4, 1e-7)).toEqual([]);
    expect(await evaluated(page).then((e) => e.current)).toBe(true);

    // The session goes on: painting and undo work on the new backend.
    await stroke(page, 'Prediction', [0.6, 0.1], [0.9, 0.2]);
    const painted = await shownValues(page);
    expect(mismatches(after, painted, 0, 0).length).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await settle(page);
    expect(await sceneHash(page)).toEqual(before.masks);
    expect(mismatches(after, await shownValues(page), 0, 0)).toEqual([]);
    // The only console errors are the lost context's own (tf.js / the GPU process report it).
    expect(errors.filter((e) => !/CONTEXT_LOST_WEBGL|context lost|WebGL context was lost/i.test(e))).toEqual([]);
    await context.close();
  });
});

// ── 3. 2,000 strokes ────────────────────────────────────────────────────────────────────────────

/** Strokes through the store's stroke API in the page (as the pointer handlers call it), seeded. */
async function strokes(page: Page, count: number, seed: number): Promise<number> {
  return page.evaluate(
    async ({ count, seed }) => {
      const api = (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer;
      const s = () => api.store.getState();
      let x = seed >>> 0;
      const rnd = () => {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        return x / 2 ** 32;
      };
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
      const serial0 = s().results?.serial ?? 0;
      const { height, width } = s().scene;
      for (let i = 0; i < count; i++) {
        const layer = i % 3 === 0 ? 'target' : 'pred';
        s().setTool(rnd() < 0.35 ? 'eraser' : 'brush');
        s().setPredValue(Math.round(rnd() * 100) / 100);
        s().setRadius(1 + Math.round(rnd() * 12));
        let px = rnd() * width;
        let py = rnd() * height;
        s().beginStroke(layer, { x: px, y: py });
        for (let k = 0; k < 6; k++) {
          px = Math.min(width, Math.max(0, px + (rnd() - 0.5) * 16));
          py = Math.min(height, Math.max(0, py + (rnd() - 0.5) * 16));
          s().continueStroke({ x: px, y: py });
        }
        s().endStroke();
        // Catch up with the runner every 50 strokes (one evaluation per frame; one per stroke would take minutes).
        if (i % 50 === 49) {
          await frame();
          await api.idle();
        }
      }
      await api.idle();
      return (s().results?.serial ?? 0) - serial0;
    },
    { count, seed },
  );
}

describe('2,000 strokes in a row', () => {
  it('keeps tf.js tensors flat and the JS heap bounded', async () => {
    const { page, context, errors } = await h.open();
    const memory = () =>
      page.evaluate(() => (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer.memory());
    const m0 = await memory();
    const v0 = await shownValues(page);
    // Warm-up: fills the undo history to its limit (100 steps), so that what follows is the steady state.
    expect(await strokes(page, 150, 1)).toBeGreaterThanOrEqual(3);
    await settle(page);
    const m1 = await memory();
    const mem1 = await memoryAfterGc(page);

    const t0 = Date.now();
    const evaluations = await strokes(page, 2000, 2);
    const seconds = (Date.now() - t0) / 1000;
    await settle(page);
    // Let the debounced share-link write run, then measure.
    await page.waitForTimeout(400);
    await settle(page);
    const m2 = await memory();
    const mem2 = await memoryAfterGc(page);
    const mib = (b: number) => (b / 2 ** 20).toFixed(1);
    const grew = (mem2.total - mem1.total) / 2 ** 20;
    console.log(
      `2,000 strokes in ${seconds.toFixed(1)} s, ${evaluations} evaluations; tensors ${m0.numTensors} → ${m1.numTensors} → ${m2.numTensors}; ` +
        `JS heap ${mib(mem1.heap)} → ${mib(mem2.heap)} MiB, array buffers ${mib(mem1.buffers)} → ${mib(mem2.buffers)} MiB, DOM ${mib(mem1.dom)} → ${mib(mem2.dom)} MiB`,
    );

    // The strokes really painted and were evaluated along the way.
    expect(evaluations).toBeGreaterThanOrEqual(40);
    expect(mismatches(v0, await shownValues(page), 0, 0).length).toBeGreaterThan(5);
    expect(await page.evaluate(`${api}.store.getState().canUndo`)).toBe(true);
    // Flat: exactly the tensors held at load (engines' caches replaced, never accumulated).
    expect(m1.numTensors).toBe(m0.numTensors);
    expect(m2.numTensors).toBe(m1.numTensors);
    expect(m2.numBytes).toBe(m1.numBytes);
    // Bounded: the undo history is full after the warm-up (100 snapshots of 2 × 64 KiB), so nothing should grow;
    // 20 MiB is far below what 2,000 strokes would leave if one mask copy per stroke were kept (250 MiB).
    expect(mem1.buffers).toBeGreaterThan(100 * 2 * 64 * 1024);
    expect(grew).toBeLessThan(20);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});

// ── 4. extreme scenes ────────────────────────────────────────────────────────────────────────────

describe('extreme scenes', () => {
  it('every value is finite or an explained "undefined", never NaN, and equals the CLI\'s', async () => {
    const { page, context, errors } = await h.open();
    const gt = page.getByRole('group', { name: 'Ground truth operations' });
    const predOps = page.getByRole('group', { name: 'Prediction operations' }).first();
    const setP = async (p: 0 | 1) => {
      if (p === 0) await predOps.getByRole('button', { name: 'Clear', exact: true }).click();
      else {
        await page.getByRole('slider', { name: 'p', exact: true }).fill('1');
        await predOps.getByRole('button', { name: 'Fill', exact: true }).click();
      }
    };
    const scenes: [string, () => Promise<void>][] = [
      ['p = 0 everywhere on the default ground truth', () => setP(0)],
      ['p = 1 everywhere on the default ground truth', () => setP(1)],
      ['empty ground truth, p = 1', () => gt.getByRole('button', { name: 'Clear', exact: true }).click()],
      ['empty ground truth, p = 0', () => setP(0)],
      ['full ground truth, p = 0', () => gt.getByRole('button', { name: 'Fill', exact: true }).click()],
      ['full ground truth, p = 1', () => setP(1)],
      // Smoothing 0 on an empty ground truth and prediction: the region losses are 0/0 (defined as a perfect match).
      [
        'empty, empty, no smoothing',
        async () => {
          await gt.getByRole('button', { name: 'Clear', exact: true }).click();
          await setP(0);
          await page.evaluate(() => {
            const s = (window as unknown as { __lossExplorer: ExplorerApi }).__lossExplorer.store.getState();
            for (const id of ['dice', 'tversky', 'focal_tversky', 'log_cosh_dice', 'combo'] as const)
              s.setParam(id, 'smooth', 0);
            // Exp-Log with no numerator smoothing: its Dice coefficient is 0/1 and −ln 0 = ∞ (docs/cli.md), a value that
            // is truly not finite.
            s.setParam('exp_log', 'smooth_nr', 0);
          });
        },
      ],
    ];
    const seen: Evaluated[] = [];
    let undefinedShown = 0;
    for (const [name, apply] of scenes) {
      await apply();
      await settle(page);
      const ev = await evaluated(page);
      expect(ev.current, name).toBe(true);
      seen.push(ev);
      // The table: a number, or "undefined" with its reason in the title.
      const cells = await shownCells(page);
      for (const id of LOSS_IDS) {
        const { text, title } = cells[id];
        if (Number.isFinite(ev.values[id])) expect(text, `${name} · ${id}`).toMatch(/^−?\d+(\.\d+)?(e−?\d+)?$/);
        else {
          expect(text, `${name} · ${id}`).toBe('undefined');
          expect(title ?? '', `${name} · ${id}`).toMatch(/not a finite number/);
          undefinedShown++;
        }
      }
      // The metrics: a number, or "undefined" with its reason.
      const metrics = await page
        .locator('dl.metrics dd')
        .evaluateAll((dds) => dds.map((d) => ({ text: d.textContent ?? '', title: d.getAttribute('title') })));
      for (const m of metrics)
        expect(/^−?\d/.test(m.text) || (m.text === 'undefined' && !!m.title), `${name} · metric ${m.text}`).toBe(true);
      expect(await brokenNumbers(page), name).toEqual([]);
    }
    // The last scene has a truly undefined value, and it was explained, not hidden.
    expect(undefinedShown).toBeGreaterThan(0);
    // The selected loss in detail, for each loss on that last scene: value and formula carry no NaN.
    for (const id of LOSS_IDS) {
      await page.locator(`[data-loss-id="${id}"] .loss-name`).click();
      await settle(page);
      const detail = await page
        .locator('.detail-value')
        .evaluate((el) => ({ text: el.textContent ?? '', title: el.getAttribute('title') }));
      expect(/L =\s*(−?\d|undefined)/.test(detail.text), `${id}: ${detail.text}`).toBe(true);
      if (detail.text.includes('undefined')) expect(detail.title, id).toBeTruthy();
      expect(await brokenNumbers(page), id).toEqual([]);
    }
    // Hovering a pixel reads g, p and Exp-Log's gradient there: a number or an explained "undefined".
    await page.locator('[data-loss-id="exp_log"] .loss-name').click();
    await page.getByRole('img', { name: 'Prediction', exact: true }).hover({ position: { x: 30, y: 30 } });
    await settle(page);
    const readout = await page
      .locator('dl.readout dd')
      .evaluateAll((dds) => dds.map((d) => ({ text: d.textContent ?? '', title: d.getAttribute('title') })));
    expect(readout.length).toBeGreaterThan(4);
    for (const r of readout) if (r.text === 'undefined') expect(r.title, 'hover readout').toBeTruthy();
    expect(await brokenNumbers(page)).toEqual([]);

    const cli = await evalCli(seen);
    for (const [k, ev] of seen.entries()) expect(mismatches(ev.values, cli[k]!, 1e-5, 1e-7), scenes[k]![0]).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
