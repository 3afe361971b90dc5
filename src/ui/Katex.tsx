import { memo, useLayoutEffect, useRef } from 'react';
import morphdom from 'morphdom';
import { typeset } from './typeset.ts';
import { showLive } from './texSlots.ts';

interface Props {
  tex: string;
  display?: boolean;
  className?: string;
  /** The numbers change often (a substituted formula): typeset a template once and change only its numbers. */
  live?: boolean;
}

/**
 * KaTeX, rendered to a string. A new TeX is morphed into the element already shown rather than
 * replacing it, so a few text nodes change instead of the formula's ~500 elements being removed,
 * parsed and laid out again; a `live` formula skips KaTeX too while only its numbers move.
 */
export const Katex = memo(function Katex({ tex, display = false, className, live = false }: Props) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (live && showLive(el, tex, display)) return;
    const html = typeset(tex, display);
    if (el.childNodes.length === 0) el.innerHTML = html;
    else morphdom(el, `<span>${html}</span>`, { childrenOnly: true });
  }, [tex, display, live]);
  return <span ref={ref} className={className} />;
});
