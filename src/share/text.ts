/**
 * Warning text that is safe to put on screen: never markup, never more than a short, sanitised excerpt
 * of what the link contained.
 */

const EXCERPT_MAX = 24;

/**
 * A short, harmless excerpt of untrusted text for a warning: letters, digits and _ . : + - are kept,
 * anything else (quotes, angle brackets, spaces, control or non-ASCII characters) becomes "?", and long
 * text is cut to 24 characters followed by "…". Non-strings are described by their type.
 */
export function excerpt(value: unknown): string {
  if (typeof value !== 'string') {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'a list';
    if (typeof value === 'number') return Number.isFinite(value) ? excerpt(String(value)) : 'a non-finite number';
    return `a ${typeof value}`;
  }
  const cut = value.length > EXCERPT_MAX ? value.slice(0, EXCERPT_MAX) : value;
  const clean = cut.replace(/[^A-Za-z0-9_.:+-]/g, '?');
  return value.length > EXCERPT_MAX ? `${clean}…` : clean;
}

/** Last line of defence for any warning: no angle brackets, ampersands or control characters, bounded length. */
export function safeText(message: string): string {
  // eslint-disable-next-line no-control-regex
  const s = message.replace(/[<>&\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return s.length > 300 ? `${s.slice(0, 299)}…` : s;
}

/**
 * One paragraph for a notice from decodeScene's warnings (null when there are none): the first few, then
 * how many more.
 */
export function describeWarnings(warnings: readonly string[], max = 3): string | null {
  if (warnings.length === 0) return null;
  const shown = warnings.slice(0, Math.max(1, max)).map(safeText);
  const more = warnings.length - shown.length;
  return `Shared link: ${shown.join(' ')}${more > 0 ? ` (${more} more ${more === 1 ? 'problem' : 'problems'}.)` : ''}`;
}

/**
 * Text a teacher wrote for a lesson, as it may appear on screen (React renders it as text, never markup):
 * control and invisible formatting characters removed, line breaks kept only when `multiline` (at most two
 * in a row), runs of spaces collapsed, trimmed, and cut to `max` characters with "…".
 */
export function lessonText(text: string, max: number, multiline: boolean): string {
  let s = text.normalize('NFC').replace(/\r\n?/g, '\n');
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, ' ');
  s = multiline ? s.replace(/\n{3,}/g, '\n\n') : s.replace(/\n/g, ' ');
  s = s
    .replace(/[ \t]{2,}/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
