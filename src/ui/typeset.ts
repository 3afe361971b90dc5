import katex from 'katex';
import { countRender } from './renderCount.ts';

/** HTML by TeX string, kept across renders and mounts: a parameter symbol is typeset once per page. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 256;

/** KaTeX to an HTML string (HTML and MathML); `\htmlClass` is trusted (our own TeX only) to colour numbers. */
export function typeset(tex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  countRender('katex.renderToString');
  let html: string;
  try {
    html = katex.renderToString(tex, {
      displayMode: display,
      throwOnError: false,
      strict: 'ignore',
      trust: (ctx) => ctx.command === '\\htmlClass',
      output: 'htmlAndMathml',
    });
  } catch {
    html = tex;
  }
  // The substituted formula changes with every scene: a bounded cache, oldest out first.
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, html);
  return html;
}
