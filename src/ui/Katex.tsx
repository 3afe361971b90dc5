import { memo } from 'react';
import katex from 'katex';
import { countRender } from './renderCount.ts';

interface Props {
  tex: string;
  display?: boolean;
  className?: string;
}

/** HTML by TeX string, kept across renders and mounts: a parameter symbol is typeset once per page. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 256;

function typeset(tex: string, display: boolean): string {
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

/** KaTeX, rendered to a string; `\htmlClass` is trusted (our own TeX only) to colour numbers. */
export const Katex = memo(function Katex({ tex, display = false, className }: Props) {
  return <span className={className} dangerouslySetInnerHTML={{ __html: typeset(tex, display) }} />;
});
