import { useMemo } from 'react';
import katex from 'katex';

interface Props {
  tex: string;
  display?: boolean;
  className?: string;
}

/** KaTeX, rendered to a string; `\htmlClass` is trusted (our own TeX only) to colour numbers. */
export function Katex({ tex, display = false, className }: Props) {
  const html = useMemo(() => {
    try {
      return katex.renderToString(tex, {
        displayMode: display,
        throwOnError: false,
        strict: 'ignore',
        trust: (ctx) => ctx.command === '\\htmlClass',
        output: 'htmlAndMathml',
      });
    } catch {
      return tex;
    }
  }, [tex, display]);
  return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
