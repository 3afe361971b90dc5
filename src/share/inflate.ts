/**
 * Zip-bomb-safe inflation: raw DEFLATE through fflate's streaming Inflate, fed in small slices and
 * stopped as soon as the output passes a cap. The caller knows the exact size a valid section has
 * (from the container header), so a hostile payload costs at most about one slice's worth of expansion
 * (DEFLATE expands at most ~1032:1, so ~1 MiB) beyond that size, whatever its claimed ratio.
 */
import { Inflate } from 'fflate';

/** Input bytes pushed per step. */
const SLICE = 1024;

export type InflateResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'corrupt' | 'too-large' };

/** Inflates `data` (raw DEFLATE, no zlib/gzip wrapper), giving up past `maxBytes` of output. Never throws. */
export function inflateCapped(data: Uint8Array, maxBytes: number): InflateResult {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    if (chunk.length === 0) return;
    chunks.push(chunk);
    total += chunk.length;
  });
  try {
    for (let at = 0; ; at += SLICE) {
      const end = Math.min(data.length, at + SLICE);
      inflater.push(data.subarray(at, end), end >= data.length);
      if (total > maxBytes) return { ok: false, reason: 'too-large' };
      if (end >= data.length) break;
    }
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return { ok: true, bytes: out };
}
