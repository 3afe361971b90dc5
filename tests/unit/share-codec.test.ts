import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LOSSES, LOSS_IDS, defaultParams } from '../../src/core/registry.ts';
import type { LossId, ParamSet, ParamsByLoss } from '../../src/core/types.ts';
import { PRESETS, addNoise, blurLayer } from '../../src/scene/index.ts';
import { decodeBase64url, encodeBase64url } from '../../src/share/base64url.ts';
import { ALL_HIDE_FLAGS, HIDE_FLAGS, PARAM_HIDE_FLAGS, isHideFlag, paramHideFlag } from '../../src/share/hide.ts';
import {
  DEFAULT_VIEW,
  MAX_META_BYTES,
  MAX_URL_LENGTH,
  SHORT_LINK_LENGTH,
  type SharedScene,
  type SharedView,
} from '../../src/share/format.ts';
import { decodeScene } from '../../src/share/decode.ts';
import { describeWarnings } from '../../src/share/text.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { fillParams } from '../../src/core/registry.ts';
import { quantizePrediction, quantizeTarget } from '../../src/scene/levels.ts';
import { crc32 } from '../../src/share/crc32.ts';
import { inflateCapped } from '../../src/share/inflate.ts';
import { FILTERS, type FilterId, runFilter } from '../../src/share/planes.ts';
import { LEVELS, toLevels } from '../../src/scene/levels.ts';
import {
  RICH_PARAMS,
  deflate,
  editedPreset,
  paintedScene,
  plainMasks,
  problems,
  rawLink,
  scene,
} from './share-fixtures.ts';
import { squareGrid } from '../../src/scene/types.ts';

const PRESET_IDS = PRESETS.map((p) => p.id);

/** Bit-for-bit equality of two float32 arrays (distinguishes −0, compares NaN payloads). */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function expectRoundTrip(input: SharedScene, link: string): SharedScene {
  expect(link).toMatch(/^v=1&s=[A-Za-z0-9_-]+$/);
  const { scene: out, warnings } = decodeScene(link);
  expect(warnings).toEqual([]);
  expect(out).not.toBeNull();
  const s = out!;
  expect([s.height, s.width]).toEqual([input.height, input.width]);
  expect(sameBits(s.target, quantizeTarget(input.target))).toBe(true);
  expect(sameBits(s.pred, quantizePrediction(input.pred))).toBe(true);
  expect(fillParams(s.params)).toEqual(fillParams(input.params));
  expect(s.selected).toBe(input.selected);
  expect(s.view).toEqual({ ...DEFAULT_VIEW, ...input.view });
  expect(s.hide).toEqual(ALL_HIDE_FLAGS.filter((f) => input.hide.includes(f)));
  expect(problems({ scene: s, warnings })).toEqual([]);
  return s;
}

// ── quantisation ────────────────────────────────────────────────────────────────────────────────────

describe('quantizePrediction', () => {
  it('rounds to float32(k/255), clamps to [0, 1] and maps NaN to 0', () => {
    const q = quantizePrediction(Float32Array.from([0, 1, 0.5, 0.25, -3, 7, NaN, Infinity, -Infinity, 1 / 510, 0.999]));
    expect(Array.from(q)).toEqual([0, 1, LEVELS[128], LEVELS[64], 0, 1, 0, 1, 0, LEVELS[1], 1].map(Number));
  });

  it('is idempotent and always lands on one of the 256 levels, the nearest one', () => {
    fc.assert(
      fc.property(fc.float32Array({ minLength: 1, maxLength: 64 }), (arr) => {
        const q = quantizePrediction(arr);
        expect(sameBits(quantizePrediction(q), q)).toBe(true);
        for (let i = 0; i < arr.length; i++) {
          const v = arr[i]!;
          const k = toLevels(q)[i]!;
          expect(q[i]).toBe(LEVELS[k]);
          if (v >= 0 && v <= 1) expect(Math.abs(v * 255 - k)).toBeLessThanOrEqual(0.5);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('quantizeTarget keeps binary targets bit-exact and quantises soft ones', () => {
    const bin = Float32Array.from([0, 1, 1, 0]);
    expect(sameBits(quantizeTarget(bin), bin)).toBe(true);
    const soft = Float32Array.from([0, 0.3, 1, 0.5]);
    expect(sameBits(quantizeTarget(soft), quantizePrediction(soft))).toBe(true);
  });
});

// ── building blocks ─────────────────────────────────────────────────────────────────────────────────

describe('building blocks', () => {
  it('base64url round-trips any bytes and rejects characters outside the alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(Array.from(decodeBase64url(text)!)).toEqual(Array.from(bytes));
        expect(Buffer.from(bytes).toString('base64url')).toBe(text);
      }),
      { numRuns: 300 },
    );
    for (const bad of ['ab+c', 'ab/c', 'abc=', 'a', 'abcde', 'ab c', 'äbc', 'ab<c'])
      expect(decodeBase64url(bad)).toBeNull();
  });

  it('every filter is undone exactly, on any plane', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.uint8Array({ minLength: 81, maxLength: 81 }),
        fc.integer({ min: 0, max: 4 }),
        (size, bytes, f) => {
          const plane = bytes.subarray(0, size * size);
          const filtered = runFilter(plane, size, f as FilterId, true);
          expect(Array.from(runFilter(filtered, size, f as FilterId, false))).toEqual(Array.from(plane));
        },
      ),
      { numRuns: 300 },
    );
    expect(FILTERS).toHaveLength(5);
  });

  it('inflateCapped stops a bomb at the limit and reports corrupt data', () => {
    const bomb = deflate(new Uint8Array(16 << 20)); // 16 MiB of zeros in ~16 kB
    expect(bomb.length).toBeLessThan(20_000);
    const t0 = performance.now();
    expect(inflateCapped(bomb, 100_000)).toEqual({ ok: false, reason: 'too-large' });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(inflateCapped(Uint8Array.from([255, 255, 255, 255]), 100)).toMatchObject({ ok: false });
    expect(inflateCapped(bomb.subarray(0, 100), 1 << 30)).toEqual({ ok: false, reason: 'corrupt' });
    const ok = inflateCapped(deflate('hello'), 5);
    expect(ok.ok && new TextDecoder().decode(ok.bytes)).toBe('hello');
  });
});

// ── round trips ─────────────────────────────────────────────────────────────────────────────────────

const RICH_VIEW: SharedView = {
  gradientSpace: 'logit',
  scaleMode: 'shared',
  scaleKind: 'robust',
  theme: 'dark',
  showOutline: false,
  chartTab: 'focal-fig1',
  scaleExcluded: ['focal', 'hausdorff_dt'],
};
const RICH_HIDE = ['tools', 'presets', paramHideFlag('focal', 'gamma'), 'charts', 'tools'];

describe('round trips', () => {
  for (const size of [64, 128, 256]) {
    it(`every preset at ${size}: masks bit-exact, settings intact, with and without the preset base`, () => {
      for (const id of PRESET_IDS) {
        const input = scene(id, size, {
          params: RICH_PARAMS,
          selected: 'focal_tversky',
          view: RICH_VIEW,
          hide: RICH_HIDE,
        });
        const viaPreset = expectRoundTrip(input, encodeScene(input));
        expect(viaPreset.preset).toBe(id);
        const selfContained = expectRoundTrip(input, encodeScene(input, { presets: 'off' }));
        expect(selfContained.preset).toBeUndefined();
      }
    });
  }

  it('an edited preset is stored against the preset, exactly, without claiming to be the preset', () => {
    for (const id of ['one_missed', 'blurred_gt', 'uncertain']) {
      const input = editedPreset(id, 128);
      const link = encodeScene(input);
      const out = expectRoundTrip(input, link);
      expect(out.preset).toBeUndefined();
      expect(link.length).toBeLessThan(encodeScene(input, { presets: 'off' }).length);
    }
  });

  it('a preset hint at 512 is used; the default view, no params and no flags travel as nothing', () => {
    const input = scene('small_object', 512, { preset: 'small_object' });
    const link = encodeScene(input);
    expect(link.length).toBeLessThan(80);
    expect(expectRoundTrip(input, link).preset).toBe('small_object');
  });

  it('only non-default parameter values travel, and defaults given explicitly change nothing', () => {
    const full = Object.fromEntries(LOSS_IDS.map((id) => [id, defaultParams(id)])) as ParamsByLoss;
    const a = encodeScene(scene('empty', 64, { params: full }));
    const b = encodeScene(scene('empty', 64));
    expect(a).toBe(b);
    const out = decodeScene(
      encodeScene(scene('empty', 64, { params: { ...full, focal: { ...full.focal, gamma: 3 } } })),
    );
    expect(out.scene!.params).toEqual({ focal: { gamma: 3 } });
  });

  const arbParamSet = (id: LossId): fc.Arbitrary<ParamSet> => {
    const entries = LOSSES.find((l) => l.id === id)!.params.map((spec) => {
      let arb: fc.Arbitrary<number | boolean | null>;
      if (spec.kind === 'boolean') arb = fc.boolean();
      else if (spec.choices) arb = fc.constantFrom(...spec.choices);
      else {
        const num = fc.double({ min: spec.min, max: spec.max, noNaN: true, noDefaultInfinity: true });
        arb = spec.nullMeaning ? fc.oneof(num, fc.constant(null)) : num;
      }
      return [spec.key, arb] as const;
    });
    return fc.record(Object.fromEntries(entries), { requiredKeys: [] }) as fc.Arbitrary<ParamSet>;
  };
  const arbParams: fc.Arbitrary<ParamsByLoss> = fc.record(
    Object.fromEntries(LOSS_IDS.map((id) => [id, arbParamSet(id)])) as Record<LossId, fc.Arbitrary<ParamSet>>,
    { requiredKeys: [] },
  );
  const arbView: fc.Arbitrary<SharedView> = fc.record(
    {
      gradientSpace: fc.constantFrom('prob' as const, 'logit' as const),
      scaleMode: fc.constantFrom('per-loss' as const, 'shared' as const),
      scaleKind: fc.constantFrom('symlog' as const, 'robust' as const),
      theme: fc.constantFrom('light' as const, 'dark' as const),
      showOutline: fc.boolean(),
      chartTab: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,31}$/),
      scaleExcluded: fc.subarray([...LOSS_IDS], { minLength: 1 }),
    },
    { requiredKeys: ['gradientSpace', 'scaleMode'] },
  );

  it('random parameters, views, flags and masks (binary or soft targets) round-trip exactly', () => {
    const size = 64;
    const n = size * size;
    fc.assert(
      fc.property(
        arbParams,
        fc.constantFrom(...LOSS_IDS),
        arbView,
        fc.subarray([...ALL_HIDE_FLAGS]),
        fc.constantFrom(...PRESET_IDS),
        fc.constantFrom('preset', 'noise', 'soft-target', 'binary-noise'),
        fc.integer({ min: 1, max: 1000 }),
        (params, selected, view, hide, id, kind, seed) => {
          const base = scene(id, size);
          let { target, pred } = base;
          if (kind === 'noise') pred = addNoise(pred, 0.2, seed);
          if (kind === 'soft-target') target = blurLayer(target, squareGrid(size), 1 + (seed % 3));
          if (kind === 'binary-noise') target = addNoise(target, 0.5, seed).map((v) => (v > 0.5 ? 1 : 0));
          const input: SharedScene = { height: size, width: size, target, pred, params, selected, view, hide };
          expect(target).toHaveLength(n);
          expectRoundTrip(input, encodeScene(input));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('accepts the fragment with its #, a whole URL, and a link wrapped by a mail client', () => {
    const input = scene('shifted', 64, { selected: 'dice' });
    const link = encodeScene(input, { presets: 'off' });
    for (const form of [`#${link}`, `https://example.org/loss-explorer/?backend=wasm#${link}`, `  ${link}\n`]) {
      expect(decodeScene(form).scene?.selected).toBe('dice');
    }
    expect(decodeScene(`#${encodeURIComponent(link)}`).scene?.selected).toBe('dice');
    expect(decodeScene(`?${link}`).scene?.selected).toBe('dice');
    const wrapped = link.slice(0, 40) + '\r\n' + link.slice(40);
    expect(sameBits(decodeScene(wrapped).scene!.pred, quantizePrediction(input.pred))).toBe(true);
  });

  it('re-encoding after a slider move reuses the masks: only the settings change', () => {
    const input = scene('thin_vessel', 128);
    const a = decodeBase64url(encodeScene(input).slice(6))!;
    const b = decodeBase64url(encodeScene({ ...input, params: { dice: { smooth: 0.5 } } }).slice(6))!;
    const metaLen = (x: Uint8Array) => x[2]! | (x[3]! << 8);
    expect(Array.from(a.subarray(8 + metaLen(a)))).toEqual(Array.from(b.subarray(8 + metaLen(b))));
  });
});

// ── sizes ───────────────────────────────────────────────────────────────────────────────────────────

describe('link length', () => {
  it('typical 128² scenes stay well under 2,000 characters (table printed)', () => {
    const rows: { scene: string; 'link (chars)': number; 'self-contained (chars)': number }[] = [];
    const measure = (name: string, s: SharedScene) => {
      const link = encodeScene(s);
      const plain = encodeScene(s, { presets: 'off' });
      rows.push({ scene: name, 'link (chars)': link.length, 'self-contained (chars)': plain.length });
      return { link: link.length, plain: plain.length };
    };
    const settings = {
      params: { focal: { gamma: 3 }, tversky: { fp_weight: 0.5, fn_weight: 0.5 } },
      selected: 'tversky' as const,
      view: { gradientSpace: 'logit' as const, scaleMode: 'per-loss' as const },
      hide: ['tools', 'presets'],
    };
    for (const id of PRESET_IDS) expect(measure(id, scene(id, 128, settings)).link).toBeLessThan(300);
    expect(measure('one_missed + 1 stroke', { ...editedPreset('one_missed', 128), ...settings }).link).toBeLessThan(
      1000,
    );
    expect(measure('small_object + 1 stroke', { ...editedPreset('small_object', 128), ...settings }).link).toBeLessThan(
      1000,
    );
    // Painted from scratch with the default brushes: nothing to lean on but the pixels.
    expect(measure('painted (default brushes)', { ...paintedScene(128), ...settings }).plain).toBeLessThan(1500);
    console.log('Share link lengths at 128 × 128 (characters of the fragment "v=1&s=…"):');
    console.table(rows);
    for (const r of rows.slice(0, PRESET_IDS.length)) expect(r['link (chars)']).toBeLessThan(SHORT_LINK_LENGTH);
  });

  it('the longest possible link (512², noise, soft ground truth) stays under MAX_URL_LENGTH and decodes', () => {
    const size = 512;
    const n = size * size;
    let x = 12345;
    const rnd = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const target = Float32Array.from({ length: n }, rnd);
    const pred = Float32Array.from({ length: n }, rnd);
    const allParams = Object.fromEntries(
      LOSSES.map((l) => [
        l.id,
        Object.fromEntries(
          l.params.map((p) => [
            p.key,
            p.kind === 'boolean' ? !p.default : p.choices ? p.choices[p.choices.length - 1]! : p.max,
          ]),
        ),
      ]),
    ) as ParamsByLoss;
    const input: SharedScene = {
      height: size,
      width: size,
      target,
      pred,
      params: allParams,
      selected: 'structural',
      view: RICH_VIEW,
      hide: [...ALL_HIDE_FLAGS],
    };
    const link = encodeScene(input);
    expect(link.length).toBeLessThan(MAX_URL_LENGTH);
    expect(link.length).toBeGreaterThan(600_000);
    expectRoundTrip(input, link);
  });
});

// ── stability ───────────────────────────────────────────────────────────────────────────────────────

describe('stability of preset-based links', () => {
  // Links store an edited preset as its difference from the preset, so every preset must keep drawing
  // exactly these pixels (CRC-32 of the quantised target ‖ prediction). If this fails, a preset changed:
  // revert it, or give the new drawing a new id and keep the old one (docs/share-links.md).
  const PINNED: Record<string, [string, string, string, string]> = {
    perfect: ['d43a8fdf', '614eaa93', 'f406ba45', 'f93e24b3'],
    empty: ['87ab8972', 'd7cc0666', '983fe2fe', '515b5bc9'],
    all_foreground: ['b1e3ee69', '1593e333', '9103125b', '045cf893'],
    small_object: ['0f3e86f9', '7c55fa83', 'c56c741b', '1c0e91b1'],
    shifted: ['97098676', '87506df9', '3c2fcb96', 'd2de33ee'],
    thin_vessel: ['f0af1f78', '464c1429', '03239f63', 'cd3ca17f'],
    one_missed: ['66b04fe8', '061d336a', 'a6ac5e50', '7e621cbc'],
    uncertain: ['01cece7b', '72ad011f', '753a2bf5', '55694bb7'],
    overconfident_wrong: ['be03ea10', 'c1c28d94', '5f194a3f', '796c8724'],
    blurred_gt: ['c4ae83f2', 'b811d24c', '2f762cfd', 'e48ce715'],
  };
  it('every preset draws the pixels that existing links were made against', () => {
    expect(Object.keys(PINNED)).toEqual(PRESET_IDS);
    for (const p of PRESETS) {
      [64, 128, 256, 512].forEach((size, i) => {
        const s = p.build(size);
        expect(`${p.id}@${size}: ${crc32(toLevels(s.target), toLevels(s.pred)).toString(16).padStart(8, '0')}`).toBe(
          `${p.id}@${size}: ${PINNED[p.id]![i]}`,
        );
      });
    }
  });

  // Links made with format v1 as first released: they must decode to these masks and settings forever
  // (small_object at 64² with one soft stroke on the prediction, rich settings).
  const GOLDEN = [
    'v=1&s=AAKPABrOGkddzk0OwiAQBeC7zBq7MHHDVYxppoCldhDkR2Ma7u5AXXUH38C8t8EEEpJDotFPD6MyCCCmu1dIY36bmNYvWwC5HZBhRucQ5Hm4VLFPmyIFy_osRMx6UaZpehWMRoPMsZjKg0_fwFnk56XlqlbF9kcCMl80xrW55fM_9eQwAH9mukL2nlIrhxGd7PnDXulWf2MYBaNgFIyCUTAKRsEoGAWjYBSMglEwpIBxQYE5JwXatz94cHpKoAS5-gsegMDNtTk6LBToB4JD7S4CZLofCi4vjFNkJN2Ayh13YSbc3VFpTLIBjIpxCy_DHbGddAMYGARc2g_BDCggKxhZdHLW3qRAPxBIBE45Tab7oYDTvKCAAu2jgJ4AAA',
    'v=1&s=AACFABrOGkddjsEOAiEMRP-lZ9yDiRd-xRjTAC6bLYJQNGbDv1tYT3ubvmk7swGBhkc0SHd-u1zWLyhIoLcDFDBjCAj6PF2a2t1OkZIX-qxEgu1iXKflVTE7C5pzdU2Mz_ggWRTnhSXDiC5-LClgGSzmtXMv-p96CphAjgVdgWOk0sthxqBH_rRXurUfYxhCgPkAlH4AodmhNIwPoxkahpKvBhawjoJRMApGwbAGbGzs7Gxs5Gtn5-Ll4-FkJ9MENg5eSQ0dJWEudvL0s_PIOmeXRhsIc5LlADYOQZOKlZtmRipwk6lf1Hni3mMb8jV4yfIAG4ewVfOm3YuTlHnIC0B2XuXghu58azHy_A90gICSua2eJA8FESgozM9FrnZQAuLgoCQBglIwJbpHwSgYBcMZWJSW2vBRoH3P06cXZobJkqu_9CkI3NtUaMhJgX4gON7jKUqm-6HgxrJkNdLLSou6vY9gJjzaW2dBegGtlrzsBtwRe0g3gJVV1LPnOMyAUrKCkdOwcNM9CvQDgWzYzAtkuh8K-GxKSynQPgroCQA',
  ];
  it('golden v1 links (preset-based and self-contained) decode to the same masks and settings', () => {
    for (const link of GOLDEN) {
      const { scene: s, warnings } = decodeScene(link);
      expect(warnings).toEqual([]);
      expect(crc32(toLevels(s!.target), toLevels(s!.pred)).toString(16)).toBe('471ace1a');
      expect(s).toMatchObject({
        height: 64,
        width: 64,
        selected: 'focal_tversky',
        params: { focal_tversky: { gamma: 2.5 }, focal: { alpha: null }, dice: { squared: true } },
        view: { gradientSpace: 'logit', scaleMode: 'shared', theme: 'dark', chartTab: 'tversky-map' },
        hide: ['tools', 'param:focal.gamma'],
      });
      expect(s!.preset).toBeUndefined();
    }
  });

  it('a link made today decodes to the same masks', () => {
    const link = encodeScene(
      scene('one_missed', 64, { selected: 'dice', params: { dice: { smooth: 0 } }, hide: ['share'] }),
    );
    const out = decodeScene(link).scene!;
    expect(crc32(toLevels(out.target), toLevels(out.pred)).toString(16)).toBe('66b04fe8');
    expect(out).toMatchObject({
      preset: 'one_missed',
      selected: 'dice',
      params: { dice: { smooth: 0 } },
      hide: ['share'],
    });
  });
});

// ── rectangular scenes ──────────────────────────────────────────────────────────────────────────────

describe('H × W scenes', () => {
  const grid = (height: number, width: number, soft: boolean): SharedScene => {
    const n = height * width;
    const target = Float32Array.from({ length: n }, (_, i) =>
      soft ? ((i * 37) % 256) / 255 : i % width > width / 3 && Math.floor(i / width) < height / 2 ? 1 : 0,
    );
    const pred = Float32Array.from({ length: n }, (_, i) => ((i * 13 + 7) % 256) / 255);
    return {
      height,
      width,
      target,
      pred,
      params: { focal: { gamma: 3 } },
      selected: 'focal',
      view: { gradientSpace: 'prob', scaleMode: 'per-loss' },
      hide: [],
    };
  };

  it('travel with their height and width in meta d, bit for bit, binary or soft', () => {
    for (const [h, w] of [
      [24, 40],
      [40, 24],
      [1, 512],
      [512, 3],
      [300, 300],
      [7, 1],
    ] as const) {
      for (const soft of [false, true]) {
        const input = grid(h, w, soft);
        const { scene: out, warnings } = decodeScene(encodeScene(input));
        expect(warnings).toEqual([]);
        expect(out).toMatchObject({ height: h, width: w, selected: 'focal', params: { focal: { gamma: 3 } } });
        expect(sameBits(out!.target, quantizeTarget(input.target))).toBe(true);
        expect(sameBits(out!.pred, quantizePrediction(input.pred))).toBe(true);
        expect(out!.preset).toBeUndefined();
      }
    }
  });

  it('a square GRID_SIZES scene keeps its one-byte grid code (no meta d): old readers read it', () => {
    const link = encodeScene(scene('one_missed', 128));
    const bytes = decodeBase64url(link.slice(link.indexOf('s=') + 2))!;
    expect(bytes[0]).toBe(1);
    const rect = encodeScene(grid(24, 40, false));
    expect(decodeBase64url(rect.slice(rect.indexOf('s=') + 2))![0]).toBe(255);
  });

  it('refuses a grid code 255 without a valid meta d, and ignores d beside a size code', () => {
    const { masks, crc } = plainMasks(64);
    for (const meta of [{}, { d: [0, 10] }, { d: [513, 10] }, { d: [10.5, 10] }, { d: 'x' }, { d: [10, 10, 10] }]) {
      const r = decodeScene(rawLink({ sizeCode: 255, meta, masks, crc }));
      expect(r.scene).toBeNull();
      expect(r.warnings.join(' ')).toMatch(/grid size is missing|Loading the default scene/);
    }
    const ok = decodeScene(rawLink({ sizeCode: 0, meta: { d: [24, 40] }, masks, crc }));
    expect(ok.scene).toMatchObject({ height: 64, width: 64 });
    expect(ok.warnings).toEqual(['Ignored a second grid size in the link.']);
  });

  it('a rectangular scene whose masks hold the wrong number of pixels is refused', () => {
    const { masks, crc } = plainMasks(64); // 64² pixels, not 24 × 40
    expect(decodeScene(rawLink({ sizeCode: 255, meta: { d: [24, 40] }, masks, crc })).scene).toBeNull();
  });
});

// ── hide flags ──────────────────────────────────────────────────────────────────────────────────────

describe('classroom flags', () => {
  it('are unique, documented, and cover every parameter in the registry', () => {
    expect(new Set(ALL_HIDE_FLAGS).size).toBe(ALL_HIDE_FLAGS.length);
    for (const f of HIDE_FLAGS) {
      expect(f.id).toMatch(/^[a-z][a-z-]*$/);
      expect(f.label.length).toBeGreaterThan(0);
      expect(f.hides.endsWith('.')).toBe(true);
    }
    expect(PARAM_HIDE_FLAGS).toHaveLength(LOSSES.reduce((s, l) => s + l.params.length, 0));
    expect(isHideFlag('param:focal.gamma')).toBe(true);
    expect(isHideFlag('param:focal.nope')).toBe(false);
    expect(isHideFlag('param:nope.gamma')).toBe(false);
    const doc = readFileSync(new URL('../../docs/share-links.md', import.meta.url), 'utf8');
    for (const f of HIDE_FLAGS) expect(doc).toContain(`| \`${f.id}\` |`);
    expect(HIDE_FLAGS.map((f) => f.id)).toEqual([
      'presets',
      'paint-target',
      'paint-pred',
      'tools',
      'grid',
      'params',
      'conventions',
      'table',
      'heatmap',
      'metrics',
      'charts',
      'formula',
      'share',
    ]);
  });
});

// ── the encoder's contract ──────────────────────────────────────────────────────────────────────────

describe('encodeScene rejects scenes the app cannot have', () => {
  const ok = scene('empty', 64);
  const cases: [string, SharedScene][] = [
    ['size', { ...ok, height: 600, width: 600 }],
    ['length', { ...ok, pred: new Float32Array(10) }],
    ['selected', { ...ok, selected: 'nope' as LossId }],
    ['loss id', { ...ok, params: { nope: { a: 1 } } as unknown as ParamsByLoss }],
    ['key', { ...ok, params: { focal: { nope: 1 } } }],
    ['value', { ...ok, params: { focal: { gamma: 99 } } }],
    ['NaN', { ...ok, params: { focal: { gamma: NaN } } }],
    ['hide', { ...ok, hide: ['nope'] }],
    ['view', { ...ok, view: { gradientSpace: 'nope' as 'prob', scaleMode: 'shared' } }],
    ['chart', { ...ok, view: { ...DEFAULT_VIEW, chartTab: '<b>' } }],
    ['scale exclusion', { ...ok, view: { ...DEFAULT_VIEW, scaleExcluded: ['nope' as LossId] } }],
  ];
  for (const [name, s] of cases) it(name, () => expect(() => encodeScene(s)).toThrow(RangeError));
});

// ── every error class: a warning, never a throw ────────────────────────────────────────────────────

describe('decodeScene: every error class gives a warning and no throw', () => {
  const good = encodeScene(scene('one_missed', 64, { selected: 'dice', params: { focal: { gamma: 3 } } }), {
    presets: 'off',
  });
  const goodPreset = encodeScene(scene('one_missed', 64));
  const { masks, crc } = plainMasks();
  const meta = { l: 'dice' };
  const big = 'x'.repeat(MAX_URL_LENGTH + 1);

  /** [name, input, scene expected?, a word the warning must contain] */
  const cases: [string, string, 'null' | 'scene', RegExp][] = [
    ['not text', 42 as unknown as string, 'null', /not text/],
    ['too long', big, 'null', /too long/],
    ['no version', 's=abc', 'null', /no shared scene/],
    ['unrelated fragment', '#section-2', 'null', /no shared scene/],
    ['newer version', good.replace('v=1', 'v=2'), 'null', /version 2/],
    ['garbage version', good.replace('v=1', 'v=<script>'), 'null', /unknown version/],
    ['no data', 'v=1', 'null', /no scene data/],
    ['empty data', 'v=1&s=', 'null', /no scene data/],
    ['bad characters', 'v=1&s=ab+c/d==', 'null', /characters/],
    ['truncated header', good.slice(0, 12), 'null', /incomplete|cut off/],
    ['truncated masks', good.slice(0, good.length - 40), 'null', /damaged|incomplete/],
    ['truncated meta', rawLink({ meta, masks, crc, metaLength: 60000 }), 'null', /incomplete/],
    ['size code', rawLink({ sizeCode: 9, meta, masks, crc }), 'null', /grid size/],
    ['unknown filter', rawLink({ flags: 7 << 2, meta, masks, crc }), 'null', /encoding/],
    ['filter on a binary target', rawLink({ flags: 1 << 5, meta, masks, crc }), 'null', /encoding/],
    ['masks too large (bomb)', rawLink({ meta, masks: deflate(new Uint8Array(8 << 20)), crc }), 'null', /more data/],
    ['masks too small', rawLink({ meta, masks: deflate(new Uint8Array(100)), crc }), 'null', /damaged|incomplete/],
    ['masks missing', rawLink({ meta, crc }), 'null', /damaged|incomplete/],
    ['checksum', rawLink({ meta, masks, crc: crc ^ 1 }), 'null', /integrity/],
    ['preset residual without a preset', rawLink({ flags: 2, meta, crc }), 'null', /does not say which/],
    ['unknown preset', rawLink({ flags: 2, meta: { b: 'nope<i>' }, crc }), 'null', /does not have/],
    ['settings bomb', rawLink({ metaBytes: deflate(' '.repeat(4 << 20)), masks, crc }), 'scene', /larger than/],
    ['settings not JSON', rawLink({ meta: '{"l": "dice",', masks, crc }), 'scene', /not valid JSON/],
    [
      'settings not deflated',
      rawLink({ metaBytes: new TextEncoder().encode('{"l":"dice"}'), masks, crc }),
      'scene',
      /damaged/,
    ],
    [
      'settings not UTF-8',
      rawLink({ metaBytes: deflate(Uint8Array.from([0x7b, 0xff, 0x7d])), masks, crc }),
      'scene',
      /not valid JSON/,
    ],
    ['settings an array', rawLink({ meta: [1, 2], masks, crc }), 'scene', /not readable/],
    ['unknown setting', rawLink({ meta: { l: 'dice', zz: 1 }, masks, crc }), 'scene', /unknown setting/],
    ['unknown loss', rawLink({ meta: { p: { 'focal<script>': { gamma: 1 } } }, masks, crc }), 'scene', /unknown loss/],
    ['unknown key', rawLink({ meta: { p: { focal: { gama: 1 } } }, masks, crc }), 'scene', /unknown parameter/],
    ['Infinity', rawLink({ meta: '{"p":{"focal":{"gamma":1e999}}}', masks, crc }), 'scene', /finite/],
    ['NaN as null', rawLink({ meta: { p: { focal: { gamma: null } } }, masks, crc }), 'scene', /null/],
    ['negative', rawLink({ meta: { p: { focal: { gamma: -1 } } }, masks, crc }), 'scene', /must be in/],
    ['huge', rawLink({ meta: { p: { dice: { smooth: 1e300 } } }, masks, crc }), 'scene', /must be in/],
    ['wrong type', rawLink({ meta: { p: { dice: { squared: 'yes' } } }, masks, crc }), 'scene', /true or false/],
    ['not a choice', rawLink({ meta: { p: { structural: { window: 4 } } }, masks, crc }), 'scene', /one of/],
    ['params not an object', rawLink({ meta: { p: [1] }, masks, crc }), 'scene', /parameters/],
    ['selected unknown', rawLink({ meta: { l: '"><img src=x>' }, masks, crc }), 'scene', /selected loss/],
    ['selected wrong type', rawLink({ meta: { l: 5 }, masks, crc }), 'scene', /selected loss/],
    ['view value', rawLink({ meta: { w: { g: 'javascript:alert(1)' } }, masks, crc }), 'scene', /gradient/],
    ['view key', rawLink({ meta: { w: { zoom: 3 } }, masks, crc }), 'scene', /view setting/],
    ['view chart', rawLink({ meta: { w: { ch: '<svg onload=x>' } }, masks, crc }), 'scene', /chart/],
    ['scale exclusion id', rawLink({ meta: { w: { x: ['dice', '<b>'] } }, masks, crc }), 'scene', /unknown loss/],
    ['scale exclusion type', rawLink({ meta: { w: { x: 'dice' } }, masks, crc }), 'scene', /exclusion/],
    ['hide unknown', rawLink({ meta: { h: ['tools', 'everything', 7] }, masks, crc }), 'scene', /classroom flag/],
    ['hide not a list', rawLink({ meta: { h: 'tools' }, masks, crc }), 'scene', /classroom flags/],
    ['stray preset name', rawLink({ meta: { b: 'empty' }, masks, crc }), 'scene', /preset name/],
    ['unknown link field', `${good}&x<y>=1`, 'scene', /unknown link field/],
    ['repeated field', `${good}&v=2`, 'scene', /repeats/],
    ['damaged preset link', goodPreset.slice(0, -3), 'null', /damaged|incomplete|cut off|characters/],
  ];

  for (const [name, input, expected, word] of cases) {
    it(name, () => {
      let result: ReturnType<typeof decodeScene> | undefined;
      expect(() => (result = decodeScene(input))).not.toThrow();
      const r = result!;
      expect(problems(r)).toEqual([]);
      expect(r.warnings.length).toBeGreaterThan(0);
      expect(r.warnings.join(' ')).toMatch(word);
      if (expected === 'null') expect(r.scene).toBeNull();
      else expect(r.scene).not.toBeNull();
      for (const w of r.warnings) {
        expect(w).not.toMatch(/[<>]/);
        expect(w).not.toContain('script>');
        expect(w.length).toBeLessThan(300);
      }
    });
  }

  it('a shared-scale exclusion list keeps its known ids, once each, in registry order', () => {
    const { scene: s, warnings } = decodeScene(
      rawLink({ meta: { w: { x: ['hausdorff_dt', 'nope', 'bce', 'bce'] } }, masks, crc }),
    );
    expect(s!.view.scaleExcluded).toEqual(['bce', 'hausdorff_dt']);
    expect(warnings).toHaveLength(1);
  });

  it('an empty input is simply "no link": null scene, no warning', () => {
    for (const empty of ['', '#', '  ', 'https://example.org/app/'])
      expect(decodeScene(empty)).toEqual({ scene: null, warnings: [] });
  });

  it('a partial scene keeps what is valid: masks and good settings survive a bad parameter', () => {
    const { scene: s, warnings } = decodeScene(
      rawLink({
        meta: {
          l: 'focal',
          p: { focal: { gamma: 3, alpha: 7 }, dice: { squared: true } },
          w: { g: 'logit', zoom: 2 },
          h: ['tools', 'bogus'],
        },
        masks,
        crc,
      }),
    );
    expect(s).not.toBeNull();
    expect(s!.params).toEqual({ focal: { gamma: 3 }, dice: { squared: true } });
    expect(s!.view).toEqual({ gradientSpace: 'logit', scaleMode: 'per-loss' });
    expect(s!.hide).toEqual(['tools']);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/Focal loss: "alpha" must be in \[0, 1\], got 7; using the default \(0\.25\)/);
  });

  it('too many problems are summarised, not listed', () => {
    const p = { focal: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i])) };
    const { warnings } = decodeScene(rawLink({ meta: { p }, masks, crc }));
    expect(warnings).toHaveLength(12);
    expect(warnings[11]).toMatch(/29 more problems were ignored/);
  });

  it('the meta limit is what the docs say', () => {
    expect(MAX_META_BYTES).toBe(8192);
  });

  it('describeWarnings makes one notice', () => {
    expect(describeWarnings([])).toBeNull();
    expect(describeWarnings(['A.', 'B.', 'C.', 'D.'])).toBe('Shared link: A. B. C. (1 more problem.)');
    expect(describeWarnings(['<b>x</b>'])).not.toMatch(/[<>]/);
  });
});
