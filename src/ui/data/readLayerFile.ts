/**
 * A dropped, pasted or chosen file as a layer, through the src/io decoders. The one browser-only part is
 * WebP: src/io checks its header (size limits), then the browser decodes it (createImageBitmap) and the
 * pixels take the same path as a PNG's. Never throws: every failure is one message naming the file.
 */
import type { IoResult, LoadedLayer, ReadLayerOptions, RgbaImage, Rgb } from '../../io/index.ts';
import { decodeImage, detectFormat, labelColours, layerFromImage, readImageHeader, readLayer } from '../../io/index.ts';
import type { Layer } from '../../scene/types.ts';
import type { ImportOptions } from '../../state/dataStore.ts';

export interface ReadFileResult {
  layer: LoadedLayer;
}

/** "#rrggbb" → [r, g, b]. */
export function hexToRgb(hex: string): Rgb {
  const v = Number.parseInt(hex.replace(/^#/, ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function ioOptions(layer: Layer, o: ImportOptions): ReadLayerOptions {
  const targetMode =
    o.targetMode === 'class'
      ? { mode: 'class' as const, color: hexToRgb(o.classColor) }
      : { mode: o.targetMode, threshold: o.threshold };
  return layer === 'target'
    ? {
        targetMode,
        ...(o.classValue !== null ? { classValue: o.classValue } : {}),
        ...(o.channel !== null ? { channel: o.channel } : {}),
      }
    : { logits: o.logits, ...(o.channel !== null ? { channel: o.channel } : {}) };
}

async function decodeWebp(bytes: Uint8Array, name: string): Promise<IoResult<{ image: RgbaImage }>> {
  const header = readImageHeader(bytes, name);
  if (!header.ok) return header;
  try {
    const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: 'image/webp' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D context');
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    return { ok: true, image: ctx.getImageData(0, 0, canvas.width, canvas.height) };
  } catch {
    return { ok: false, message: `${name}: is a corrupt WebP (the browser could not decode it)` };
  }
}

export interface ReadOutcome {
  result: IoResult<ReadFileResult>;
  /** The colours of an image read in class mode (for the colour picker), else null. */
  colors: { hex: string; count: number }[] | null;
}

export async function readLayerFile(
  bytes: Uint8Array,
  name: string,
  layer: Layer,
  options: ImportOptions,
): Promise<ReadOutcome> {
  const format = detectFormat(bytes);
  const opts = ioOptions(layer, options);
  if (format === 'npy' || format === null) return { result: readLayer(bytes, name, layer, opts), colors: null };
  const decoded = format === 'webp' ? await decodeWebp(bytes, name) : decodeImage(bytes, name);
  if (!decoded.ok) return { result: decoded, colors: null };
  const classMode = layer === 'target' && options.targetMode === 'class';
  const colors = classMode ? labelColours(decoded.image).colours.map((c) => ({ hex: c.hex, count: c.count })) : null;
  return { result: layerFromImage(decoded.image, name, layer, opts, format), colors };
}
