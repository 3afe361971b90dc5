/**
 * Render counts per component, for the browser tests that prove render discipline (which components
 * render, and how often, per evaluation). A component calls countRender('Name') in its body; the count
 * is a plain increment, cheap enough to keep in production builds, and read through the page handle.
 */
const counts = new Map<string, number>();

export function countRender(name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}

/** The counts since the last take, by component name; resets them. */
export function takeRenderCounts(): Record<string, number> {
  const out = Object.fromEntries(counts);
  counts.clear();
  return out;
}
