/**
 * PNG and JPEG to 8-bit RGBA (fast-png, jpeg-js). WebP is decoded by the browser (createImageBitmap);
 * the page passes the resulting ImageData on as an RgbaImage. Sizes are checked from the header first.
 */
import { convertIndexedToRgb, decode as decodePngData } from 'fast-png';
import type { DecodedPng } from 'fast-png';
import { decode as decodeJpegData } from 'jpeg-js';
import type { IoResult, RgbaImage } from './types.ts';
import { fail } from './types.ts';
import { readImageHeader } from './sniff.ts';
import { MAX_INPUT_PIXELS } from './limits.ts';

/** Samples of depth 1, 2 or 4 packed in bytes (rows padded to a byte) → one sample per byte, scaled to 0…255. */
function unpackLowDepth(png: DecodedPng): Uint8Array {
  const { width, height, depth, channels } = png;
  const data = png.data as Uint8Array;
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  const scale = 255 / (2 ** depth - 1);
  const out = new Uint8Array(perRow * height);
  for (let r = 0; r < height; r++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = data[r * rowBytes + (bit >> 3)] as number;
      const sample = (byte >> (8 - depth - (bit & 7))) & (2 ** depth - 1);
      out[r * perRow + i] = Math.round(sample * scale);
    }
  }
  return out;
}

/** Any PNG colour type and depth as 8-bit samples with `channels` per pixel. */
function pngSamples(png: DecodedPng): { samples: Uint8Array; channels: number } {
  const n = png.width * png.height;
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    return { samples: rgb, channels: rgb.length / n };
  }
  if (png.depth === 16) {
    const wide = png.data as Uint16Array;
    return { samples: Uint8Array.from(wide, (v) => Math.round(v / 257)), channels: png.channels };
  }
  if (png.depth < 8) return { samples: unpackLowDepth(png), channels: png.channels };
  return { samples: png.data as Uint8Array, channels: png.channels };
}

function toRgba(samples: Uint8Array, channels: number, width: number, height: number): RgbaImage {
  const n = width * height;
  const data = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const s = i * channels;
    const gray = channels <= 2;
    data[4 * i] = samples[s] as number;
    data[4 * i + 1] = samples[gray ? s : s + 1] as number;
    data[4 * i + 2] = samples[gray ? s : s + 2] as number;
    data[4 * i + 3] = channels === 2 ? (samples[s + 1] as number) : channels === 4 ? (samples[s + 3] as number) : 255;
  }
  return { width, height, data };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Decodes a PNG or JPEG file to RGBA. Never throws. */
export function decodeImage(bytes: Uint8Array, name: string): IoResult<{ image: RgbaImage; format: 'png' | 'jpeg' }> {
  const header = readImageHeader(bytes, name);
  if (!header.ok) return header;
  if (header.format === 'webp') {
    return fail(
      name,
      'is a WebP image: it is decoded by the browser (the page does this; the CLI reads PNG, JPEG and .npy)',
    );
  }
  if (header.format === 'png') {
    let png: DecodedPng;
    try {
      png = decodePngData(bytes, { checkCrc: true });
    } catch (err) {
      return fail(name, `is a corrupt PNG (${errorText(err)})`);
    }
    const { samples, channels } = pngSamples(png);
    if (samples.length < png.width * png.height * channels)
      return fail(name, 'is a corrupt PNG (its image data is truncated)');
    return { ok: true, format: 'png', image: toRgba(samples, channels, png.width, png.height) };
  }
  try {
    const decoded = decodeJpegData(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_INPUT_PIXELS / 1e6,
      maxMemoryUsageInMB: 512,
    });
    return { ok: true, format: 'jpeg', image: { width: decoded.width, height: decoded.height, data: decoded.data } };
  } catch (err) {
    return fail(name, `is a corrupt JPEG (${errorText(err)})`);
  }
}
