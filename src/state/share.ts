/**
 * The store's side of share links (the format is src/share/format.ts, docs/share-links.md): the scene a
 * link carries, opening a link into the store, and what each classroom flag hides. No DOM here: the URL
 * itself is read and written by urlSync.ts.
 */
import type { LossId } from '../core/types.ts';
import { LONG_LINK_LENGTH } from '../share/sceneFile.ts';
import { SHORT_LINK_LENGTH } from '../share/format.ts';
import { decodeScene } from '../share/decode.ts';
import { describeWarnings } from '../share/text.ts';
import { encodeScene } from '../share/encode.ts';
import { fillParams } from '../core/registry.ts';
import { paramHideFlag } from '../share/hide.ts';
import type { ControlHideFlag } from '../share/hide.ts';
import type { DecodeResult, SharedScene, SharedView } from '../share/format.ts';
import type { AllParams } from '../core/conventions.ts';
import type { AppStore } from './store.ts';
import { CHART_TABS } from './types.ts';
import type { AppState, ChartTab } from './types.ts';
import { learnStore } from './learnStore.ts';

/** What a link holds of the current state. Theme is left out: the viewer keeps their own. */
export function sharedSceneOf(s: AppState, hide: readonly string[] = s.hidden): SharedScene {
  const view: SharedView = {
    gradientSpace: s.gradientSpace,
    scaleMode: s.scaleMode,
    scaleKind: s.scaleKind,
    showOutline: s.showOutline,
    chartTab: s.chartTab,
  };
  if (s.layout !== 'auto') view.layout = s.layout;
  if (s.scaleExcluded.length > 0) view.scaleExcluded = [...s.scaleExcluded];
  const scene: SharedScene = {
    height: s.scene.height,
    width: s.scene.width,
    target: s.scene.target,
    pred: s.scene.pred,
    params: s.params,
    selected: s.selected,
    view,
    hide: [...hide],
  };
  if (s.lesson) scene.lesson = s.lesson;
  const hint = s.presetId ?? s.basePresetId;
  if (hint) scene.preset = hint;
  // Learn mode's settings travel while its area is open (docs/learn.md).
  const learn = learnStore.getState();
  if (learn.open) scene.learn = learn.settings;
  return scene;
}

/** The fragment (without '#') for the current state, optionally with other classroom flags. */
export function linkFragment(s: AppState, hide?: readonly string[]): string {
  return encodeScene(sharedSceneOf(s, hide));
}

/** A whole URL: the page's address (path and query, e.g. ?backend=) with the scene as its fragment. */
export function linkUrl(href: string, fragment: string): string {
  const hash = href.indexOf('#');
  return `${hash >= 0 ? href.slice(0, hash) : href}#${fragment}`;
}

function isChartTab(v: unknown): v is ChartTab {
  return typeof v === 'string' && (CHART_TABS as readonly string[]).includes(v);
}

/** The store fields a decoded link sets (scene aside), and any extra problem to report. */
export function settingsFromShared(scene: SharedScene): {
  patch: Partial<AppState>;
  params: AllParams;
  problems: string[];
} {
  const problems: string[] = [];
  const params = fillParams(scene.params) as AllParams;
  const patch: Partial<AppState> = {
    selected: scene.selected,
    gradientSpace: scene.view.gradientSpace,
    scaleMode: scene.view.scaleMode,
    // The link's view is the sender's: no exclusions in it means none (not the viewer's previous ones).
    scaleExcluded: scene.view.scaleExcluded ?? [],
    hidden: [...scene.hide],
  };
  if (scene.view.scaleKind) patch.scaleKind = scene.view.scaleKind;
  if (scene.view.showOutline !== undefined) patch.showOutline = scene.view.showOutline;
  if (scene.view.layout !== undefined) patch.layout = scene.view.layout;
  // A theme in the link applies to this visit only (it does not overwrite the viewer's saved choice).
  if (scene.view.theme) patch.theme = scene.view.theme;
  if (scene.view.chartTab !== undefined) {
    if (isChartTab(scene.view.chartTab)) patch.chartTab = scene.view.chartTab;
    else
      problems.push(
        `The link asks for a chart this version does not have (${scene.view.chartTab}); showing the default chart.`,
      );
  }
  return { patch, params, problems };
}

export interface OpenedLink {
  /** The link's scene was applied (possibly partially). */
  applied: boolean;
  /** Plain text for the notice, or null when the link was fine (or there was none). */
  message: string | null;
}

/**
 * Opens a link into the store: `boot` replaces the initial state (no undo step); otherwise the scene is
 * loaded as an undoable edit. A link that cannot be read leaves the store as it is (the defaults at boot)
 * and says so. Never throws.
 */
export function openLink(store: AppStore, input: string, mode: 'boot' | 'edit'): OpenedLink {
  let result: DecodeResult;
  try {
    result = decodeScene(input);
  } catch {
    // decodeScene does not throw; this is a last guard so that a link can never blank the page.
    result = { scene: null, warnings: ['This link could not be read. Loading the default scene instead.'] };
  }
  const { scene, warnings } = result;
  if (!scene) {
    let message = describeWarnings(warnings);
    // In a running page nothing is replaced: say so instead of "loading the default scene".
    if (message && mode === 'edit')
      message = message.replace(/Loading the default scene instead\.?/, 'The scene on screen is kept.');
    store.getState().setShareMessage(message);
    return { applied: false, message };
  }
  const { patch, params, problems } = settingsFromShared(scene);
  const message = describeWarnings([...warnings, ...problems]);
  const s = store.getState();
  const preset = scene.preset ?? null;
  if (mode === 'boot') {
    store.setState({
      scene: {
        height: scene.height,
        width: scene.width,
        target: Float32Array.from(scene.target),
        pred: Float32Array.from(scene.pred),
      },
      sceneRev: s.sceneRev + 1,
      targetRev: s.targetRev + 1,
      presetId: preset,
      basePresetId: preset,
      hover: null,
    });
  } else {
    s.loadScene(
      { height: scene.height, width: scene.width, target: scene.target, pred: scene.pred },
      preset,
      'shared link',
    );
  }
  store.getState().loadParams(params);
  store.setState({ ...patch, shareMessage: message });
  if (scene.lesson) store.getState().startLesson(scene.lesson.lesson, scene.lesson.step, false);
  if (scene.learn) learnStore.setState({ settings: scene.learn, presetId: null, playing: false, open: true });
  return { applied: true, message };
}

// ── classroom flags: what each one hides ───────────────────────────────────────────────────────────

/** Is this control hidden by the link's classroom flags? */
export function isHidden(hidden: readonly string[], flag: ControlHideFlag): boolean {
  return hidden.includes(flag);
}

/** Is this parameter's slider hidden (by `params` or by its own `param:<loss>.<key>` flag)? */
export function isParamHidden(hidden: readonly string[], loss: LossId, key: string): boolean {
  return hidden.includes('params') || hidden.includes(paramHideFlag(loss, key));
}

/** The confirmation after a link was copied; a long link gets a word of warning. */
export function copiedMessage(length: number, what = 'Link'): string {
  if (length > LONG_LINK_LENGTH) {
    return `${what} copied, but it is ${length.toLocaleString('en')} characters: too large for most browsers and apps. Use “Export scene file” under the canvases to hand this scene on.`;
  }
  if (length > SHORT_LINK_LENGTH) {
    return `${what} copied: ${length.toLocaleString('en')} characters. Some chat and mail apps cut links longer than ${SHORT_LINK_LENGTH.toLocaleString('en')}; paste it into a document or a course page instead.`;
  }
  return `${what} copied.`;
}
