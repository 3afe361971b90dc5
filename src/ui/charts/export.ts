/**
 * Chart export: SVG by serialising the chart's <svg> with every colour and font inlined from the
 * computed style (the page's CSS variables do not travel with the file), PNG by drawing that SVG onto
 * a canvas at 2× and toBlob. A chart drawn on a <canvas> only (no <svg>) exports its pixels, wrapped in
 * an <image> for SVG. Exports are always in the light theme's colours (EXPORT_COLORS) on a white card.
 */
import { EXPORT_COLORS } from './theme.ts';
import { textWidth, wrapWords } from './textWidth.ts';

export type ExportFormat = 'png' | 'svg';

/** "Focal loss against γ (current masks)" → "focal-loss-against-current-masks.svg". */
export function exportFileName(title: string, format: ExportFormat): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)
    .replace(/-$/, '');
  return `${slug || 'chart'}.${format}`;
}

/** Style properties copied from the computed style onto each exported element. */
export const INLINED_PROPERTIES = [
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'visibility',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'alignment-baseline',
  'letter-spacing',
  'stop-color',
  'stop-opacity',
  'paint-order',
  'shape-rendering',
  'image-rendering',
  'mix-blend-mode',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Runs `read` with the chart's colour variables set to the light theme's on `root`, so that the computed
 * styles it reads are the light ones; the page's own values are back before anything is painted.
 */
function withExportColors<T>(root: Element, read: () => T): T {
  const style = (root as HTMLElement | SVGElement).style as CSSStyleDeclaration | undefined;
  if (!style) return read();
  const saved = Object.keys(EXPORT_COLORS).map(
    (name) => [name, style.getPropertyValue(name), style.getPropertyPriority(name)] as const,
  );
  for (const [name, value] of Object.entries(EXPORT_COLORS)) style.setProperty(name, value);
  try {
    return read();
  } finally {
    for (const [name, value, priority] of saved) {
      if (value) style.setProperty(name, value, priority);
      else style.removeProperty(name);
    }
  }
}

/** The chart's drawing: our own marked <svg>, else recharts' surface, else the largest <svg>. */
export function findChartSvg(root: Element): SVGSVGElement | null {
  const marked = root.querySelector<SVGSVGElement>('svg[data-chart-root]');
  if (marked) return marked;
  const surface = root.querySelector<SVGSVGElement>('svg.recharts-surface');
  if (surface) return surface;
  let best: SVGSVGElement | null = null;
  let area = 0;
  root.querySelectorAll<SVGSVGElement>('svg').forEach((s) => {
    const r = s.getBoundingClientRect();
    if (r.width * r.height > area) {
      area = r.width * r.height;
      best = s;
    }
  });
  return best;
}

function inlineStyles(source: Element, clone: Element): void {
  const a = [source, ...source.querySelectorAll('*')];
  const b = [clone, ...clone.querySelectorAll('*')];
  a.forEach((el, i) => {
    const target = b[i];
    if (!target) return;
    const cs = getComputedStyle(el);
    const parts: string[] = [];
    for (const prop of INLINED_PROPERTIES) {
      const v = cs.getPropertyValue(prop);
      if (v) parts.push(`${prop}:${v}`);
    }
    if (cs.display === 'none') parts.push('display:none');
    target.setAttribute('style', parts.join(';'));
    target.removeAttribute('class');
    target.removeAttribute('tabindex');
    // Attributes that still name CSS variables cannot resolve outside the page: the inline style wins.
    for (const attr of [...target.attributes]) {
      if (attr.value.includes('var(') && attr.name !== 'style') target.removeAttribute(attr.name);
    }
  });
}

export interface SvgExport {
  svg: string;
  width: number;
  /** The drawing's height, without the title's. */
  height: number;
  /** The title's height above the drawing (0 without a title). */
  heading: number;
}

/**
 * A standalone SVG document of the chart inside `root`: colours and fonts inlined in the light theme's
 * colours on a white card, and the title (when given) as a heading above the drawing.
 */
export function chartToSvg(root: Element, title?: string): SvgExport {
  return withExportColors(root, () => {
    const source = findChartSvg(root);
    if (source) return svgDocument(source, root, title);
    const canvas = root.querySelector('canvas');
    if (!canvas) throw new Error('nothing to export: the chart has no <svg> or <canvas>');
    return canvasDocument(canvas, root, title);
  });
}

const TITLE_FONT_PX = 16;
const TITLE_LINE_PX = 21;
const TITLE_PAD_PX = 12;

/**
 * The title broken into lines that fit `width` (a long chart title such as "Focal-Tversky: the trained
 * value and the plotted one, …" must not run off a narrow card's export), measured in the title's font.
 */
function titleLines(title: string, width: number, family: string): string[] {
  const room = Math.max(40, width - 2 * TITLE_PAD_PX);
  return wrapWords(title, room, (s) => textWidth(s, TITLE_FONT_PX, 600, family));
}

function headingHeight(lines: number): number {
  return lines ? lines * TITLE_LINE_PX + 13 : 0;
}

function frame(
  root: Element,
  width: number,
  height: number,
  title: string | undefined,
): { doc: SVGSVGElement; body: SVGGElement; heading: number } {
  const cs = getComputedStyle(root);
  const lines = title ? titleLines(title, width, cs.fontFamily) : [];
  const heading = headingHeight(lines.length);
  const doc = document.createElementNS(SVG_NS, 'svg');
  doc.setAttribute('xmlns', SVG_NS);
  doc.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  doc.setAttribute('width', String(width));
  doc.setAttribute('height', String(height + heading));
  doc.setAttribute('viewBox', `0 0 ${width} ${height + heading}`);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', EXPORT_COLORS['--chart-card']);
  doc.append(bg);
  if (title) {
    const t = document.createElementNS(SVG_NS, 'text');
    t.setAttribute(
      'style',
      `fill:${EXPORT_COLORS['--chart-fg']};font-family:${cs.fontFamily};font-size:${TITLE_FONT_PX}px;font-weight:600`,
    );
    lines.forEach((text, i) => {
      const span = document.createElementNS(SVG_NS, 'tspan');
      span.setAttribute('x', String(TITLE_PAD_PX));
      span.setAttribute('y', String(23 + i * TITLE_LINE_PX));
      span.textContent = text;
      t.append(span);
    });
    const titleEl = document.createElementNS(SVG_NS, 'title');
    titleEl.textContent = title;
    doc.append(titleEl, t);
  }
  const body = document.createElementNS(SVG_NS, 'g');
  body.setAttribute('transform', `translate(0, ${heading})`);
  doc.append(body);
  return { doc, body, heading };
}

function svgDocument(source: SVGSVGElement, root: Element, title?: string): SvgExport {
  const rect = source.getBoundingClientRect();
  const width = Math.max(1, Math.round(rect.width || Number(source.getAttribute('width')) || 600));
  const height = Math.max(1, Math.round(rect.height || Number(source.getAttribute('height')) || 400));
  const clone = source.cloneNode(true) as SVGSVGElement;
  inlineStyles(source, clone);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.removeAttribute('role');
  clone.removeAttribute('tabindex');
  clone.removeAttribute('data-chart-root');
  clone.style.removeProperty('cursor');
  const { doc, body, heading } = frame(root, width, height, title);
  body.append(clone);
  return { svg: serialise(doc), width, height, heading };
}

function canvasDocument(canvas: HTMLCanvasElement, root: Element, title?: string): SvgExport {
  const rect = canvas.getBoundingClientRect();
  const width = Math.max(1, Math.round(rect.width || canvas.width));
  const height = Math.max(1, Math.round(rect.height || canvas.height));
  const { doc, body, heading } = frame(root, width, height, title);
  const img = document.createElementNS(SVG_NS, 'image');
  img.setAttribute('width', String(width));
  img.setAttribute('height', String(height));
  img.setAttribute('href', canvas.toDataURL('image/png'));
  body.append(img);
  return { svg: serialise(doc), width, height, heading };
}

function serialise(doc: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(doc)}`;
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the browser could not draw the exported SVG'));
    img.src = src;
  });
}

function canvasBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob gave no PNG'))), 'image/png');
  });
}

/** The chart as an SVG or PNG blob (PNG at `scale`×, default 2). */
export async function chartBlob(
  root: Element,
  format: ExportFormat,
  options: { title?: string; scale?: number } = {},
): Promise<Blob> {
  const { svg, width, height, heading } = chartToSvg(root, options.title);
  if (format === 'svg') return new Blob([svg], { type: 'image/svg+xml;charset=utf-8' });
  const scale = options.scale ?? 2;
  const img = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round((height + heading) * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2-D canvas context for the PNG');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, width, height + heading);
  return canvasBlob(canvas);
}

function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves the chart inside `element` as `filename` (PNG at 2×, or standalone SVG). */
export async function exportChart(
  element: Element,
  format: ExportFormat,
  filename: string,
  options: { title?: string; scale?: number } = {},
): Promise<void> {
  const blob = await chartBlob(element, format, options);
  download(blob, filename.endsWith(`.${format}`) ? filename : `${filename}.${format}`);
}
