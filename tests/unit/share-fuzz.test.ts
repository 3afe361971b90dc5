/**
 * 1,000 hostile share links: each must decode, without throwing or hanging, to null or a valid scene
 * with on-screen-safe warnings.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LOSSES, LOSS_IDS } from '../../src/core/registry.ts';
import { blurLayer, squareGrid } from '../../src/scene/index.ts';
import { decodeBase64url, encodeBase64url } from '../../src/share/base64url.ts';
import { ALL_HIDE_FLAGS } from '../../src/share/hide.ts';
import { decodeScene } from '../../src/share/decode.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { deflate, editedPreset, plainMasks, problems, rawLink, scene } from './share-fixtures.ts';

const HOSTILE = [
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE x; --",
  '\u0000\u0007\u001b[31m',
  '\u202e\u2028\u2029',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ 名前',
  '__proto__',
  'constructor',
  'toString',
  '%3Cscript%3E',
  '&v=2&s=',
  '#',
  '../../etc/passwd',
  'A'.repeat(5000),
];
const JSON_TOKENS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '-1',
  '1e308',
  '-0',
  '0',
  '"3"',
  'true',
  'false',
  'null',
  '[]',
  '{}',
  '"<script>alert(1)</script>"',
  '1e-400',
  '0.5',
  '4',
  '[1,2]',
  '{"a":{"b":{}}}',
];

// A pool of valid links of every kind to truncate and mutate.
const VALID = [
  encodeScene(
    scene('one_missed', 64, {
      selected: 'dice',
      params: { focal: { gamma: 3 } },
      hide: ['tools', 'param:focal.gamma'],
    }),
  ),
  encodeScene(
    scene('one_missed', 64, {
      view: { gradientSpace: 'logit', scaleMode: 'shared', theme: 'dark', chartTab: 'pixel-curves' },
    }),
    { presets: 'off' },
  ),
  encodeScene(
    { ...scene('blurred_gt', 64), target: blurLayer(scene('empty', 64).target, squareGrid(64), 2) },
    { presets: 'off' },
  ),
  encodeScene(editedPreset('uncertain', 64)),
  encodeScene(scene('thin_vessel', 128), { presets: 'off' }),
  encodeScene(scene('small_object', 128, { params: { tversky: { fp_weight: 0.5 } } })),
];
const { masks: MASKS, crc: CRC } = plainMasks();
// Zip-bomb-like sections, built once: far more output than a 64² (or any) scene holds.
const BOMBS = [
  deflate(new Uint8Array(4 << 20)),
  deflate(new Uint8Array(4608 + 1)),
  deflate(new Uint8Array(2 * 512 * 512 + 100).fill(7)),
  deflate(new TextEncoder().encode(`{"l":"dice"${' '.repeat(1 << 20)}}`)),
  deflate(new TextEncoder().encode(`${'['.repeat(4000)}${']'.repeat(4000)}`)),
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const lossIdLike = fc.oneof(fc.constantFrom(...LOSS_IDS), hostileString);
const keyLike = fc.oneof(fc.constantFrom(...LOSSES.flatMap((l) => l.params.map((p) => p.key))), hostileString);
const valueToken = fc.oneof(
  fc.constantFrom(...JSON_TOKENS),
  fc.double().map((d) => (Number.isFinite(d) ? String(d) : 'null')),
  hostileString.map((s) => JSON.stringify(s)),
);

/** The settings JSON as text, assembled from hostile parts (may be invalid JSON on purpose). */
const metaText = fc.oneof(
  fc
    .tuple(lossIdLike, keyLike, valueToken)
    .map(([id, key, v]) => `{"p":{${JSON.stringify(id)}:{${JSON.stringify(key)}:${v}}}}`),
  fc.tuple(lossIdLike, valueToken).map(([id, v]) => `{"l":${JSON.stringify(id)},"p":${v}}`),
  fc
    .tuple(
      hostileString,
      fc.oneof(
        valueToken,
        hostileString.map((s) => JSON.stringify(s)),
      ),
    )
    .map(([k, v]) => `{"w":{${JSON.stringify(k)}:${v}}}`),
  fc
    .array(fc.oneof(fc.constantFrom(...ALL_HIDE_FLAGS), hostileString), { maxLength: 30 })
    .map((h) => JSON.stringify({ h })),
  fc.tuple(hostileString, valueToken).map(([k, v]) => `{${JSON.stringify(k)}:${v}}`),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }), // invalid JSON, validly compressed
  fc.constantFrom(
    '{"l":"dice",',
    '{"p":{"focal":{"gamma":NaN}}}',
    '{"p":{"focal":{"gamma":Infinity}}}',
    '\uFEFF{}',
    '{"__proto__":{"l":"dice"}}',
  ),
);

const truncated = fc.constantFrom(...VALID).chain((link) =>
  fc
    .oneof(
      fc.integer({ min: 0, max: link.length }),
      fc.integer({ min: 0, max: 24 }), // inside "v=1&s=" and the header
      fc.integer({ min: Math.max(0, link.length - 12), max: link.length }), // the last bytes of the masks
    )
    .map((cut) => link.slice(0, cut)),
);

const mutated = fc
  .tuple(fc.constantFrom(...VALID), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.integer({ min: 1, max: 4 }))
  .map(([link, at, xor, count]) => {
    // Flip bytes inside the container and re-encode: valid base64, corrupt content.
    const bytes = decodeBase64url(link.slice(6))!;
    for (let i = 0; i < count; i++) {
      const pos = (at + i * 7919) % bytes.length;
      bytes[pos] = bytes[pos]! ^ xor;
    }
    return `v=1&s=${encodeBase64url(bytes)}`;
  });

const charSwapped = fc
  .tuple(fc.constantFrom(...VALID), fc.nat(), fc.constantFrom(...HOSTILE, 'A', '-', '_', '=', '%', '&', ' ', '+', '/'))
  .map(([link, at, ch]) => {
    const pos = at % link.length;
    return link.slice(0, pos) + ch + link.slice(pos + 1);
  });

const wrongVersion = fc
  .tuple(
    fc.oneof(hostileString, fc.integer().map(String), fc.constantFrom('0', '2', '01', '1.0', ' 1', '')),
    fc.constantFrom(...VALID),
  )
  .map(([v, link]) => `v=${v}&${link.slice(4)}`);

const header = fc.record({
  sizeCode: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 4, max: 255 })),
  flags: fc.integer({ min: 0, max: 255 }),
  metaLength: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
  crc: fc.oneof(fc.constant(CRC), fc.integer({ min: 0, max: 0xffffffff })),
});

const craftedHeader = fc
  .tuple(header, fc.oneof(metaText, fc.constant('{}')), fc.constantFrom(MASKS, ...BOMBS, new Uint8Array(0)))
  .map(([h, meta, masks]) => rawLink({ ...h, meta, masks }));

const hostileSettings = metaText.map((meta) => rawLink({ meta, masks: MASKS, crc: CRC }));
const hostileResidual = metaText.map((meta) => rawLink({ flags: 2, meta, crc: CRC }));
const bombs = fc
  .tuple(fc.constantFrom(...BOMBS), fc.boolean())
  .map(([bomb, inMeta]) =>
    inMeta
      ? rawLink({ metaBytes: bomb, masks: MASKS, crc: CRC })
      : rawLink({ meta: { l: 'dice' }, masks: bomb, crc: CRC }),
  );
const randomBytes = fc.uint8Array({ maxLength: 2000 }).map((b) => `v=1&s=${encodeBase64url(b)}`);
const randomText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .array(fc.tuple(hostileString, hostileString), { maxLength: 8 })
    .map((kv) => kv.map(([k, v]) => `${k}=${v}`).join('&')),
  fc.tuple(hostileString, fc.constantFrom(...VALID)).map(([s, link]) => `${link}&${s}`),
  fc.tuple(hostileString, fc.constantFrom(...VALID)).map(([s, link]) => `${s}#${link}`),
);

const hostileInput = fc.oneof(
  truncated,
  mutated,
  charSwapped,
  wrongVersion,
  craftedHeader,
  hostileSettings,
  hostileResidual,
  bombs,
  randomBytes,
  randomText,
);

describe('share links under attack', () => {
  it('1,000 hostile inputs: no throw, null or a valid scene, safe warnings, no hang', () => {
    let total = 0;
    let slowest = 0;
    let scenes = 0;
    fc.assert(
      fc.property(hostileInput, (input) => {
        const t0 = performance.now();
        const result = decodeScene(input);
        const dt = performance.now() - t0;
        total += dt;
        slowest = Math.max(slowest, dt);
        if (result.scene) scenes++;
        expect(problems(result)).toEqual([]);
        for (const w of result.warnings) {
          expect(w).not.toMatch(/[<>]/);
          // No long echo of the input: nothing from a link is quoted beyond a 24-character excerpt.
          expect(w).not.toMatch(/[A-Za-z0-9_-]{60,}/);
        }
      }),
      { numRuns: 1000 },
    );
    console.log(
      `1,000 hostile links: ${total.toFixed(0)} ms in all, slowest ${slowest.toFixed(1)} ms, ${scenes} decoded to a (partial) scene`,
    );
    expect(total).toBeLessThan(10_000);
    expect(slowest).toBeLessThan(2_000);
  });

  it('every valid link still decodes cleanly (the pool is really valid)', () => {
    for (const link of VALID) expect(decodeScene(link).warnings).toEqual([]);
  });
});
