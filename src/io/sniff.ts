/**
 * What a file is, from its first bytes, and an image's size from its header alone: a 20,000 × 20,000
 * image is rejected here before a decoder allocates anything.
 */
import type { IoResult } from './types.ts';
import { fail } from './types.ts';
import { sizeProblem } from './limits.ts';

export type FileFormat = 'png' | 'jpeg' | 'webp' | 'npy';
export type ImageFormat = Exclude<FileFormat, 'npy'>;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

/** The format by content (never by the file name), or null when it is none we read. */
export function detectFormat(bytes: Uint8Array): FileFormat | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (startsWith(bytes, NPY_MAGIC)) return 'npy';
  return null;
}

const be16 = (b: Uint8Array, i: number): number => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const be32 = (b: Uint8Array, i: number): number => be16(b, i) * 65536 + be16(b, i + 2);
const le16 = (b: Uint8Array, i: number): number => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const le24 = (b: Uint8Array, i: number): number => le16(b, i) | ((b[i + 2] ?? 0) << 16);

interface Size {
  width: number;
  height: number;
}

function pngSize(b: Uint8Array): Size | string {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return 'is a corrupt PNG (no IHDR header after the signature)';
  return { width: be32(b, 16), height: be32(b, 20) };
}

/** Walks the JPEG segments to the first start-of-frame marker (SOF0 … SOF15 but DHT, JPG, DAC). */
function jpegSize(b: Uint8Array): Size | string {
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return 'is a corrupt JPEG (a segment does not start with a marker)';
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, or scan data before any frame
    const length = be16(b, i + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (i + 9 > b.length) break;
      return { height: be16(b, i + 5), width: be16(b, i + 7) };
    }
    i += 2 + length;
  }
  return 'is a corrupt JPEG (no frame header: truncated or not a JPEG)';
}

function webpSize(b: Uint8Array): Size | string {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X' && b.length >= 30) return { width: le24(b, 24) + 1, height: le24(b, 27) + 1 };
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = (b[21] as number) | ((b[22] as number) << 8) | ((b[23] as number) << 16) | ((b[24] as number) << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
  }
  return 'is a corrupt WebP (no VP8, VP8L or VP8X header)';
}

export const FORMAT_NAMES: Record<FileFormat, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP', npy: 'NumPy .npy' };

export function notAFileWeRead(name: string): { ok: false; message: string } {
  return fail(name, 'is not a PNG, JPEG or WebP image nor a NumPy .npy file (its first bytes match none of them)');
}

/**
 * Format and size of an image from its header; rejects non-images and sizes over the limits. The
 * page calls this before handing a WebP to createImageBitmap.
 */
export function readImageHeader(
  bytes: Uint8Array,
  name: string,
): IoResult<{ format: ImageFormat; width: number; height: number }> {
  const format = detectFormat(bytes);
  if (format === null) return notAFileWeRead(name);
  if (format === 'npy') return fail(name, 'is a NumPy .npy file, not an image');
  const size = format === 'png' ? pngSize(bytes) : format === 'jpeg' ? jpegSize(bytes) : webpSize(bytes);
  if (typeof size === 'string') return fail(name, size);
  const problem = sizeProblem(size.height, size.width);
  if (problem) return fail(name, `${FORMAT_NAMES[format]} image ${problem}`);
  return { ok: true, format, width: size.width, height: size.height };
}
