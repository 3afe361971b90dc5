/** src/io .npy side: reader (dtypes, orders, byte orders, 3-D layouts), writer, value checks. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeNpy, parseNpy } from '../../src/io/npy.ts';
import { planeFromNpy } from '../../src/io/npyPlane.ts';
import { readLayer } from '../../src/io/load.ts';

type Descr = '<f4' | '>f4' | '<f8' | '>f8' | '|u1' | '|b1' | '<i8';

/** A .npy file as numpy writes it (version 1.0, header padded to 64 bytes); values in storage order. */
function npy(descr: Descr, shape: number[], values: number[], fortran = false): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${dims}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const size = { '<f4': 4, '>f4': 4, '<f8': 8, '>f8': 8, '|u1': 1, '|b1': 1, '<i8': 8 }[descr];
  const out = new Uint8Array(10 + header.length + size * values.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const v = new DataView(out.buffer);
  v.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const s = 10 + header.length;
  values.forEach((x, i) => {
    if (descr === '<f4' || descr === '>f4') v.setFloat32(s + 4 * i, x, descr === '<f4');
    else if (descr === '<f8' || descr === '>f8') v.setFloat64(s + 8 * i, x, descr === '<f8');
    else if (descr === '<i8') v.setBigInt64(s + 8 * i, BigInt(x), true);
    else v.setUint8(s + i, x);
  });
  return out;
}

function layer(bytes: Uint8Array, role: 'target' | 'pred' = 'pred', options = {}): number[] {
  const r = readLayer(bytes, 'a.npy', role, options);
  if (!r.ok) throw new Error(r.message);
  return Array.from(r.layer.plane.data);
}

function message(bytes: Uint8Array, role: 'target' | 'pred' = 'pred', options = {}): string {
  const r = readLayer(bytes, 'a.npy', role, options);
  if (r.ok) throw new Error('expected a failure');
  return r.message;
}

describe('.npy reader', () => {
  it('reads float32, float64 (both byte orders), uint8 and bool', () => {
    const v = [0, 0.25, 0.5, 1];
    for (const d of ['<f4', '>f4', '<f8', '>f8'] as const) expect(layer(npy(d, [2, 2], v))).toEqual(v);
    expect(layer(npy('|b1', [1, 3], [0, 1, 1]), 'target')).toEqual([0, 1, 1]);
    // uint8: a 0/1 mask stays 0/1; anything above 1 is 8-bit levels k / 255
    expect(layer(npy('|u1', [1, 2], [0, 1]), 'target')).toEqual([0, 1]);
    expect(layer(npy('|u1', [1, 3], [0, 51, 255]))).toEqual([0, Math.fround(51 / 255), 1]);
  });

  it('reads Fortran order as the same array', () => {
    // [[a, b, c], [d, e, f]] stored column by column: a d b e c f
    expect(layer(npy('<f4', [2, 3], [0.1, 0.4, 0.2, 0.5, 0.3, 0.6], true))).toEqual(
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map(Math.fround),
    );
  });

  it('3-D: the channel axis is the last if no longer than the first (HWC), else the first (CHW)', () => {
    // (4, 1, 3) HWC: pixel-major, channel c of pixel i at 3 i + c
    const hwc = npy(
      '<f4',
      [4, 1, 3],
      Array.from({ length: 12 }, (_, i) => i / 16),
    );
    expect(layer(hwc, 'pred', { channel: 1 })).toEqual([1, 4, 7, 10].map((i) => i / 16));
    // (2, 3, 4) CHW: channel 1 is the second 3 × 4 block
    const chw = npy(
      '<f4',
      [2, 3, 4],
      Array.from({ length: 24 }, (_, i) => i / 32),
    );
    expect(layer(chw, 'pred', { channel: 1 })).toEqual(Array.from({ length: 12 }, (_, i) => (12 + i) / 32));
    // an explicit layout overrides the rule
    expect(layer(hwc, 'pred', { channel: 0, layout: 'chw' })).toEqual([0, 1, 2].map((i) => i / 16));
    // one channel needs no choice; a 4-D batch of one is its item
    expect(layer(npy('<f4', [1, 2, 2], [0, 0.5, 0.5, 1]))).toEqual([0, 0.5, 0.5, 1]);
    expect(layer(npy('<f4', [1, 1, 2, 2], [0, 0.5, 0.5, 1]))).toEqual([0, 0.5, 0.5, 1]);
  });

  it('3-D with channels in Fortran order', () => {
    // shape (2, 2, 2) HWC, value = 100 h + 10 w + c, stored with the first axis fastest
    const values: number[] = [];
    for (let c = 0; c < 2; c++)
      for (let w = 0; w < 2; w++) for (let h = 0; h < 2; h++) values.push((100 * h + 10 * w + c) / 1000);
    const r = parseNpy(npy('<f8', [2, 2, 2], values, true), 'f.npy');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const plane = planeFromNpy(r.array, 'f.npy', { channel: 1 });
    expect(plane.ok && Array.from(plane.values)).toEqual([1, 11, 101, 111].map((x) => x / 1000));
    expect(plane.ok && plane.note).toBe('f.npy: shape (2, 2, 2) read as HWC, channel 1 of 2');
  });

  it('rejects each bad file with one message naming the file and the problem', () => {
    expect(message(npy('<i8', [2, 2], [0, 1, 1, 0]))).toBe(
      "a.npy: has dtype '<i8' (int64), which is not supported: use float32, float64, uint8 or bool (e.g. a.astype(np.float32))",
    );
    expect(message(npy('<f4', [4], [0, 0, 0, 0]))).toMatch(/^a\.npy: has shape \(4,\): expected 2-D \(H, W\)/);
    expect(message(npy('<f4', [2, 1, 2, 2], Array(8).fill(0)))).toMatch(/^a\.npy: has shape \(2, 1, 2, 2\)/);
    expect(message(npy('<f4', [2, 4, 4], Array(32).fill(0)))).toBe(
      'a.npy: has shape (2, 4, 4), read as CHW with 2 channels: choose one (channel 0 … 1)',
    );
    expect(message(npy('<f4', [2, 4, 4], Array(32).fill(0)), 'pred', { channel: 2 })).toBe(
      'a.npy: has 2 channels: channel 2 does not exist',
    );
    expect(message(npy('<f4', [2, 2], [0, 0.5, NaN, 1]))).toBe(
      'a.npy: contains 1 value that is not finite (NaN at row 1, column 0)',
    );
    expect(message(npy('<f4', [2, 2], [0, 1.5, 0.2, -3]))).toMatch(
      /^a\.npy: has 2 values outside \[0, 1\] \(first 1\.5 at row 0, column 1; range -3 … 1\.5\): probabilities must lie in \[0, 1\]; if these are logits/,
    );
    expect(message(npy('<f4', [1, 2], [0, 2]), 'target')).toMatch(
      /^a\.npy: has 1 value outside \[0, 1\].*for a label map choose a class value$/,
    );
    expect(message(npy('<f4', [1, 2], [0, 2]), 'target', { classValue: 5 })).toBe(
      'a.npy: has no pixel with class value 5',
    );
    expect(message(npy('<f4', [20000, 20000], []))).toMatch(
      /^a\.npy: has shape \(20000, 20000\), too large: at most 16384 on a side/,
    );
    expect(message(npy('<f4', [1, 16384, 16000], []))).toMatch(/^a\.npy: has shape \(1, 16384, 16000\), too large/);
    const zeros = npy('|u1', [6000, 6000], []);
    const big = new Uint8Array(zeros.length + 36e6); // zero data: allocated here, not by the reader
    big.set(zeros);
    expect(message(big)).toMatch(/^a\.npy: array is 6000 × 6000 \(height × width\), too large/);
    expect(message(npy('<f4', [2, 2], [0, 0, 0]))).toBe(
      'a.npy: is a truncated .npy file: shape (2, 2) needs 16 bytes of data, the file has 12',
    );
    const noDescr = npy('<f4', [1, 1], [0]);
    noDescr.set(
      Array.from("'dexcr'", (c) => c.charCodeAt(0)),
      11,
    );
    expect(message(noDescr)).toBe('a.npy: has a corrupt header (no dtype)');
  });

  it('logits go through σ; label maps give one class', () => {
    expect(layer(npy('<f8', [1, 3], [-2, 0, 3]), 'pred', { logits: true })).toEqual(
      [-2, 0, 3].map((z) => Math.fround(1 / (1 + Math.exp(-z)))),
    );
    expect(layer(npy('|u1', [1, 4], [0, 2, 1, 2]), 'target', { classValue: 2 })).toEqual([0, 1, 0, 1]);
  });
});

describe('.npy writer', () => {
  it('writes the header numpy writes (version 1.0, 64-byte aligned)', () => {
    const out = encodeNpy(new Float32Array(6), [2, 3]);
    const headerLength = new DataView(out.buffer).getUint16(8, true);
    expect(10 + headerLength).toBe(128);
    expect(new TextDecoder('latin1').decode(out.subarray(10, 10 + headerLength)).trimEnd()).toBe(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
    );
    expect(out.length).toBe(128 + 24);
  });

  it('round-trips any float32 array bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.float({ noNaN: false }), { minLength: 81, maxLength: 81 }),
        (h, w, xs) => {
          const data = Float32Array.from(xs.slice(0, h * w));
          const parsed = parseNpy(encodeNpy(data, [h, w]), 'x.npy');
          if (!parsed.ok) return false;
          const plane = planeFromNpy(parsed.array, 'x.npy');
          return (
            plane.ok &&
            plane.height === h &&
            plane.width === w &&
            Object.is(Float32Array.from(plane.values).toString(), data.toString()) &&
            Float32Array.from(plane.values).every((v, i) => Object.is(v, data[i]))
          );
        },
      ),
    );
  });
});
