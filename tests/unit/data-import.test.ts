/** The page side of imports without a browser: importLayer as one undo entry, the shape question, scene files. */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/state/store.ts';
import { createDataStore } from '../../src/state/dataStore.ts';
import { importBytes, resolvePending } from '../../src/ui/data/importFile.ts';
import { encodeLayerPng, encodeNpy } from '../../src/io/index.ts';
import { linkFragment, openLink } from '../../src/state/share.ts';
import { LONG_LINK_LENGTH, linkFromSceneFile, sceneFileText } from '../../src/share/sceneFile.ts';

const H = 24;
const W = 40;
const mask = Float32Array.from({ length: H * W }, (_, i) =>
  i % W > 10 && i % W < 30 && i / W > 5 && i / W < 18 ? 1 : 0,
);
const levels = Float32Array.from({ length: H * W }, (_, i) => Math.fround(((i * 7) % 256) / 255));

describe('importLayer', () => {
  it('a layer of the scene’s shape replaces that layer: one undo entry, exact values', () => {
    const app = createAppStore();
    app.getState().importLayer('target', { height: H, width: W, data: mask }, 'replace-other', 'import a');
    expect(app.getState().scene).toMatchObject({ height: H, width: W });
    app.getState().importLayer('pred', { height: H, width: W, data: levels }, 'resample', 'import b');
    expect(app.getState().scene.pred).toEqual(levels);
    expect(app.getState().scene.target).toEqual(mask);
    app.getState().undo();
    expect(app.getState().scene.pred.every((v) => v === 0)).toBe(true);
    app.getState().undo();
    expect(app.getState().scene).toMatchObject({ height: 128, width: 128 });
  });

  it('resample: the import takes the scene’s grid, a binary mask stays binary', () => {
    const app = createAppStore();
    app.getState().importLayer('target', { height: H, width: W, data: mask }, 'resample', 'import');
    const { scene } = app.getState();
    expect(scene).toMatchObject({ height: 128, width: 128 });
    expect(scene.target.every((v) => v === 0 || v === 1)).toBe(true);
    expect(scene.target.some((v) => v === 1)).toBe(true);
  });
});

describe('the grid-size selector on a rectangular scene', () => {
  it('sets the long side and keeps the aspect ratio; undo restores the scene exactly', () => {
    const app = createAppStore();
    app.getState().importLayer('target', { height: H, width: W, data: mask }, 'replace-other', 'import');
    app.getState().setGridSize(128);
    expect(app.getState().scene).toMatchObject({ height: 77, width: 128 });
    expect(app.getState().scene.target.every((v) => v === 0 || v === 1)).toBe(true);
    app.getState().undo();
    expect(app.getState().scene).toMatchObject({ height: H, width: W });
    expect(app.getState().scene.target).toEqual(mask);
  });
});

describe('importBytes', () => {
  it('asks about another shape and changes nothing until answered; a bad file changes nothing', async () => {
    const app = createAppStore();
    const data = createDataStore();
    const before = app.getState().scene;
    await importBytes(encodeLayerPng({ height: H, width: W, data: mask }), 'mask.png', 'target', app, data);
    expect(app.getState().scene).toBe(before);
    expect(data.getState().pending?.name).toBe('mask.png');
    resolvePending('replace-other', app, data);
    expect(app.getState().scene).toMatchObject({ height: H, width: W });
    expect(app.getState().scene.target).toEqual(mask);

    const now = app.getState().scene;
    const nan = Float32Array.from(levels);
    nan[5] = Number.NaN;
    await importBytes(encodeNpy(nan, [H, W]), 'nan.npy', 'pred', app, data);
    expect(app.getState().scene).toBe(now);
    expect(data.getState().message).toEqual({
      kind: 'error',
      text: expect.stringMatching(/^nan\.npy: .*not finite/) as unknown as string,
    });

    await importBytes(
      encodeNpy(
        Float32Array.from(levels, (v) => v * 0.999 + 1e-4),
        [H, W],
      ),
      'off-level.npy',
      'pred',
      app,
      data,
    );
    expect(data.getState().message?.text).toMatch(/rounded to the page's 8-bit levels/);
  });
});

describe('scene files', () => {
  it('hold the link: a rectangular scene opens again exactly', () => {
    const a = createAppStore();
    a.getState().importLayer('pred', { height: H, width: W, data: levels }, 'replace-other', 'import');
    const text = sceneFileText(linkFragment(a.getState()));
    const parsed = linkFromSceneFile(text, 'scene.json');
    expect(parsed.ok).toBe(true);
    const b = createAppStore();
    expect(openLink(b, parsed.ok ? parsed.link : '', 'edit').applied).toBe(true);
    expect(b.getState().scene).toMatchObject({ height: H, width: W });
    expect(b.getState().scene.pred).toEqual(levels);
    expect(LONG_LINK_LENGTH).toBeGreaterThan(2000);
  });

  it('refuse anything else with a message naming the file', () => {
    expect(linkFromSceneFile('not json', 'x.json')).toEqual({
      ok: false,
      message: 'x.json: is not a Loss Explorer scene file (not JSON)',
    });
    expect(linkFromSceneFile('{"format":"loss-explorer-scene","version":2,"link":"v=1"}', 'y.json')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^y\.json: is a scene file of version 2/) as unknown as string,
    });
    expect(linkFromSceneFile('{"format":"loss-explorer-scene","version":1}', 'z.json')).toMatchObject({ ok: false });
  });
});
