/**
 * NumPy .npy files (format versions 1.0–3.0): reading float32, float64, uint8 and bool arrays in C or
 * Fortran order, either byte order; writing float32 C-order arrays (what np.load reads back as is).
 * Reading checks the header against the bytes; values are read lazily through a DataView.
 */
import type { IoResult } from './types.ts';
import { fail, plural } from './types.ts';
import { MAX_INPUT_PIXELS, MAX_INPUT_SIDE } from './limits.ts';

/** A few channels of the largest plane. */
const MAX_NPY_ELEMENTS = 4 * MAX_INPUT_PIXELS;

export type NpyDtype = 'float32' | 'float64' | 'uint8' | 'bool';

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  fortranOrder: boolean;
  littleEndian: boolean;
  /** The data section: shape.product × itemSize bytes. */
  view: DataView;
}

const DESCRS: Record<string, { dtype: NpyDtype; littleEndian: boolean }> = {
  '<f4': { dtype: 'float32', littleEndian: true },
  '>f4': { dtype: 'float32', littleEndian: false },
  '<f8': { dtype: 'float64', littleEndian: true },
  '>f8': { dtype: 'float64', littleEndian: false },
  '|u1': { dtype: 'uint8', littleEndian: true },
  '<u1': { dtype: 'uint8', littleEndian: true },
  '>u1': { dtype: 'uint8', littleEndian: true },
  '|b1': { dtype: 'bool', littleEndian: true },
};

/** numpy's names for descriptors people meet, for the error message. */
const KNOWN_NAMES: Record<string, string> = {
  f2: 'float16',
  i1: 'int8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  u2: 'uint16',
  u4: 'uint32',
  u8: 'uint64',
  c8: 'complex64',
  c16: 'complex128',
};

export const ITEM_SIZE: Record<NpyDtype, number> = { float32: 4, float64: 8, uint8: 1, bool: 1 };

const MAGIC = '\x93NUMPY';

function describeDescr(descr: string): string {
  const name = KNOWN_NAMES[descr.slice(1)];
  return name ? `'${descr}' (${name})` : `'${descr}'`;
}

/** Parses the header dict, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }. */
function parseHeader(text: string): { descr: string; fortranOrder: boolean; shape: number[] } | string {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr) {
    if (/'descr'\s*:\s*\[/.test(text)) return 'has a structured dtype (record fields): save one plain array';
    return 'has a corrupt header (no dtype)';
  }
  if (!fortran || !shape) return 'has a corrupt header (no fortran_order or shape)';
  const dims = (shape[1] as string)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (!dims.every((d) => /^\d+$/.test(d))) return `has a corrupt header (shape "(${shape[1]})")`;
  return { descr: descr[1] as string, fortranOrder: fortran[1] === 'True', shape: dims.map(Number) };
}

export function parseNpy(bytes: Uint8Array, name: string): IoResult<{ array: NpyArray }> {
  if (bytes.length < 10 || String.fromCharCode(...bytes.subarray(0, 6)) !== MAGIC)
    return fail(name, 'is not a NumPy .npy file (no \\x93NUMPY signature)');
  const major = bytes[6] as number;
  if (major < 1 || major > 3) return fail(name, `is a .npy file of format version ${major}, not 1, 2 or 3`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) return fail(name, 'is a truncated .npy file (no header)');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) return fail(name, 'is a truncated .npy file (the header runs past the end)');
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(8 + lengthBytes, dataStart),
  );
  const header = parseHeader(headerText);
  if (typeof header === 'string') return fail(name, header);
  const kind = DESCRS[header.descr];
  if (!kind) {
    return fail(
      name,
      `has dtype ${describeDescr(header.descr)}, which is not supported: use float32, float64, uint8 or bool (e.g. a.astype(np.float32))`,
    );
  }
  const count = header.shape.reduce((a, b) => a * b, 1);
  // Before the length check: a huge shape is "too large", whatever the file holds.
  if (header.shape.some((d) => d > MAX_INPUT_SIDE) || count > MAX_NPY_ELEMENTS) {
    return fail(
      name,
      `has shape (${header.shape.join(', ')}), too large: at most ${MAX_INPUT_SIDE} on a side and ${MAX_NPY_ELEMENTS.toLocaleString('en-US')} values in all`,
    );
  }
  const needed = count * ITEM_SIZE[kind.dtype];
  if (bytes.length - dataStart < needed) {
    return fail(
      name,
      `is a truncated .npy file: shape (${header.shape.join(', ')}) needs ${plural(needed, 'byte')} of data, the file has ${bytes.length - dataStart}`,
    );
  }
  return {
    ok: true,
    array: {
      dtype: kind.dtype,
      shape: header.shape,
      fortranOrder: header.fortranOrder,
      littleEndian: kind.littleEndian,
      view: new DataView(bytes.buffer, bytes.byteOffset + dataStart, needed),
    },
  };
}

/** The value at flat element index `i` (in storage order). */
export function npyValueAt(a: NpyArray, i: number): number {
  switch (a.dtype) {
    case 'float32':
      return a.view.getFloat32(4 * i, a.littleEndian);
    case 'float64':
      return a.view.getFloat64(8 * i, a.littleEndian);
    case 'uint8':
      return a.view.getUint8(i);
    case 'bool':
      return a.view.getUint8(i) !== 0 ? 1 : 0;
  }
}

/** Storage strides (in elements) of an array's axes. */
export function npyStrides(a: NpyArray): number[] {
  const strides = new Array<number>(a.shape.length);
  let s = 1;
  if (a.fortranOrder) {
    for (let k = 0; k < a.shape.length; k++) {
      strides[k] = s;
      s *= a.shape[k] as number;
    }
  } else {
    for (let k = a.shape.length - 1; k >= 0; k--) {
      strides[k] = s;
      s *= a.shape[k] as number;
    }
  }
  return strides;
}

/** A float32 H × W array as a version 1.0 .npy file (C order, little-endian; header padded to 64 bytes). */
export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new RangeError(`encodeNpy: shape (${shape.join(', ')}) has ${count} elements, data has ${data.length}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + 4 * count);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const start = 10 + header.length;
  for (let i = 0; i < count; i++) view.setFloat32(start + 4 * i, data[i] as number, true);
  return out;
}
