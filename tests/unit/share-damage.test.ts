/**
 * A link that fails its checksum is refused as damaged, never decoded into other masks; whitespace inside
 * `s`, raw or as the address bar percent-encodes it, is dropped (docs/share-links.md).
 */
import { describe, expect, it } from 'vitest';
import { decodeScene } from '../../src/share/decode.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { quantizePrediction, quantizeTarget } from '../../src/scene/levels.ts';
import { editedPreset, scene } from './share-fixtures.ts';

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('damaged links', () => {
  it.each([
    ['a preset with a stroke (preset residual)', () => editedPreset('one_missed', 64)],
    ['a bare preset (empty residual)', () => scene('shifted', 64)],
  ])('%s: every one-character change is refused or gives the very same masks', (_name, make) => {
    const input = make();
    const link = encodeScene(input);
    const target = quantizeTarget(input.target);
    const pred = quantizePrediction(input.pred);
    const start = link.indexOf('s=') + 2;
    let refusedAsDamaged = 0;
    for (let i = start; i < link.length; i++) {
      const c = link[i]!;
      const other = ALPHABET[(ALPHABET.indexOf(c) + 1 + (i % 7)) % ALPHABET.length]!;
      const { scene: got, warnings } = decodeScene(link.slice(0, i) + other + link.slice(i + 1));
      if (got === null) {
        expect(warnings.length, `position ${i}: refused without a word`).toBeGreaterThan(0);
        if (warnings.some((w) => /damaged/.test(w))) refusedAsDamaged++;
        continue;
      }
      // A change in the settings may decode (with its own warning); the masks must be the ones shared.
      expect(sameBits(got.target, target) && sameBits(got.pred, pred), `position ${i}: decoded into other masks`).toBe(
        true,
      );
      expect(warnings.join(' ')).not.toMatch(/drawn differently/);
    }
    expect(refusedAsDamaged).toBeGreaterThan(0);
  });

  it('the warning says the link is damaged and loads nothing of it', () => {
    const link = encodeScene(editedPreset('one_missed', 64));
    const i = link.length - 3;
    const flipped = link.slice(0, i) + (link[i] === 'A' ? 'B' : 'A') + link.slice(i + 1);
    const { scene: got, warnings } = decodeScene(flipped);
    expect(got).toBeNull();
    expect(warnings.join(' ')).toMatch(/damaged/);
  });
});

describe('whitespace inside a link', () => {
  const input = editedPreset('small_object', 64);
  const link = encodeScene(input, { presets: 'off' });
  const pred = quantizePrediction(input.pred);
  const at = (k: number) => link.indexOf('s=') + 2 + k;
  it.each([
    ['a line break', link.slice(0, at(30)) + '\n' + link.slice(at(30))],
    ['spaces and a tab', link.slice(0, at(10)) + ' \t ' + link.slice(at(10), at(50)) + '  ' + link.slice(at(50))],
    ['%20 (the address bar’s encoding of a space)', link.slice(0, at(20)) + '%20' + link.slice(at(20))],
    ['%0A%0D', link.slice(0, at(20)) + '%0D%0A' + link.slice(at(20))],
    ['a break after &', link.replace('&s=', '&\n s=')],
  ])('%s is dropped', (_name, wrapped) => {
    const { scene: got, warnings } = decodeScene(`#${wrapped}`);
    expect(warnings).toEqual([]);
    expect(sameBits(got!.pred, pred)).toBe(true);
  });
});
