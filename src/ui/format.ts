/**
 * Number formatting for the screen: enough significant digits to look exact, never a bare NaN.
 * Pure functions (tested in node).
 */

export const UNDEFINED_TEXT = 'undefined';
export const MINUS = '\u2212';

export interface Formatted {
  text: string;
  /** Set when the value is not a finite number: why it is undefined (for a title / tooltip). */
  why?: string;
}

function sign(text: string): string {
  return text.startsWith('-') ? MINUS + text.slice(1) : text;
}

function trimExponent(s: string): string {
  // 1.2340e-7 → 1.2340e−7 ; drop "+" in e+5
  const [mant, exp] = s.split('e');
  if (exp === undefined) return s;
  const e = Number(exp);
  return `${mant}e${e < 0 ? MINUS + String(-e) : String(e)}`;
}

/**
 * A value with `digits` significant digits: fixed notation for 1e-3 ≤ |v| < 1e5, scientific
 * otherwise. −0 prints as 0. Non-finite values give "undefined" plus the reason.
 */
export function formatValue(v: number | null | undefined, digits = 5, why?: string): Formatted {
  if (v === null || v === undefined || !Number.isFinite(v)) {
    const reason =
      why ??
      (v === null || v === undefined
        ? 'undefined for this scene'
        : Number.isNaN(v)
          ? 'the formula gives 0/0 here (NaN)'
          : `the formula diverges here (${v > 0 ? '+' : '−'}∞)`);
    return { text: UNDEFINED_TEXT, why: reason };
  }
  if (v === 0) return { text: '0' };
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) {
    let s = v.toPrecision(digits);
    if (s.includes('e')) s = trimExponent(s);
    return { text: sign(s) };
  }
  return { text: sign(trimExponent(v.toExponential(Math.max(0, digits - 1)))) };
}

/** The change since the last stroke: 3 significant digits with an explicit sign, "0" when none. */
export function formatDelta(delta: number | null | undefined, scale = 1): Formatted {
  if (delta === null || delta === undefined) return { text: '' };
  if (!Number.isFinite(delta)) return { text: UNDEFINED_TEXT, why: 'one of the two values is undefined' };
  // Float32 sums: treat changes below ~1e-7 of the value's size as no change.
  if (Math.abs(delta) <= 1e-7 * Math.max(1, Math.abs(scale))) return { text: '0' };
  const f = formatValue(Math.abs(delta), 3).text;
  return { text: (delta > 0 ? '+' : MINUS) + f };
}

/** A short number for axis ticks and legends: 2–3 significant digits, scientific outside [1e-2, 1e4). */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return UNDEFINED_TEXT;
  const a = Math.abs(v);
  if (a >= 1e-2 && a < 1e4) {
    const s = Number(v.toPrecision(2)).toString();
    return sign(s);
  }
  const exp = Math.floor(Math.log10(a));
  const mant = v / 10 ** exp;
  const m = Number(mant.toPrecision(2));
  const e = exp < 0 ? MINUS + String(-exp) : String(exp);
  if (Math.abs(m) === 1) return `${m < 0 ? MINUS : ''}1e${e}`;
  return `${sign(String(m))}e${e}`;
}

/** A number for TeX: scientific values as a·10^{b}, fixed ones with `digits` significant digits. */
export function texNumber(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return '\\text{undefined}';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const neg = v < 0 ? '-' : '';
  if (a >= 1e-3 && a < 1e6) {
    // Integers (e.g. pixel counts) print exactly.
    if (Number.isInteger(v)) return String(v);
    let s = Number(a.toPrecision(digits)).toString();
    if (s.includes('e')) s = a.toFixed(6);
    return neg + s;
  }
  const exp = Math.floor(Math.log10(a));
  let mant = Number((a / 10 ** exp).toPrecision(Math.min(digits, 3)));
  let e = exp;
  if (mant >= 10) {
    mant /= 10;
    e += 1;
  }
  return mant === 1 ? `${neg}10^{${e}}` : `${neg}${mant}\\times 10^{${e}}`;
}

/** A parameter value for a number field: up to 6 significant digits, no trailing noise. */
export function formatParam(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6)
    return v.toExponential(Math.min(5, Math.max(0, significantDigits(v) - 1))).replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}

function significantDigits(v: number): number {
  const s = v.toExponential(12).split('e')[0]!.replace('-', '').replace('.', '').replace(/0+$/, '');
  return Math.max(1, s.length);
}

/** A value for TeX exactly as the table shows it (same digits), e.g. 1.0000 or 1.2345\times 10^{-7}. */
export function texValue(v: number, digits = 5): string {
  const f = formatValue(v, digits);
  if (f.why) return '\\text{undefined}';
  const text = f.text.replace(/\u2212/g, '-');
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(text);
  return m ? `${m[1]}\\times 10^{${m[2]}}` : text;
}
