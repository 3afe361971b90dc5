/**
 * A substituted formula as a template and its numbers. During a slider drag only the numbers of the
 * formula change: the template is typeset once, and each number after that is a text change in the
 * typeset HTML and MathML instead of a new KaTeX run and a morph of ~500 elements.
 *
 * In the template each number becomes a placeholder, a run of digits that nothing else in the TeX can
 * produce (every number of the TeX is replaced). Lengths and a number right before `^` or `_` stay
 * literal: KaTeX splits a superscript's base off a digit run ("10^{-5}" → "1", "0"), so it would not
 * be one text node.
 */
import { typeset } from './typeset.ts';

/**
 * A number in TeX: digits with an optional fraction (command names never hold digits). These stay
 * literal: a command's bare arguments (`\tfrac12`, `^2`: one token each), a superscript's base, a
 * number beside a `/` (KaTeX joins the two in one run), a length (`\\[0.3em]`) and `\text{…}` whole
 * (its digits are words of a sentence).
 */
const NUMBER =
  /\\text\{[^{}]*\}|(?<![\d./A-Za-z]|[\^_]\s*)\d+(?:\.\d+)?(?!\s*(?:[\^_\d./]|em|ex|mu|pt|px|mm|cm|in|bp|pc|dd|cc|sp))/g;

const PLACEHOLDER_BASE = 700000;

/** The k-th placeholder: six digits, so each is one `<mn>` and one text run in KaTeX's output. */
export function placeholder(k: number): string {
  return String(PLACEHOLDER_BASE + k);
}

export interface TexTemplate {
  /** The TeX with each slotted number replaced by its placeholder. */
  template: string;
  /** The numbers, in order of their placeholders. */
  numbers: string[];
}

export function texTemplate(tex: string): TexTemplate {
  const numbers: string[] = [];
  const template = tex.replace(NUMBER, (n) => (n.startsWith('\\') ? n : placeholder(numbers.push(n) - 1)));
  return { template, numbers };
}

/** A live formula on screen: its template's placeholders' text nodes, in the HTML and in the MathML. */
interface Shown {
  key: string;
  numbers: string[];
  html: Text[];
  mathml: Text[];
  annotation: Text | null;
}

const shownIn = new WeakMap<Element, Shown>();
/** Templates whose placeholders KaTeX did not give one text node each (e.g. digits beside text): typeset whole. */
const unslottable = new Set<string>();
const UNSLOTTABLE_LIMIT = 256;
const PLACEHOLDER_TEXT = /^\d{6}$/;

/** Each placeholder's one text node in the HTML and in the MathML; null when any is missing or repeated. */
function findSlots(root: Element, count: number): Omit<Shown, 'key' | 'numbers'> | null {
  const html: Text[] = [];
  const mathml: Text[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
    if (!PLACEHOLDER_TEXT.test(t.data)) continue;
    const k = Number(t.data) - PLACEHOLDER_BASE;
    if (k < 0 || k >= count) return null;
    const side = t.parentElement?.closest('.katex-mathml') ? mathml : html;
    if (side[k]) return null;
    side[k] = t;
  }
  for (let k = 0; k < count; k++) if (!html[k] || !mathml[k]) return null;
  const annotation = root.querySelector('annotation')?.firstChild;
  return { html, mathml, annotation: annotation instanceof Text ? annotation : null };
}

/**
 * Shows `tex` in `el` by its template: typeset (or taken from the cache) when the template changes, and
 * otherwise only the numbers that changed are written, in the HTML, the MathML and the TeX annotation,
 * so the element is what KaTeX would make of `tex`. False when the template cannot be shown this way.
 */
export function showLive(el: HTMLElement, tex: string, display: boolean): boolean {
  const { template, numbers } = texTemplate(tex);
  const key = `${display ? 'D' : 'I'}${template}`;
  let shown = shownIn.get(el);
  if (!shown || shown.key !== key) {
    shownIn.delete(el);
    if (unslottable.has(key)) return false;
    const box = el.ownerDocument.createElement('span');
    box.innerHTML = typeset(template, display);
    const slots = findSlots(box, numbers.length);
    if (!slots) {
      if (unslottable.size >= UNSLOTTABLE_LIMIT) unslottable.clear();
      unslottable.add(key);
      return false;
    }
    el.replaceChildren(...box.childNodes);
    shown = { key, numbers: numbers.map((_, k) => placeholder(k)), ...slots };
    shownIn.set(el, shown);
  }
  for (let k = 0; k < numbers.length; k++) {
    const n = numbers[k]!;
    if (shown.numbers[k] === n) continue;
    shown.html[k]!.data = n;
    shown.mathml[k]!.data = n;
  }
  shown.numbers = numbers;
  if (shown.annotation) shown.annotation.data = tex;
  return true;
}
