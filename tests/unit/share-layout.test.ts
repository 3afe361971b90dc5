/** The page layout travels in the link's view (`ly`): presentation or full; absent means automatic. */
import { describe, expect, it } from 'vitest';
import { decodeScene } from '../../src/share/decode.ts';
import { encodeScene } from '../../src/share/encode.ts';
import { scene } from './share-fixtures.ts';

describe('layout in the link', () => {
  it('round-trips presentation and full; absent stays absent', () => {
    for (const layout of ['presentation', 'full'] as const) {
      const link = encodeScene(
        scene('perfect', 64, { view: { gradientSpace: 'prob', scaleMode: 'per-loss', layout } }),
      );
      const { scene: got, warnings } = decodeScene(link);
      expect(warnings).toEqual([]);
      expect(got!.view.layout).toBe(layout);
    }
    expect(decodeScene(encodeScene(scene('perfect', 64))).scene!.view.layout).toBeUndefined();
  });

  it('refuses to encode an unknown layout', () => {
    expect(() =>
      encodeScene(
        scene('perfect', 64, { view: { gradientSpace: 'prob', scaleMode: 'per-loss', layout: 'big' as never } }),
      ),
    ).toThrow(/layout/);
  });
});
