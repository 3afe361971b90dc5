/**
 * Your own data in Chromium, through the real file inputs ("Import ground truth", "Import prediction"):
 * a rectangular PNG and .npy become a H × W scene whose values are the eval CLI's on the same arrays;
 * every bad file shows one message naming it and leaves the scene as it was; a painted scene exported as
 * PNG / .npy (the "Export …" buttons) and imported again gives the same masks and values, bit for bit;
 * a scene file holds what a link holds.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encode as encodePng } from 'fast-png';
import { encodeLayerPng, encodeNpy } from '../../src/io/index.ts';
import { LOSS_IDS } from '../../src/core/registry.ts';
import type { LossId } from '../../src/core/types.ts';
import { SHOTS, sceneHash, settle, useHarness, stroke } from './harness.ts';
import { evalCli, evaluated, mismatches, shownValues } from './support.ts';

const h = useHarness();

const H = 60;
const W = 100;

/** A ground truth of two objects and a prediction on the page's 8-bit levels, both H × W. */
function rectLayers(): { target: Float32Array; pred: Float32Array } {
  const target = new Float32Array(H * W);
  const pred = new Float32Array(H * W);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const box = y >= 10 && y < 34 && x >= 12 && x < 48;
      const disc = (x - 75) ** 2 + (y - 38) ** 2 < 13 ** 2;
      target[y * W + x] = box || disc ? 1 : 0;
      const level = box ? 200 + ((x + y) % 40) : disc ? 90 + (x % 60) : (x * 3 + y * 7) % 30;
      pred[y * W + x] = Math.fround(level / 255);
    }
  }
  return { target, pred };
}

type Upload = { name: string; mimeType: string; buffer: Buffer };

const png = (name: string, data: Float32Array): Upload => ({
  name,
  mimeType: 'image/png',
  buffer: Buffer.from(encodeLayerPng({ height: H, width: W, data })),
});
const npy = (name: string, data: Float32Array, shape = [H, W]): Upload => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: Buffer.from(encodeNpy(data, shape)),
});

/** A .npy file with any dtype string in its header (for dtypes the encoder does not write). */
function npyWithDescr(name: string, descr: string, bytes: number): Upload {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (4, 4), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const head = Buffer.concat([
    Buffer.from([0x93]),
    Buffer.from('NUMPY'),
    Buffer.from([1, 0, header.length & 255, header.length >> 8]),
    Buffer.from(header, 'latin1'),
  ]);
  return { name, mimeType: 'application/octet-stream', buffer: Buffer.concat([head, Buffer.alloc(bytes)]) };
}

/** A PNG whose header claims 20,000 × 20,000 pixels (and holds none). */
function hugePng(): Upload {
  const b = Buffer.from(encodeLayerPng({ height: 2, width: 2, data: new Float32Array(4) }));
  b.writeUInt32BE(20_000, 16);
  b.writeUInt32BE(20_000, 20);
  return { name: 'huge.png', mimeType: 'image/png', buffer: b };
}

async function upload(
  page: Page,
  label: 'Import ground truth' | 'Import prediction' | 'Open scene file',
  file: Upload,
): Promise<void> {
  await page.getByLabel(label, { exact: true }).setInputFiles(file);
}

async function storeScene(
  page: Page,
): Promise<{ height: number; width: number; target: number[]; pred: number[]; canUndo: boolean }> {
  return page.evaluate(() => {
    const s = (
      window as unknown as {
        __lossExplorer: {
          store: {
            getState(): {
              scene: { height: number; width: number; target: Float32Array; pred: Float32Array };
              canUndo: boolean;
            };
          };
        };
      }
    ).__lossExplorer.store.getState();
    return {
      height: s.scene.height,
      width: s.scene.width,
      target: Array.from(s.scene.target),
      pred: Array.from(s.scene.pred),
      canUndo: s.canUndo,
    };
  });
}

/** The message about a file, once it is on screen (imports are asynchronous). */
async function messageFor(page: Page, name: string): Promise<string> {
  const text = page.locator('.import-message p').filter({ hasText: name });
  await text.waitFor({ timeout: 10_000 });
  return (await text.textContent()) ?? '';
}

async function downloaded(page: Page, button: string): Promise<Buffer> {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  return readFileSync((await dl.path())!);
}

describe('importing your own data', () => {
  it('a rectangular PNG ground truth and .npy prediction: a 60 × 100 scene, the CLI’s values, one undo entry each', async () => {
    const { page, context, errors } = await h.open('', { viewport: { width: 1280, height: 720 } });
    const { target, pred } = rectLayers();

    await upload(page, 'Import ground truth', png('mask.png', target));
    // The shapes differ (the scene is 128²): the page asks, and nothing changes until it is answered.
    await expect(messageFor(page, 'mask.png')).resolves.toContain('mask.png is 60 × 100, the scene 128 × 128');
    expect((await storeScene(page)).height).toBe(128);
    await page.getByRole('button', { name: 'New 60 × 100 scene' }).click();
    await upload(page, 'Import prediction', npy('probabilities.npy', pred));
    await settle(page);

    const s = await storeScene(page);
    expect([s.height, s.width]).toEqual([H, W]);
    expect(s.target).toEqual(Array.from(target));
    expect(s.pred).toEqual(Array.from(pred));
    const ev = await evaluated(page);
    expect(ev.current).toBe(true);
    expect([ev.height, ev.width]).toEqual([H, W]);
    const shown = await shownValues(page);
    for (const [id, v] of Object.entries(ev.values))
      expect(Object.is(shown[id as keyof typeof shown], v), id).toBe(true);
    const [cli] = await evalCli([{ height: H, width: W, target, pred, params: ev.params }]);
    expect(mismatches(ev.values, cli!, 1e-5, 1e-7)).toEqual([]);

    // Canvases keep the data's aspect ratio: 100 wide, 60 high, drawn 5 : 3.
    const canvas = page.getByRole('img', { name: 'Ground truth', exact: true });
    expect(await canvas.evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([W, H]);
    const box = (await canvas.boundingBox())!;
    expect(box.width / box.height).toBeCloseTo(W / H, 1);
    mkdirSync(SHOTS, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/data-rect-1280x720.png` });

    // Each import is one undo entry: undo takes the prediction back out, the 60 × 100 scene stays.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await settle(page);
    const undone = await storeScene(page);
    expect([undone.height, undone.width]).toEqual([H, W]);
    expect(undone.pred.every((v) => v === 0)).toBe(true);
    expect(undone.target).toEqual(Array.from(target));
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('a layer of another shape can be resampled to the scene instead', async () => {
    const { page, context, errors } = await h.open();
    const { pred } = rectLayers();
    await upload(page, 'Import prediction', npy('wide.npy', pred));
    await page.getByRole('button', { name: 'Resample to the scene' }).click();
    await settle(page);
    const s = await storeScene(page);
    expect([s.height, s.width]).toEqual([128, 128]);
    await expect(messageFor(page, 'wide.npy')).resolves.toContain("resampled from 60 × 100 to the scene's 128 × 128");
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('each bad file gets one message naming it and the problem, and the scene stays exactly as it was', async () => {
    const { page, context, errors } = await h.open();
    await settle(page);
    const before = {
      masks: await sceneHash(page),
      values: await shownValues(page),
      undo: (await storeScene(page)).canUndo,
    };
    const nan = rectLayers().pred;
    nan[3 * W + 7] = Number.NaN;
    const cases: [Upload, 'Import ground truth' | 'Import prediction', RegExp][] = [
      [
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello, not an image') },
        'Import ground truth',
        /^notes\.txt: is not a PNG, JPEG or WebP image nor a NumPy \.npy file/,
      ],
      [
        {
          name: 'broken.png',
          mimeType: 'image/png',
          buffer: Buffer.concat([
            Buffer.from(encodeLayerPng({ height: 8, width: 8, data: new Float32Array(64) })).subarray(0, 40),
            Buffer.alloc(30, 7),
          ]),
        },
        'Import prediction',
        /^broken\.png: .*(corrupt|truncated|could not)/i,
      ],
      [hugePng(), 'Import ground truth', /^huge\.png: .*20000 × 20000 \(height × width\), too large/],
      [npyWithDescr('ints.npy', '<i8', 128), 'Import prediction', /^ints\.npy: has dtype '<i8'.*not supported/],
      [
        npy('nan.npy', nan),
        'Import prediction',
        /^nan\.npy: contains 1 value that is not finite \(NaN at row 3, column 7\)/,
      ],
    ];
    for (const [file, label, expected] of cases) {
      await upload(page, label, file);
      await expect(messageFor(page, file.name)).resolves.toMatch(expected);
      expect(await page.getByRole('alert').count(), file.name).toBe(1);
      await settle(page);
      expect(await sceneHash(page), file.name).toEqual(before.masks);
      expect(await shownValues(page), file.name).toEqual(before.values);
      expect((await storeScene(page)).canUndo, file.name).toBe(before.undo);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('other ways in', () => {
  it('a WebP dropped on a canvas (the browser decodes it), a pasted PNG, and a 600 × 1000 .npy shrunk to 307 × 512 with a message', async () => {
    const { page, context, errors } = await h.open();
    const { target, pred } = rectLayers();
    // A black-and-white WebP made by the browser itself; thresholded at 0.5 it is the mask exactly.
    const dropped = await page.evaluate(
      async ({ mask, h, w }) => {
        const canvas = new OffscreenCanvas(w, h);
        const ctx = canvas.getContext('2d')!;
        const img = ctx.createImageData(w, h);
        for (let i = 0; i < mask.length; i++) {
          img.data.fill(mask[i] ? 255 : 0, 4 * i, 4 * i + 3);
          img.data[4 * i + 3] = 255;
        }
        ctx.putImageData(img, 0, 0);
        const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 1 });
        const file = new File([blob], 'mask.webp', { type: 'image/webp' });
        const dt = new DataTransfer();
        dt.items.add(file);
        const frame = document.querySelector('canvas[aria-label="Ground truth"]')!.parentElement!;
        frame.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        return blob.type;
      },
      { mask: Array.from(target), h: H, w: W },
    );
    expect(dropped).toBe('image/webp');
    await expect(messageFor(page, 'mask.webp')).resolves.toContain('mask.webp is 60 × 100');
    await page.getByRole('button', { name: 'New 60 × 100 scene' }).click();
    await settle(page);
    expect((await storeScene(page)).target).toEqual(Array.from(target));

    // Paste: the file goes to the canvas last pointed at.
    const predCanvas = page.getByRole('img', { name: 'Prediction', exact: true });
    await predCanvas.scrollIntoViewIfNeeded();
    const box = (await predCanvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    const predPng = Array.from(encodeLayerPng({ height: H, width: W, data: pred }));
    await page.evaluate((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, predPng);
    await expect.poll(async () => (await storeScene(page)).pred.some((v) => v > 0), { timeout: 10_000 }).toBe(true);
    expect((await storeScene(page)).pred).toEqual(Array.from(pred));

    const big = new Float32Array(600 * 1000).fill(0.25);
    await upload(page, 'Import prediction', npy('big.npy', big, [600, 1000]));
    await expect(messageFor(page, 'big.npy')).resolves.toMatch(
      /600 × 1000 resampled to 307 × 512 .*to fit 512 on the long side/,
    );
    await page.getByRole('button', { name: 'New 307 × 512 scene' }).click();
    await settle(page);
    const s = await storeScene(page);
    expect([s.height, s.width]).toEqual([307, 512]);
    expect(s.pred.every((v) => v === Math.fround(0.25) || Math.abs(v - 64 / 255) < 1e-7)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('a colour-coded label map read by the class colour picked from its swatches; logits through the switch', async () => {
    const { page, context, errors } = await h.open();
    // Three classes: background black, class A red (a box), class B teal (a disc).
    const rgb = new Uint8Array(H * W * 3);
    const classA = new Float32Array(H * W);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = y * W + x;
        if (y >= 10 && y < 34 && x >= 12 && x < 48) {
          rgb.set([220, 30, 30], 3 * i);
          classA[i] = 1;
        } else if ((x - 75) ** 2 + (y - 38) ** 2 < 13 ** 2) rgb.set([20, 160, 150], 3 * i);
      }
    }
    const labels: Upload = {
      name: 'labels.png',
      mimeType: 'image/png',
      buffer: Buffer.from(encodePng({ width: W, height: H, data: rgb, channels: 3, depth: 8 })),
    };
    await page.getByRole('combobox', { name: 'Ground truth from an image' }).selectOption('class');
    await upload(page, 'Import ground truth', labels);
    // The default class colour (white) is not in the map: the message says so and the swatches offer its colours.
    await expect(messageFor(page, 'labels.png')).resolves.toMatch(/has no pixel of colour rgb\(255, 255, 255\)/);
    await page.getByRole('button', { name: /^Class colour #dc1e1e/ }).click();
    await page.getByRole('button', { name: 'New 60 × 100 scene' }).click();
    await settle(page);
    expect((await storeScene(page)).target).toEqual(Array.from(classA));

    const z = Float32Array.from({ length: H * W }, (_, i) => ((i % 13) - 6) * 0.8);
    await page.getByRole('radio', { name: 'logits (σ applied)' }).check();
    await upload(page, 'Import prediction', npy('logits.npy', z));
    await settle(page);
    const p = (await storeScene(page)).pred;
    for (let i = 0; i < 13; i++)
      expect(p[i], `pixel ${i}`).toBe(Math.fround(Math.round(255 / (1 + Math.exp(-z[i]!))) / 255));
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('a rectangular scene travels in its link: a fresh page opens the same 60 × 100 masks', async () => {
    const { page, context, errors } = await h.open();
    const { target, pred } = rectLayers();
    await upload(page, 'Import ground truth', png('mask.png', target));
    await page.getByRole('button', { name: 'New 60 × 100 scene' }).click();
    await upload(page, 'Import prediction', npy('p.npy', pred));
    await settle(page);
    const masks = await sceneHash(page);
    const url = await page.evaluate(async () => {
      await new Promise((r) => setTimeout(r, 600)); // the URL writer runs 250 ms after the last change
      return location.href;
    });
    expect(url).toContain('#v=1&s=');
    const fresh = await h.open(url);
    await settle(fresh.page);
    expect(await sceneHash(fresh.page)).toEqual(masks);
    expect(errors).toEqual([]);
    expect(fresh.errors).toEqual([]);
    await fresh.context.close();
    await context.close();
  }, 120_000);
});

describe('exporting and importing again', () => {
  it('a painted scene exported as PNG and .npy and imported again gives the same masks and values, bit for bit', async () => {
    const { page, context, errors } = await h.open();
    await stroke(page, 'Ground truth', [0.2, 0.3], [0.7, 0.6]);
    await stroke(page, 'Prediction', [0.1, 0.8], [0.8, 0.2]);
    await settle(page);
    const painted = { masks: await sceneHash(page), values: await shownValues(page) };
    const files = {
      gtPng: await downloaded(page, 'Export ground truth PNG'),
      predPng: await downloaded(page, 'Export prediction PNG'),
      gtNpy: await downloaded(page, 'Export ground truth .npy'),
      predNpy: await downloaded(page, 'Export prediction .npy'),
    };
    const grad = await downloaded(page, 'Export gradient .npy');
    expect(grad.subarray(1, 6).toString('latin1')).toBe('NUMPY');

    const clearBoth = async () => {
      for (const group of ['Ground truth operations', 'Prediction operations']) {
        await page.getByRole('group', { name: group, exact: true }).getByRole('button', { name: 'Clear' }).click();
      }
      await settle(page);
      expect(await sceneHash(page)).not.toEqual(painted.masks);
    };
    for (const [gt, pr] of [
      [
        { name: 'ground_truth.png', buffer: files.gtPng },
        { name: 'prediction.png', buffer: files.predPng },
      ],
      [
        { name: 'ground_truth.npy', buffer: files.gtNpy },
        { name: 'prediction.npy', buffer: files.predNpy },
      ],
    ] as const) {
      await clearBoth();
      await upload(page, 'Import ground truth', { ...gt, mimeType: 'application/octet-stream' });
      await upload(page, 'Import prediction', { ...pr, mimeType: 'application/octet-stream' });
      await settle(page);
      expect(await sceneHash(page), gt.name).toEqual(painted.masks);
      expect(await shownValues(page), gt.name).toEqual(painted.values);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the exported eval case reproduces every value shown (npm run eval), and the CSV and JSON hold them', async () => {
    const { page, context, errors } = await h.open();
    const { target, pred } = rectLayers();
    await upload(page, 'Import prediction', npy('probabilities.npy', pred));
    await page.getByRole('button', { name: 'New 60 × 100 scene' }).click();
    await upload(page, 'Import ground truth', png('mask.png', target));
    await settle(page);
    const shown = await shownValues(page);
    const dir = mkdtempSync(join(tmpdir(), 'loss-explorer-case-'));
    const casePath = join(dir, 'eval_case.json');
    writeFileSync(casePath, await downloaded(page, 'Export eval case'));
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/eval.ts', casePath], {
      cwd: resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const { results } = JSON.parse(out) as { results: { loss: string; value: number | null }[] };
    expect(results).toHaveLength(LOSS_IDS.length);
    for (const r of results) {
      const v = shown[r.loss as LossId];
      expect(Math.abs((r.value as number) - v), r.loss).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v)));
    }
    const csv = (await downloaded(page, 'Export CSV'))
      .toString('utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    for (const id of LOSS_IDS) expect(Number(csv.find((c) => c[1] === id)?.[3]), id).toBe(shown[id]);
    const json = JSON.parse((await downloaded(page, 'Export JSON')).toString('utf8')) as {
      height: number;
      width: number;
      losses: { id: LossId; value: number }[];
    };
    expect([json.height, json.width]).toEqual([H, W]);
    for (const l of json.losses) expect(l.value, l.id).toBe(shown[l.id]);
    expect((await downloaded(page, 'Export Python')).toString('utf8')).toContain('monai');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('a scene file holds what the link holds; a scene too large for a link says so', async () => {
    const { page, context, errors } = await h.open();
    await stroke(page, 'Prediction', [0.1, 0.8], [0.8, 0.2]);
    await settle(page);
    const painted = await sceneHash(page);
    const file = await downloaded(page, 'Export scene file');
    await page
      .getByRole('group', { name: 'Prediction operations', exact: true })
      .getByRole('button', { name: 'Clear' })
      .click();
    await settle(page);
    await upload(page, 'Open scene file', {
      name: 'scene.lossexplorer.json',
      mimeType: 'application/json',
      buffer: file,
    });
    await settle(page);
    expect(await sceneHash(page)).toEqual(painted);
    await upload(page, 'Open scene file', {
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "other"}'),
    });
    await expect(messageFor(page, 'bad.json')).resolves.toMatch(/^bad\.json: is not a Loss Explorer scene file/);
    expect(await sceneHash(page)).toEqual(painted);

    // 256² of noise on a soft prediction: far beyond what a link can carry.
    await page.getByRole('radiogroup', { name: 'Grid size' }).getByRole('radio', { name: '256²' }).click();
    await page.getByRole('button', { name: 'Noise', exact: true }).click();
    await settle(page);
    await expect(page.locator('.link-too-long').textContent({ timeout: 10_000 })).resolves.toContain(
      'too large for a link',
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
