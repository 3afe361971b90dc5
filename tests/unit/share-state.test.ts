/**
 * The store's side of share links, in node: every edit leaves the masks on 8-bit levels, a link made
 * from one store opens into another with the same masks, parameters, selection, view and flags, bad
 * links leave the defaults with a message, and the URL is written debounced and never mid-stroke.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_ID, buildPreset } from '../../src/scene/index.ts';
import { decodeScene } from '../../src/share/decode.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { quantizePrediction, quantizeTarget } from '../../src/scene/levels.ts';
import { conventionParams } from '../../src/core/conventions.ts';
import {
  copiedMessage,
  isHidden,
  isParamHidden,
  linkFragment,
  linkUrl,
  openLink,
  settingsFromShared,
  sharedSceneOf,
} from '../../src/state/share.ts';
import { createAppStore } from '../../src/state/store.ts';
import type { AppStore } from '../../src/state/store.ts';
import { linkInputsChanged, startUrlSync } from '../../src/state/urlSync.ts';

const quantised = (a: Float32Array) => a.every((v, i) => v === quantizePrediction(a)[i]);
function onLevels(store: AppStore): boolean {
  const { target, pred } = store.getState().scene;
  const qt = quantizeTarget(target);
  return quantised(pred) && target.every((v, i) => v === qt[i]);
}

describe('quantised scene', () => {
  it('starts on levels and stays there after every kind of edit', () => {
    const store = createAppStore();
    expect(onLevels(store)).toBe(true);
    const s = () => store.getState();
    s().setGridSize(64);
    expect(onLevels(store)).toBe(true);
    s().setHardness(0.3);
    s().setPredValue(0.37);
    s().beginStroke('pred', { x: 10.3, y: 12.7 });
    s().continueStroke({ x: 40.1, y: 30.9 });
    // Mid-stroke the soft brush paints exact values (rounding would show while painting) …
    expect(s().stroking).toBe(true);
    const rev = s().sceneRev;
    s().endStroke();
    // … and the stroke's end puts them on levels (one more revision, so the values follow).
    expect(s().stroking).toBe(false);
    expect(s().sceneRev).toBe(rev + 1);
    expect(onLevels(store)).toBe(true);
    for (const op of [
      { kind: 'temperature', t: 0.7 },
      { kind: 'noise', amount: 0.13 },
      { kind: 'blur', radius: 1.5 },
      { kind: 'shift', dx: 2, dy: -1 },
    ] as const) {
      s().applyPredOp(op);
      expect(onLevels(store), op.kind).toBe(true);
    }
    s().applyLayerOp('pred', 'fill');
    expect(onLevels(store)).toBe(true);
    s().drawShape('pred', 'ellipse', { x: 3, y: 3 }, { x: 30, y: 20 });
    expect(onLevels(store)).toBe(true);
    s().loadPreset('blurred_gt'); // a soft ground truth
    expect(s().scene.target.some((v) => v > 0 && v < 1)).toBe(true);
    expect(onLevels(store)).toBe(true);
    s().undo();
    expect(onLevels(store)).toBe(true);
  });

  it('remembers the preset a scene came from as the link hint', () => {
    const store = createAppStore();
    expect(store.getState().basePresetId).toBe(DEFAULT_PRESET_ID);
    store.getState().loadPreset('thin_vessel');
    store.getState().beginStroke('target', { x: 5, y: 5 });
    store.getState().endStroke();
    expect(store.getState().presetId).toBeNull();
    expect(store.getState().basePresetId).toBe('thin_vessel');
    expect(sharedSceneOf(store.getState()).preset).toBe('thin_vessel');
  });
});

describe('links between stores', () => {
  function edited(): AppStore {
    const store = createAppStore();
    const s = () => store.getState();
    s().setGridSize(64);
    s().setHardness(0.4);
    s().beginStroke('pred', { x: 8, y: 8 });
    s().continueStroke({ x: 50, y: 20 });
    s().endStroke();
    s().setParam('focal', 'gamma', 3.5);
    s().setParam('focal', 'alpha', null);
    s().setParam('tversky', 'fp_weight', 1 / 3);
    s().select('tversky');
    s().setGradientSpace('logit');
    s().setScaleMode('shared');
    s().setScaleKind('robust');
    s().setScaleExcluded('hausdorff_dt', true);
    s().setScaleExcluded('bce', true);
    s().setShowOutline(false);
    s().setChartTab('tversky-map');
    s().setHidden(['tools', 'param:focal.gamma']);
    return store;
  }

  it('opens a copied link into a fresh store: masks bit for bit, every setting', () => {
    const a = edited();
    const fragment = linkFragment(a.getState());
    const b = createAppStore();
    const opened = openLink(b, `#${fragment}`, 'boot');
    expect(opened).toEqual({ applied: true, message: null });
    const sa = a.getState();
    const sb = b.getState();
    expect(sb.scene).toMatchObject({ height: 64, width: 64 });
    expect(sb.scene.target).toEqual(sa.scene.target);
    expect(sb.scene.pred).toEqual(sa.scene.pred);
    expect(sb.params).toEqual(sa.params);
    expect(sb.params.tversky.fp_weight).toBe(1 / 3);
    expect(sb.params.focal.alpha).toBeNull();
    expect(sb.selected).toBe('tversky');
    expect(sb.gradientSpace).toBe('logit');
    expect(sb.scaleMode).toBe('shared');
    expect(sb.scaleKind).toBe('robust');
    expect(sb.scaleExcluded).toEqual(['bce', 'hausdorff_dt']);
    expect(sb.showOutline).toBe(false);
    expect(sb.chartTab).toBe('tversky-map');
    expect(sb.hidden).toEqual(['tools', 'param:focal.gamma']);
    expect(sb.conventionEdited).toBe(true);
    expect(sb.canUndo).toBe(false);
    expect(sb.sceneRev).toBeGreaterThan(0);
    // Re-encoding the opened store gives the same link.
    expect(linkFragment(sb)).toBe(fragment);
  });

  it('a link without shared-scale exclusions (an older link) clears the viewer’s own', () => {
    const sender = createAppStore();
    sender.getState().setScaleMode('shared');
    const fragment = linkFragment(sender.getState());
    expect(decodeScene(fragment).scene!.view.scaleExcluded).toBeUndefined();
    const viewer = createAppStore();
    viewer.getState().setScaleExcluded('hausdorff_dt', true);
    expect(openLink(viewer, `#${fragment}`, 'boot')).toEqual({ applied: true, message: null });
    expect(viewer.getState().scaleExcluded).toEqual([]);
    expect(viewer.getState().scaleMode).toBe('shared');
  });

  it('recognises the convention a link’s parameters match', () => {
    const a = createAppStore();
    a.getState().applyConvention('monai');
    const b = createAppStore();
    openLink(b, linkFragment(a.getState()), 'boot');
    expect(b.getState().convention).toBe('monai');
    expect(b.getState().conventionEdited).toBe(false);
    expect(b.getState().params).toEqual(conventionParams('monai'));
  });

  it('a preset link carries the preset and opens as that preset', () => {
    const a = createAppStore();
    a.getState().loadPreset('shifted');
    const fragment = linkFragment(a.getState());
    expect(fragment.length).toBeLessThan(300);
    const b = createAppStore();
    openLink(b, fragment, 'boot');
    expect(b.getState().presetId).toBe('shifted');
    expect(b.getState().scene.target).toEqual(buildPreset('shifted', 128).target);
  });

  it('a bad link leaves the defaults and says why, in plain text', () => {
    for (const bad of [
      '#v=1&s=<script>alert(1)</script>',
      '#v=9&s=AAAA',
      '#v=1&s=AAKPABrOGkddzk0Ow',
      `#${linkFragment(edited().getState()).slice(0, 40)}`,
    ]) {
      const store = createAppStore();
      const before = store.getState();
      const opened = openLink(store, bad, 'boot');
      expect(opened.applied, bad).toBe(false);
      expect(opened.message).toMatch(/^Shared link: .*default scene/);
      expect(opened.message).not.toMatch(/[<>&]/);
      const after = store.getState();
      expect(after.scene).toBe(before.scene);
      expect(after.params).toBe(before.params);
      expect(after.shareMessage).toBe(opened.message);
      after.dismissShareMessage();
      expect(store.getState().shareMessage).toBeNull();
    }
  });

  it('keeps the valid part of a link: an unknown chart id is dropped with a message', () => {
    const a = createAppStore();
    const scene = {
      ...sharedSceneOf(a.getState()),
      view: { gradientSpace: 'prob' as const, scaleMode: 'per-loss' as const, chartTab: 'no-such-chart' },
    };
    const decoded = decodeScene(encodeScene(scene)).scene!;
    const { patch, problems } = settingsFromShared(decoded);
    expect(patch.chartTab).toBeUndefined();
    expect(problems[0]).toMatch(/chart this version does not have/);
    const b = createAppStore();
    const opened = openLink(b, encodeScene(scene), 'boot');
    expect(opened.applied).toBe(true);
    expect(b.getState().chartTab).toBe('pixel');
    expect(opened.message).toMatch(/chart/);
  });

  it('opening a link in a running page is one undoable edit', () => {
    const a = edited();
    const b = createAppStore();
    const target = Float32Array.from(b.getState().scene.target);
    openLink(b, linkFragment(a.getState()), 'edit');
    expect(b.getState().scene).toMatchObject({ height: 64, width: 64 });
    expect(b.getState().canUndo).toBe(true);
    b.getState().undo();
    expect(b.getState().scene.target).toEqual(target);
  });
});

describe('classroom flags and small helpers', () => {
  it('says which controls are hidden', () => {
    expect(isHidden(['tools', 'charts'], 'charts')).toBe(true);
    expect(isHidden(['tools'], 'charts')).toBe(false);
    expect(isParamHidden(['param:focal.gamma'], 'focal', 'gamma')).toBe(true);
    expect(isParamHidden(['param:focal.gamma'], 'focal', 'alpha')).toBe(false);
    expect(isParamHidden(['params'], 'dice', 'smooth')).toBe(true);
  });

  it('builds URLs that keep the query and replace the fragment', () => {
    expect(linkUrl('http://x/app/?backend=wasm#old', 'v=1&s=A')).toBe('http://x/app/?backend=wasm#v=1&s=A');
    expect(linkUrl('http://x/', 'v=1&s=A')).toBe('http://x/#v=1&s=A');
  });

  it('warns about long links when copying', () => {
    expect(copiedMessage(300)).toBe('Link copied.');
    expect(copiedMessage(4321, 'Class link')).toMatch(/^Class link copied: 4,321 characters\. Some chat/);
    expect(copiedMessage(200_000)).toMatch(/^Link copied, but it is 200,000 characters: too large .*Export scene file/);
  });
});

describe('URL sync', () => {
  function harness() {
    const store = createAppStore();
    const writes: string[] = [];
    const timers: (() => void)[] = [];
    const sync = startUrlSync(store, {
      write: (f) => writes.push(f),
      setTimer: (cb) => timers.push(cb),
      clearTimer: () => {},
    });
    const runTimers = () => {
      while (timers.length) timers.shift()!();
    };
    return { store, writes, timers, runTimers, sync };
  }

  it('writes after changes, at most once per delay while dragging, never during a stroke', () => {
    const { store, writes, timers, runTimers, sync } = harness();
    const s = () => store.getState();
    s().setParam('focal', 'gamma', 2.1);
    s().setParam('focal', 'gamma', 2.2);
    s().setParam('focal', 'gamma', 2.3);
    expect(timers).toHaveLength(1); // one write due, not three
    runTimers();
    expect(writes).toHaveLength(1);
    expect(decodeScene(writes[0]!).scene?.params.focal?.gamma).toBe(2.3);

    s().beginStroke('pred', { x: 10, y: 10 });
    s().continueStroke({ x: 30, y: 30 });
    expect(timers).toHaveLength(0);
    s().endStroke();
    expect(timers).toHaveLength(1);
    runTimers();
    expect(writes).toHaveLength(2);
    expect(decodeScene(writes[1]!).scene?.pred).toEqual(s().scene.pred);

    // Nothing a link carries: no write.
    s().setHover({ x: 1, y: 1 });
    s().setTheme('dark');
    expect(timers).toHaveLength(0);
    // The same scene again: nothing new to write.
    expect(sync.flush()).toBe(writes[1]);
    expect(writes).toHaveLength(2);
    sync.stop();
  });

  it('writes once changes pause for 250 ms, and every 3 s while they never pause', () => {
    const store = createAppStore();
    const timers: { at: number; cb: () => void }[] = [];
    const written: number[] = [];
    let clock = 0;
    const sync = startUrlSync(store, {
      write: () => written.push(clock),
      setTimer: (cb, ms) => timers.push({ at: clock + ms, cb }),
      clearTimer: () => {},
      now: () => clock,
    });
    /** Moves the clock to `t`, running each timer at its time. */
    const advance = (t: number) => {
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > t) break;
        timers.shift();
        clock = next.at;
        next.cb();
      }
      clock = t;
    };
    const s = () => store.getState();
    s().setParam('focal', 'gamma', 2.1);
    advance(1000);
    expect(written).toEqual([250]);
    // A drag of 1 s, a change every 100 ms: written once, 250 ms after the hand stops.
    for (let t = 1000; t <= 2000; t += 100) {
      advance(t);
      s().setParam('focal', 'gamma', 2 + t / 10000);
    }
    advance(3000);
    expect(written).toEqual([250, 2250]);
    // A drag that never pauses: written 3 s after its first unwritten change, and so on.
    for (let t = 3000; t <= 9500; t += 100) {
      advance(t);
      s().setParam('focal', 'gamma', 2 + t / 10000);
    }
    advance(12000);
    expect(written).toEqual([250, 2250, 6000, 9000, 9750]);
    expect(timers).toHaveLength(0);
    sync.stop();
  });

  it('knows which changes a link carries', () => {
    const a = createAppStore().getState();
    expect(linkInputsChanged(a, { ...a, hover: { x: 1, y: 2 } })).toBe(false);
    expect(linkInputsChanged(a, { ...a, results: null, theme: 'dark' })).toBe(false);
    expect(linkInputsChanged(a, { ...a, selected: 'dice' })).toBe(true);
    expect(linkInputsChanged(a, { ...a, hidden: ['tools'] })).toBe(true);
    expect(linkInputsChanged(a, { ...a, chartTab: 'response' })).toBe(true);
    expect(linkInputsChanged(a, { ...a, scaleExcluded: ['hausdorff_dt'] })).toBe(true);
  });
});

describe('a bad link in a running page', () => {
  it('keeps the scene on screen and says so', () => {
    const store = createAppStore();
    const scene = store.getState().scene;
    const opened = openLink(store, '#v=1&s=garbage!!', 'edit');
    expect(opened.applied).toBe(false);
    expect(opened.message).toMatch(/The scene on screen is kept\.$/);
    expect(store.getState().scene).toBe(scene);
  });
});
