import { useEffect, useState } from 'react';
import type { RefObject } from 'react';

/** Whether an element is on screen (or within `margin` of it); true where IntersectionObserver is missing. */
export function useInView(ref: RefObject<Element | null>, margin = '200px'): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) setVisible(e.isIntersecting);
      },
      { rootMargin: margin },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref, margin]);
  return visible;
}
