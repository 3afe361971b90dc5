/** The shared colour scale: which loss sets it, and leaving losses out of it (they keep their own scale). */
import { describe, expect, it } from 'vitest';
import { LOSS_IDS } from '../../src/core/registry.ts';
import type { LossId } from '../../src/core/types.ts';
import type { Results } from '../../src/state/types.ts';
import { createAppStore } from '../../src/state/store.ts';
import { mapScale, sharedMapScale } from '../../src/ui/heatmaps.ts';
import { scaleFor, widestScale } from '../../src/ui/scale.ts';

/** Results whose maps have known magnitudes: loss k's map holds ±(k + 1), Hausdorff's ±1e4. */
function fakeResults(): Results {
  const n = 16;
  const gradients: Partial<Record<LossId, Float32Array>> = {};
  LOSS_IDS.forEach((id, k) => {
    const m = id === 'hausdorff_dt' ? 1e4 : k + 1;
    gradients[id] = Float32Array.from({ length: n * n }, (_, i) => (i % 2 ? m : -m * (i / (n * n))));
  });
  return { gradients, sceneRev: 1, params: {}, space: 'prob', height: n, width: n, size: n } as unknown as Results;
}

describe('shared colour scale', () => {
  it('names the loss whose range it is', () => {
    const r = fakeResults();
    const { scale, setBy } = sharedMapScale(r, 'symlog');
    expect(setBy).toBe('hausdorff_dt');
    expect(scale.max).toBe(1e4);
    expect(widestScale([scaleFor([0], 'symlog')])).toBe(-1);
  });

  it('leaving the widest out: the next one sets it, and the left-out map keeps its own scale', () => {
    const r = fakeResults();
    const { scale, setBy } = sharedMapScale(r, 'symlog', ['hausdorff_dt']);
    const last = LOSS_IDS.filter((l) => l !== 'hausdorff_dt').at(-1)!;
    expect(setBy).toBe(last);
    expect(scale.max).toBe(LOSS_IDS.indexOf(last) + 1);
    expect(mapScale(r, 'bce', 'symlog', 'shared', ['hausdorff_dt']).max).toBe(scale.max);
    expect(mapScale(r, 'hausdorff_dt', 'symlog', 'shared', ['hausdorff_dt']).max).toBe(1e4);
    expect(mapScale(r, 'bce', 'symlog', 'per-loss', ['hausdorff_dt']).max).toBe(1);
  });

  it('the store keeps the left-out losses in registry order, without duplicates', () => {
    const store = createAppStore();
    const s = store.getState();
    s.setScaleExcluded('structural', true);
    s.setScaleExcluded('hausdorff_dt', true);
    s.setScaleExcluded('hausdorff_dt', true);
    expect(store.getState().scaleExcluded).toEqual(['hausdorff_dt', 'structural']);
    s.setScaleExcluded('hausdorff_dt', false);
    expect(store.getState().scaleExcluded).toEqual(['structural']);
  });
});
