/**
 * The selected loss's formula with the current numbers in it: parameter symbols (γ, α, w_FP, s …)
 * and whole-image sums (TP, FP, FN, Σp, Σg, N) are replaced by their values. Generated from the
 * registry's TeX and parameter symbols; pure (tested in node).
 */
import type { LossInfo, ParamSet, RegionStats } from '../core/types.ts';
import { texNumber, texValue } from './format.ts';
import { valueOf } from '../core/conventions.ts';

export interface SubstitutedFormula {
  /** The registry's formula. */
  symbolic: string;
  /** The same with numbers in place of symbols and sums, ending in "= value". */
  substituted: string;
  /** Parameters left as symbols, with why (e.g. "α: no α weighting"). */
  notes: string[];
}

/** Marks a substituted number, so the page can colour it (KaTeX `\htmlClass`, trusted). */
export const NUMBER_CLASS = 'tex-num';

interface Token {
  /** Regex source matching the token in TeX. */
  source: string;
  /** TeX to put in its place; `where` tells whether it sits in a numerator, denominator or neither. */
  value: (where: Place) => string | null;
}

type Place = 'num' | 'den' | 'none';

const SMOOTH_KEY = 'smooth';
const SMOOTH_NR_KEY = 'smooth_nr';
const SMOOTH_DR_KEY = 'smooth_dr';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The regex source of a symbol as it may appear in TeX: `w_{D}` also matches `w_D`. */
function symbolSource(symbol: string): string {
  const alts = [symbol];
  const m = /^(.*)_\{(.)\}$/.exec(symbol);
  if (m) alts.push(`${m[1]}_${m[2]}`);
  const inner = alts.map(escapeRegex).join('|');
  // Not part of a longer command or word, and not followed by a subscript (γ vs γ_D).
  const before = /^[A-Za-z]/.test(symbol) ? '(?<![\\\\A-Za-z])' : '';
  return `${before}(?:${inner})(?![A-Za-z_])`;
}

function wrap(v: number, digits = 4): string {
  return `\\htmlClass{${NUMBER_CLASS}}{${texNumber(v, digits)}}`;
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function paramTokens(info: LossInfo, params: ParamSet, notes: string[]): Token[] {
  const tokens: Token[] = [];
  const keys = new Set(info.params.map((p) => p.key));
  const smoothNr = keys.has(SMOOTH_NR_KEY) ? numberOrNull(params[SMOOTH_NR_KEY]) : null;
  const smoothDr = keys.has(SMOOTH_DR_KEY) ? numberOrNull(params[SMOOTH_DR_KEY]) : null;
  for (const spec of info.params) {
    if (spec.kind !== 'number') continue;
    if (spec.key === SMOOTH_NR_KEY || spec.key === SMOOTH_DR_KEY) continue; // folded into smooth
    const v = valueOf(params, spec.key, spec.default);
    if (spec.key === SMOOTH_KEY && (smoothNr !== null || smoothDr !== null)) {
      const s = numberOrNull(v);
      const nr = smoothNr ?? s;
      const dr = smoothDr ?? s;
      tokens.push({
        source: symbolSource(spec.symbol),
        value: (where) => {
          if (where === 'num' && nr !== null) return wrap(nr);
          if (where === 'den' && dr !== null) return wrap(dr);
          return nr !== null && nr === dr ? wrap(nr) : null;
        },
      });
      continue;
    }
    if (v === null) {
      if (spec.nullMeaning) notes.push(`${spec.key} = ${spec.nullMeaning}`);
      continue;
    }
    if (typeof v !== 'number') continue;
    tokens.push({ source: symbolSource(spec.symbol), value: () => wrap(v) });
  }
  return tokens;
}

function statTokens(stats: RegionStats): Token[] {
  const lit = (tex: string, v: number): Token => ({ source: escapeRegex(tex), value: () => wrap(v, 5) });
  return [
    lit('\\sum_i (g_i-p_i)^2 g_i', stats.sqErrPos),
    lit('\\sum_i (g_i-p_i)^2 (1-g_i)', stats.sqErrNeg),
    lit('\\sum_i (1-g_i)', stats.n - stats.sumG),
    lit('\\sum_i p_i', stats.sumP),
    lit('\\sum_i g_i', stats.sumG),
    { source: '(?<![\\\\A-Za-z])TP(?![A-Za-z])', value: () => wrap(stats.tp, 5) },
    { source: '(?<![\\\\A-Za-z])FP(?![A-Za-z])', value: () => wrap(stats.fp, 5) },
    { source: '(?<![\\\\A-Za-z])FN(?![A-Za-z])', value: () => wrap(stats.fn, 5) },
    { source: '(?<![\\\\A-Za-z])N(?![A-Za-z])', value: () => wrap(stats.n, 5) },
  ];
}

/** Index just past the brace group that starts at `open` (which must be "{"), or -1. */
function groupEnd(tex: string, open: number): number {
  if (tex[open] !== '{') return -1;
  let depth = 0;
  for (let i = open; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Splits TeX into runs, each tagged with whether it lies in a fraction's numerator or denominator. */
function splitFractions(tex: string, where: Place): { text: string; where: Place }[] {
  const out: { text: string; where: Place }[] = [];
  const re = /\\[dt]?frac(?=\{)/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tex))) {
    const numStart = m.index + m[0].length;
    const numEnd = groupEnd(tex, numStart);
    const denEnd = numEnd < 0 ? -1 : groupEnd(tex, numEnd);
    if (denEnd < 0) continue;
    if (m.index > last) out.push({ text: tex.slice(last, m.index), where });
    out.push({ text: `${m[0]}{`, where: 'none' });
    out.push(...splitFractions(tex.slice(numStart + 1, numEnd - 1), 'num'));
    out.push({ text: '}{', where: 'none' });
    out.push(...splitFractions(tex.slice(numEnd + 1, denEnd - 1), 'den'));
    out.push({ text: '}', where: 'none' });
    last = denEnd;
    re.lastIndex = denEnd;
  }
  if (last < tex.length) out.push({ text: tex.slice(last), where });
  return out;
}

const GROUP = '\\{(?:[^{}]|\\{(?:[^{}]|\\{[^{}]*\\})*\\})*\\}';
const ENDS_WITH_NUMBER = new RegExp(`\\\\htmlClass\\{${NUMBER_CLASS}\\}${GROUP}$`);
const ENDS_WITH_FRACTION = new RegExp(`\\\\[dt]?frac${GROUP}${GROUP}$`);

/** Does a substituted number at `offset` follow another factor (a number, `)` or a fraction)? Then it needs "·". */
function needsDot(text: string, offset: number, done: string): boolean {
  const before = (done + text.slice(0, offset)).replace(/(\s|\\,|\\;|\\!)+$/, '');
  return /[0-9)]$/.test(before) || ENDS_WITH_NUMBER.test(before) || ENDS_WITH_FRACTION.test(before);
}

function applyTokens(tex: string, tokens: Token[]): string {
  if (!tokens.length) return tex;
  const sorted = [...tokens].sort((a, b) => b.source.length - a.source.length);
  const re = new RegExp(sorted.map((t) => `(${t.source})`).join('|'), 'g');
  let done = '';
  for (const run of splitFractions(tex, 'none')) {
    const text = run.text;
    let last = 0;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      const idx = m.slice(1).findIndex((g) => g !== undefined);
      const v = sorted[idx]?.value(run.where) ?? null;
      done += text.slice(last, m.index);
      if (v === null) done += m[0];
      else done += (needsDot('', 0, done) ? '\\cdot ' : '') + v;
      last = m.index + m[0].length;
    }
    done += text.slice(last);
  }
  return done.replace(/\\,\s*\\cdot /g, '\\cdot ');
}

/** The main expression and the definitions after its first top-level ",\\;" (q_i = …, TI = …). */
export function splitHelpers(tex: string): [string, string | null] {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') {
      if (depth === 0 && tex.startsWith('\\;', i) && tex[i - 1] === ',')
        return [tex.slice(0, i - 1).trimEnd(), tex.slice(i + 2).trimStart()];
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth--;
  }
  return [tex, null];
}

/**
 * The formula of one loss with the current numbers. `stats` (from the same evaluation) fills in
 * TP, FP, FN, Σp, Σg and N; when a boolean parameter is on (e.g. a squared denominator the TeX does
 * not show) the sums stay symbolic, so that no number on screen is wrong.
 */
export function substituteFormula(
  info: LossInfo,
  params: ParamSet,
  stats: RegionStats | null,
  value: number | null,
): SubstitutedFormula {
  const notes: string[] = [];
  const tokens = paramTokens(info, params, notes);
  const switched = info.params.some((p) => p.kind === 'boolean' && valueOf(params, p.key, p.default) !== p.default);
  if (stats && !switched) tokens.push(...statTokens(stats));
  if (switched) {
    for (const p of info.params) {
      if (p.kind === 'boolean' && valueOf(params, p.key, p.default) !== p.default)
        notes.push(`${p.key}: ${p.label} (sums shown as symbols)`);
    }
  }
  const symbolic = info.tex;
  const [main, helpers] = splitHelpers(info.tex);
  const result = value === null || !Number.isFinite(value) ? '\\text{undefined}' : texValue(value, 5);
  const body = applyTokens(main, tokens).replace(/^\s*L\s*=\s*/, '');
  let substituted = `\\begin{aligned} L &= ${body} \\\\ &= \\htmlClass{tex-result}{${result}}`;
  if (helpers) substituted += ` \\\\[0.3em] & \\text{with } ${applyTokens(helpers, tokens)}`;
  substituted += ' \\end{aligned}';
  return { symbolic, substituted, notes };
}
