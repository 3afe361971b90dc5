/**
 * Slide-ready pictures: the ground truth, the prediction, the TP/FP/FN overlay and the selected loss's
 * gradient map (with its legend and a caption naming the loss, its parameters and value), alone or side by
 * side as one figure. Always on a light background, whatever the page's theme; pixels stay crisp.
 */
import { download } from '../data/download.ts';
import { lossInfo } from '../../core/registry.ts';
import type { Results } from '../../state/types.ts';
import { formatTick } from '../format.ts';
import { DIVERGING_ANCHORS, OVERLAY_COLORS, renderMask, renderOverlay, rgbToHex } from '../colormap.ts';
import { mapPicture, mapScale } from '../heatmaps.ts';
import type { ScaleKind, ScaleMode } from '../../share/format.ts';
import { describeScale } from '../scale.ts';
import type { LossId } from '../../core/types.ts';
import { slideCaption } from './caption.ts';
import { LAYER_LABEL } from '../../scene/types.ts';

export type PanelKind = 'target' | 'pred' | 'overlay' | 'gradient';
export const FIGURE_PANELS: readonly PanelKind[] = ['target', 'pred', 'overlay', 'gradient'];

export interface SlideView {
  results: Results;
  selected: LossId;
  scaleKind: ScaleKind;
  scaleMode: ScaleMode;
  scaleExcluded: readonly LossId[];
}

const INK = '#1a2029';
const MUTED = '#5b6675';
const PAPER = '#ffffff';
/** CSS pixels of a panel's long side, drawn at 2× for a sharp slide. */
const PANEL = 300;
const SCALE = 2;
const GAP = 18;
const TITLE_H = 26;
const FOOT_H = 54;
const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';

function title(kind: PanelKind, v: SlideView): string {
  const symbol = v.results.space === 'logit' ? '∂L/∂z' : '∂L/∂p';
  return {
    target: `${LAYER_LABEL.target} g`,
    pred: `${LAYER_LABEL.pred} p`,
    overlay: 'TP / FP / FN at p > 0.5',
    gradient: `${symbol} of ${lossInfo(v.selected).short}`,
  }[kind];
}

function pixels(kind: PanelKind, v: SlideView): ImageData | null {
  const { results: r } = v;
  if (kind === 'gradient')
    return mapPicture(r, v.selected, v.scaleKind, v.scaleMode, 'pixels', v.scaleExcluded)?.img ?? null;
  const img = new ImageData(r.width, r.height);
  if (kind === 'overlay') renderOverlay(r.target, r.pred, img.data);
  else renderMask(kind === 'target' ? r.target : r.pred, img.data);
  return img;
}

/** Draws the panels side by side on a new canvas: titles above, the overlay's key and the map's legend below, the caption last. */
export function drawSlide(kinds: readonly PanelKind[], v: SlideView): HTMLCanvasElement {
  const { width: gw, height: gh } = v.results;
  const pw = Math.round(PANEL * (gw / Math.max(gw, gh)));
  const ph = Math.round(PANEL * (gh / Math.max(gw, gh)));
  const caption = kinds.includes('gradient')
    ? slideCaption(v.selected, v.results.values[v.selected], v.results.params[v.selected])
    : null;
  const w = GAP + kinds.length * (pw + GAP);
  const h = GAP + TITLE_H + ph + FOOT_H + (caption ? 26 : 0) + GAP / 2;
  const canvas = document.createElement('canvas');
  canvas.width = w * SCALE;
  canvas.height = h * SCALE;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = PAPER;
  ctx.fillRect(0, 0, w, h);
  ctx.textBaseline = 'alphabetic';
  const scratch = document.createElement('canvas');
  kinds.forEach((kind, i) => {
    const x = GAP + i * (pw + GAP);
    const y = GAP + TITLE_H;
    ctx.fillStyle = INK;
    ctx.font = `600 15px ${FONT}`;
    ctx.fillText(title(kind, v), x, GAP + 16);
    const img = pixels(kind, v);
    if (img) {
      scratch.width = img.width;
      scratch.height = img.height;
      scratch.getContext('2d')!.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(scratch, x, y, pw, ph);
    }
    ctx.strokeStyle = '#c9ced6';
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, pw - 1, ph - 1);
    if (kind === 'overlay') drawOverlayKey(ctx, x, y + ph + 18);
    if (kind === 'gradient') drawLegend(ctx, x, y + ph + 10, pw, v);
  });
  if (caption) {
    ctx.fillStyle = INK;
    ctx.font = `14px ${FONT}`;
    ctx.fillText(caption, GAP, h - GAP / 2 - 8, w - 2 * GAP);
  }
  return canvas;
}

function drawOverlayKey(ctx: CanvasRenderingContext2D, x: number, y: number): void {
  ctx.font = `13px ${FONT}`;
  let at = x;
  for (const [key, label] of [
    ['tp', 'TP'],
    ['fp', 'FP'],
    ['fn', 'FN'],
    ['tn', 'TN'],
  ] as const) {
    ctx.fillStyle = rgbToHex(OVERLAY_COLORS[key]);
    ctx.fillRect(at, y - 10, 12, 12);
    ctx.strokeStyle = '#8a93a0';
    ctx.strokeRect(at + 0.5, y - 9.5, 11, 11);
    ctx.fillStyle = INK;
    ctx.fillText(label, at + 16, y);
    at += 52;
  }
}

function drawLegend(ctx: CanvasRenderingContext2D, x: number, y: number, width: number, v: SlideView): void {
  const scale = mapScale(v.results, v.selected, v.scaleKind, v.scaleMode, v.scaleExcluded);
  const bar = ctx.createLinearGradient(x, 0, x + width, 0);
  DIVERGING_ANCHORS.forEach((c, i) => bar.addColorStop(i / (DIVERGING_ANCHORS.length - 1), c));
  ctx.fillStyle = bar;
  ctx.fillRect(x, y, width, 10);
  ctx.fillStyle = INK;
  ctx.font = `12px ${FONT}`;
  const max = scale.max > 0 ? formatTick(scale.max) : '0';
  ctx.textAlign = 'left';
  ctx.fillText(scale.max > 0 ? `−${max}` : '0', x, y + 24);
  ctx.textAlign = 'center';
  ctx.fillText('0', x + width / 2, y + 24);
  ctx.textAlign = 'right';
  ctx.fillText(max, x + width, y + 24);
  ctx.textAlign = 'left';
  ctx.fillStyle = MUTED;
  ctx.font = `11px ${FONT}`;
  ctx.fillText(describeScale(scale, v.scaleMode, formatTick), x, y + 40, width);
}

/** Saves a canvas as a PNG download. */
export function downloadPng(canvas: HTMLCanvasElement, name: string): void {
  canvas.toBlob((blob) => {
    if (blob) download(blob, name, 'image/png');
  }, 'image/png');
}
