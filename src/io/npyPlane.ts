/**
 * One H × W plane out of a .npy array. 2-D arrays are the plane. 3-D arrays hold channels: the layout
 * is HWC (channel last, as images) or CHW (channel first, as PyTorch); when not given it is read from
 * the shape: the channel axis is the last one if it is no longer than the first, else the first
 * ((256, 256, 3) → HWC, (2, 256, 256) → CHW). A 4-D array with a leading axis of 1 (a batch of one,
 * NCHW or NHWC) is read as its 3-D item.
 */
import type { IoResult } from './types.ts';
import { fail, plural } from './types.ts';
import type { NpyArray } from './npy.ts';
import { npyStrides, npyValueAt } from './npy.ts';
import { sizeProblem } from './limits.ts';

export type ChannelLayout = 'hwc' | 'chw';

export interface PlaneChoice {
  /** Which channel of a 3-D array; needed when it has more than one. */
  channel?: number;
  /** Overrides the layout read from the shape. */
  layout?: ChannelLayout;
}

export interface NpyLayout {
  height: number;
  width: number;
  /** 1 for a 2-D array. */
  channels: number;
  layout: ChannelLayout | null;
  /** Axes of (height, width, channel) in the stored array; channel -1 for 2-D. */
  axes: [number, number, number];
}

const shapeText = (shape: readonly number[]): string => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

/** How an array is read as planes (for a channel picker), or why it cannot be. */
export function npyLayout(a: NpyArray, name: string, layout?: ChannelLayout): IoResult<{ info: NpyLayout }> {
  const shape = a.shape;
  const offset = shape.length === 4 && shape[0] === 1 ? 1 : 0;
  const dims = shape.slice(offset);
  let info: NpyLayout;
  if (dims.length === 2) {
    info = {
      height: dims[0] as number,
      width: dims[1] as number,
      channels: 1,
      layout: null,
      axes: [offset, offset + 1, -1],
    };
  } else if (dims.length === 3) {
    const [a0, , a2] = dims as [number, number, number];
    const chosen = layout ?? (a2 <= a0 ? 'hwc' : 'chw');
    info =
      chosen === 'hwc'
        ? {
            height: dims[0] as number,
            width: dims[1] as number,
            channels: a2,
            layout: 'hwc',
            axes: [offset, offset + 1, offset + 2],
          }
        : {
            height: dims[1] as number,
            width: dims[2] as number,
            channels: a0,
            layout: 'chw',
            axes: [offset + 1, offset + 2, offset],
          };
  } else {
    return fail(
      name,
      `has shape ${shapeText(shape)}: expected 2-D (H, W), 3-D (H, W, C) or (C, H, W), or 4-D with a leading 1`,
    );
  }
  const problem = sizeProblem(info.height, info.width);
  if (problem) return fail(name, `array ${problem}`);
  return { ok: true, info };
}

/** The chosen plane's values in float64 (row-major H × W), with a sentence on how it was read. */
export function planeFromNpy(
  a: NpyArray,
  name: string,
  choice: PlaneChoice = {},
): IoResult<{ height: number; width: number; values: Float64Array; note: string | null }> {
  const read = npyLayout(a, name, choice.layout);
  if (!read.ok) return read;
  const { height, width, channels, layout, axes } = read.info;
  let channel = choice.channel;
  if (channel === undefined) {
    if (channels > 1) {
      return fail(
        name,
        `has shape ${shapeText(a.shape)}, read as ${layout?.toUpperCase()} with ${channels} channels: choose one (channel 0 … ${channels - 1})`,
      );
    }
    channel = 0;
  }
  if (!Number.isInteger(channel) || channel < 0 || channel >= channels) {
    return fail(name, `has ${plural(channels, 'channel')}: channel ${channel} does not exist`);
  }
  const strides = npyStrides(a);
  const rs = strides[axes[0]] as number;
  const cs = strides[axes[1]] as number;
  const base = axes[2] >= 0 ? channel * (strides[axes[2]] as number) : 0;
  const values = new Float64Array(height * width);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) values[r * width + c] = npyValueAt(a, base + r * rs + c * cs);
  }
  const note =
    layout === null
      ? null
      : `${name}: shape ${shapeText(a.shape)} read as ${layout.toUpperCase()}, channel ${channel} of ${channels}`;
  return { ok: true, height, width, values, note };
}
