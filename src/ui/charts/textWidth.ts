/**
 * Text widths for chart layout, measured in the page's font on a 2D canvas (one context, widths cached),
 * so that legends, band labels and axis labels are sized to what the browser draws, in the page and in
 * the export alike. Without a canvas (tests in Node) an estimate stands in.
 */

let ctx: CanvasRenderingContext2D | null | undefined;
const cache = new Map<string, number>();
const CACHE_LIMIT = 2000;

function context(): CanvasRenderingContext2D | null {
  if (ctx === undefined) {
    ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  }
  return ctx;
}

let bodyFont: string | undefined;

/** The page's font family, read once (a style read on every call would cost a style flush mid-drag). */
function pageFont(): string {
  bodyFont ??= (document.body && getComputedStyle(document.body).fontFamily) || 'sans-serif';
  return bodyFont;
}

/** Width in CSS px of `text` at `fontSize` px (and `weight`) in `family` (default: the page's font). */
export function textWidth(text: string, fontSize: number, weight = 400, family?: string): number {
  const c = context();
  if (!c) return [...text].length * fontSize * 0.6;
  const font = `${weight} ${fontSize}px ${family ?? pageFont()}`;
  const key = `${font}|${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  c.font = font;
  const w = c.measureText(text).width;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, w);
  return w;
}

/** `text` broken at spaces into lines no wider than `width` (a word longer than that stays whole on its line). */
export function wrapWords(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}
