/** src/io image side: format sniffing, header size limits, PNG/JPEG decoding, ground truth and prediction from pixels. */
import { describe, expect, it } from 'vitest';
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { decodeImage } from '../../src/io/image.ts';
import { detectFormat, readImageHeader } from '../../src/io/sniff.ts';
import { labelColours, predictionFromImage, targetFromImage } from '../../src/io/fromImage.ts';
import { readLayer } from '../../src/io/load.ts';
import type { RgbaImage } from '../../src/io/types.ts';

function rgba(width: number, height: number, px: (i: number) => [number, number, number, number]): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(px(i), 4 * i);
  return { width, height, data };
}

/** A PNG signature and IHDR claiming width × height, with no image data. */
function pngHeaderOnly(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
  const v = new DataView(b.buffer);
  v.setUint32(16, width);
  v.setUint32(20, height);
  b.set([8, 0, 0, 0, 0], 24);
  return b;
}

/** SOI, an APP0 segment, then a SOF0 frame header claiming width × height. */
function jpegHeaderOnly(width: number, height: number): Uint8Array {
  const b = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  const v = new DataView(b.buffer);
  v.setUint16(13, height);
  v.setUint16(15, width);
  return b;
}

function webpVp8xHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(30);
  b.set(
    Array.from('RIFF', (c) => c.charCodeAt(0)),
    0,
  );
  b.set(
    Array.from('WEBPVP8X', (c) => c.charCodeAt(0)),
    8,
  );
  const w = width - 1;
  const h = height - 1;
  b.set([w & 255, (w >> 8) & 255, (w >> 16) & 255, h & 255, (h >> 8) & 255, (h >> 16) & 255], 24);
  return b;
}

describe('format and header checks', () => {
  it('detects formats by content, not by name', () => {
    expect(detectFormat(pngHeaderOnly(2, 2))).toBe('png');
    expect(detectFormat(jpegHeaderOnly(2, 2))).toBe('jpeg');
    expect(detectFormat(webpVp8xHeader(2, 2))).toBe('webp');
    expect(detectFormat(new TextEncoder().encode('hello, world'))).toBeNull();
  });

  it('reads sizes from PNG, JPEG and WebP headers', () => {
    expect(readImageHeader(pngHeaderOnly(300, 200), 'a.png')).toEqual({
      ok: true,
      format: 'png',
      width: 300,
      height: 200,
    });
    expect(readImageHeader(jpegHeaderOnly(640, 480), 'a.jpg')).toEqual({
      ok: true,
      format: 'jpeg',
      width: 640,
      height: 480,
    });
    expect(readImageHeader(webpVp8xHeader(1000, 10), 'a.webp')).toEqual({
      ok: true,
      format: 'webp',
      width: 1000,
      height: 10,
    });
  });

  it.each([
    ['huge.png', pngHeaderOnly(20000, 20000)],
    ['huge.jpg', jpegHeaderOnly(20000, 20000)],
    ['huge.webp', webpVp8xHeader(20000, 20000)],
  ])('rejects a 20,000 × 20,000 %s from its header alone', (name, bytes) => {
    const r = decodeImage(bytes, name);
    expect(r).toEqual({
      ok: false,
      message: expect.stringMatching(
        new RegExp(`^${name.replace('.', '\\.')}: .* is 20000 × 20000 \\(height × width\\), too large`),
      ),
    });
    if (name.endsWith('.webp')) expect(readImageHeader(bytes, name).ok).toBe(false);
  });

  it('names the file and the problem for non-images and corrupt files', () => {
    const text = decodeImage(new TextEncoder().encode('not an image at all'), 'notes.png');
    expect(text).toEqual({
      ok: false,
      message: expect.stringMatching(/^notes\.png: is not a PNG, JPEG or WebP image/),
    });

    const good = encodePng({ width: 4, height: 4, data: new Uint8Array(16).fill(200), depth: 8, channels: 1 });
    const flipped = good.slice();
    flipped[flipped.length - 20] = (flipped[flipped.length - 20] as number) ^ 0xff; // inside IDAT: the CRC no longer matches
    expect(decodeImage(flipped, 'mask.png')).toEqual({
      ok: false,
      message: expect.stringMatching(/^mask\.png: is a corrupt PNG \(.*CRC/),
    });
    expect(decodeImage(good.subarray(0, 40), 'cut.png')).toEqual({
      ok: false,
      message: expect.stringMatching(/^cut\.png: is a corrupt PNG/),
    });
    expect(decodeImage(pngHeaderOnly(4, 4).subarray(0, 20), 'short.png')).toEqual({
      ok: false,
      message: 'short.png: is a corrupt PNG (no IHDR header after the signature)',
    });
    expect(decodeImage(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), 'empty.jpg')).toEqual({
      ok: false,
      message: expect.stringMatching(/^empty\.jpg: is a corrupt JPEG/),
    });
    expect(decodeImage(webpVp8xHeader(4, 4), 'pic.webp')).toEqual({
      ok: false,
      message: expect.stringMatching(/^pic\.webp: is a WebP image: it is decoded by the browser/),
    });
  });
});

describe('PNG decoding', () => {
  it('gray 8-bit, gray + alpha, RGB and RGBA to RGBA', () => {
    const gray = decodeImage(
      encodePng({ width: 2, height: 1, data: new Uint8Array([0, 77]), depth: 8, channels: 1 }),
      'g.png',
    );
    expect(gray.ok && Array.from(gray.image.data)).toEqual([0, 0, 0, 255, 77, 77, 77, 255]);
    const ga = decodeImage(
      encodePng({ width: 1, height: 1, data: new Uint8Array([9, 100]), depth: 8, channels: 2 }),
      'ga.png',
    );
    expect(ga.ok && Array.from(ga.image.data)).toEqual([9, 9, 9, 100]);
    const rgb = decodeImage(
      encodePng({ width: 1, height: 1, data: new Uint8Array([1, 2, 3]), depth: 8, channels: 3 }),
      'c.png',
    );
    expect(rgb.ok && Array.from(rgb.image.data)).toEqual([1, 2, 3, 255]);
    const rgbaPng = decodeImage(
      encodePng({ width: 1, height: 1, data: new Uint8Array([1, 2, 3, 4]), depth: 8, channels: 4 }),
      'a.png',
    );
    expect(rgbaPng.ok && Array.from(rgbaPng.image.data)).toEqual([1, 2, 3, 4]);
  });

  it('16-bit, 1-bit and palette PNGs', () => {
    const wide = decodeImage(
      encodePng({ width: 3, height: 1, data: new Uint16Array([0, 257 * 128, 65535]), depth: 16, channels: 1 }),
      'w.png',
    );
    expect(wide.ok && [wide.image.data[0], wide.image.data[4], wide.image.data[8]]).toEqual([0, 128, 255]);
    // 1 bit per pixel, width 5 (rows padded to a byte): 1 0 1 0 1 / 0 1 0 1 0
    const bits = decodeImage(
      encodePng({ width: 5, height: 2, data: new Uint8Array([0b10101000, 0b01010000]), depth: 1, channels: 1 }),
      'b.png',
    );
    expect(bits.ok && Array.from({ length: 10 }, (_, i) => bits.image.data[4 * i])).toEqual([
      255, 0, 255, 0, 255, 0, 255, 0, 255, 0,
    ]);
    const pal = decodeImage(
      encodePng({
        width: 3,
        height: 1,
        data: new Uint8Array([0, 1, 2]),
        depth: 8,
        channels: 1,
        palette: [
          [255, 0, 0],
          [0, 0, 255],
          [0, 255, 0],
        ],
      }),
      'p.png',
    );
    expect(pal.ok && Array.from(pal.image.data)).toEqual([255, 0, 0, 255, 0, 0, 255, 255, 0, 255, 0, 255]);
  });
});

describe('JPEG decoding', () => {
  it('decodes a baseline JPEG to RGBA of its size', () => {
    const img = rgba(16, 8, () => [128, 128, 128, 255]);
    const jpg = encodeJpeg({ width: 16, height: 8, data: Buffer.from(img.data) }, 95).data;
    const r = decodeImage(new Uint8Array(jpg), 'photo.jpg');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.format, r.image.width, r.image.height, r.image.data.length]).toEqual(['jpeg', 16, 8, 16 * 8 * 4]);
    for (let i = 0; i < 16 * 8; i++) expect(Math.abs((r.image.data[4 * i] as number) - 128)).toBeLessThanOrEqual(2);
  });
});

describe('layers from pixels', () => {
  // 4 pixels: black, mid gray 128, white, transparent red
  const img = rgba(
    4,
    1,
    (i) =>
      (
        [
          [0, 0, 0, 255],
          [128, 128, 128, 255],
          [255, 255, 255, 255],
          [255, 0, 0, 0],
        ] as const
      )[i] as [number, number, number, number],
  );

  it('thresholds luminance (strictly above) or alpha, optionally inverted', () => {
    expect(Array.from(targetFromImage(img, { mode: 'luminance' }).data)).toEqual([0, 1, 1, 0]); // red: luma 76 < 127.5
    expect(Array.from(targetFromImage(img, { mode: 'luminance', threshold: 0.9 }).data)).toEqual([0, 0, 1, 0]);
    expect(Array.from(targetFromImage(img, { mode: 'luminance', invert: true }).data)).toEqual([1, 0, 0, 1]);
    expect(Array.from(targetFromImage(img, { mode: 'alpha' }).data)).toEqual([1, 1, 1, 0]);
  });

  it('picks one class colour of a label map, and lists the colours', () => {
    const labels = rgba(
      5,
      1,
      (i) =>
        (
          [
            [0, 0, 0, 255],
            [255, 0, 0, 255],
            [255, 0, 0, 255],
            [0, 128, 0, 255],
            [255, 0, 0, 255],
          ] as const
        )[i] as [number, number, number, number],
    );
    expect(Array.from(targetFromImage(labels, { mode: 'class', color: [255, 0, 0] }).data)).toEqual([0, 1, 1, 0, 1]);
    expect(labelColours(labels)).toEqual({
      tooMany: false,
      colours: [
        { color: [255, 0, 0], hex: '#ff0000', count: 3 },
        { color: [0, 0, 0], hex: '#000000', count: 1 },
        { color: [0, 128, 0], hex: '#008000', count: 1 },
      ],
    });
    const photo = rgba(300, 1, (i) => [i % 256, Math.floor(i / 256), 0, 255]);
    expect(labelColours(photo)).toEqual({ colours: [], tooMany: true });
  });

  it('reads a prediction as gray level / 255 (luma for colour pixels)', () => {
    expect(Array.from(predictionFromImage(img).data)).toEqual([0, Math.fround(128 / 255), 1, Math.fround(76 / 255)]);
  });

  it('a class colour that is absent is an error naming the file', () => {
    const png = encodePng({ width: 2, height: 1, data: new Uint8Array([0, 0, 0, 9, 9, 9]), depth: 8, channels: 3 });
    expect(readLayer(png, 'labels.png', 'target', { targetMode: { mode: 'class', color: [1, 2, 3] } })).toEqual({
      ok: false,
      message: 'labels.png: has no pixel of colour rgb(1, 2, 3)',
    });
  });
});
