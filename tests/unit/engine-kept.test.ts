/**
 * What the host path keeps across predictions (host/pixelCache.ts: per-pixel terms, per-row partial sums,
 * pure gradient maps; host/structural.ts: the structural loss's pieces per cut-off) never leaks into a
 * result: every evaluation's maps are its own arrays, unchanged by later evaluations, and a long stroke
 * with the default parameters gives the bits a fresh engine gives.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/core/tf.ts';
import { LossEngine } from '../../src/core/engine.ts';
import { LOSS_IDS } from '../../src/core/registry.ts';
import { PixelTermCache } from '../../src/core/host/pixelCache.ts';
import type { Box } from '../../src/core/host/pixelCache.ts';

tf.enableProdMode();

/** A disc of ground truth and a soft prediction near it, n × n. */
function scene(n: number): { g: Float32Array; p: Float32Array } {
  const g = new Float32Array(n * n);
  const p = new Float32Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      g[y * n + x] = Math.hypot(x - 0.4 * n, y - 0.45 * n) < 0.25 * n ? 1 : 0;
      const e = Math.hypot(x - 0.45 * n, y - 0.5 * n) / (0.27 * n);
      p[y * n + x] = Math.fround(
        Math.min(0.99, Math.max(0.01, 1 / (1 + Math.exp(5 * (e - 1))) + 0.04 * Math.sin(x * 0.9 + y * 0.4))),
      );
    }
  }
  return { g, p };
}

/** A square dab of `value` at (cx, cy), clipped to the grid. */
function dab(pred: Float32Array, n: number, cx: number, cy: number, r: number, value: number): void {
  for (let y = Math.max(0, cy - r); y < Math.min(n, cy + r); y++) {
    for (let x = Math.max(0, cx - r); x < Math.min(n, cx + r); x++) pred[y * n + x] = value;
  }
}

describe('host path: kept state and the results handed out', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('every evaluation returns its own maps, and a later one leaves them unchanged', () => {
    const n = 24;
    const { g, p } = scene(n);
    const engine = new LossEngine({ path: 'host' });
    engine.setTarget(g, n, n);
    const first = engine.evaluate(p, {}, { gradient: 'prob' });
    const copies = Object.fromEntries(LOSS_IDS.map((id) => [id, Float32Array.from(first.gradients[id] ?? [])]));
    const same = engine.evaluate(p, {}, { gradient: 'prob' }); // unchanged prediction: every cache hits
    const moved = Float32Array.from(p);
    dab(moved, n, 8, 8, 3, 0.9);
    const next = engine.evaluate(moved, {}, { gradient: 'logit' });
    const buffers = new Set<ArrayBufferLike>();
    for (const id of LOSS_IDS) {
      for (const ev of [first, same, next]) {
        const map = ev.gradients[id] as Float32Array;
        expect(map.byteOffset, id).toBe(0);
        expect(map.buffer.byteLength, id).toBe(n * n * 4); // a buffer of its own: safe to transfer
        expect(buffers.has(map.buffer), id).toBe(false);
        buffers.add(map.buffer);
      }
      expect(Array.from(first.gradients[id] ?? []), id).toEqual(Array.from(copies[id] ?? []));
      expect(Array.from(same.gradients[id] ?? []), id).toEqual(Array.from(copies[id] ?? []));
    }
    engine.dispose();
  });

  it("a 40-dab stroke with the default parameters gives a fresh engine's bits at every dab", () => {
    const n = 40;
    const { g, p } = scene(n);
    const kept = new LossEngine({ path: 'host' });
    kept.setTarget(g, n, n);
    const pred = Float32Array.from(p);
    kept.evaluate(pred, {}, { gradient: 'prob' });
    for (let k = 0; k < 40; k++) {
      // Dabs on and off the mask, soft and hard, some at the border: masks, cut-offs and maxima move.
      dab(pred, n, (k * 7) % n, (k * 11) % n, 1 + (k % 4), [0.9, 0.1, 0.3, 1, 0][k % 5] as number);
      const fresh = new LossEngine({ path: 'host' });
      fresh.setTarget(g, n, n);
      const a = kept.evaluate(pred, {}, { gradient: 'prob' });
      const b = fresh.evaluate(pred, {}, { gradient: 'prob' });
      for (const id of LOSS_IDS) {
        expect(a.values[id], `${id} at dab ${k}`).toBe(b.values[id]);
        expect(Array.from(a.gradients[id] ?? []), `${id} at dab ${k}`).toEqual(Array.from(b.gradients[id] ?? []));
      }
      fresh.dispose();
    }
    kept.dispose();
  });
});

describe('host path: thresholded masks and distance transforms kept across dabs', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it("losses that need the masks asked for on some dabs only still get a fresh engine's bits", () => {
    const n = 32;
    const { g, p } = scene(n);
    const kept = new LossEngine({ path: 'host' });
    kept.setTarget(g, n, n);
    const pred = Float32Array.from(p);
    // shape_aware thresholds the mask without its transforms; hausdorff_dt needs both; dice needs neither.
    const subsets = [
      ['hausdorff_dt'],
      ['dice'],
      ['shape_aware'],
      ['hausdorff_dt', 'shape_aware'],
      ['shape_aware'],
      ['hausdorff_dt'],
    ] as const;
    for (let k = 0; k < 30; k++) {
      dab(pred, n, (k * 5) % n, (k * 13) % n, 2 + (k % 3), k % 3 ? 0.9 : 0);
      const losses = subsets[k % subsets.length] as readonly ('hausdorff_dt' | 'dice' | 'shape_aware')[];
      const fresh = new LossEngine({ path: 'host' });
      fresh.setTarget(g, n, n);
      const a = kept.evaluate(pred, {}, { losses, gradient: 'prob' });
      const b = fresh.evaluate(pred, {}, { losses, gradient: 'prob' });
      for (const id of losses) {
        expect(a.values[id], `${id} at dab ${k}`).toBe(b.values[id]);
        expect(Array.from(a.gradients[id] ?? []), `${id} at dab ${k}`).toEqual(Array.from(b.gradients[id] ?? []));
      }
      fresh.dispose();
    }
    kept.dispose();
  });

  it('a new grid with the same pixel count starts its masks afresh', () => {
    const kept = new LossEngine({ path: 'host' });
    const g = Float32Array.from({ length: 96 }, (_, i) => (i % 7 < 3 ? 1 : 0));
    const p = Float32Array.from({ length: 96 }, (_, i) => Math.fround(((i * 37) % 96) / 96));
    for (const [h, w] of [
      [8, 12],
      [12, 8],
      [6, 16],
    ] as const) {
      kept.setTarget(g, h, w);
      const fresh = new LossEngine({ path: 'host' });
      fresh.setTarget(g, h, w);
      const a = kept.evaluate(p, {}, { gradient: 'prob' });
      const b = fresh.evaluate(p, {}, { gradient: 'prob' });
      for (const id of LOSS_IDS) {
        expect(a.values[id], `${id} on ${h} × ${w}`).toBe(b.values[id]);
        expect(Array.from(a.gradients[id] ?? []), `${id} on ${h} × ${w}`).toEqual(Array.from(b.gradients[id] ?? []));
      }
      fresh.dispose();
    }
    kept.dispose();
  });
});

describe('PixelTermCache: row sums and maps do not depend on the history of changes', () => {
  const h = 9;
  const w = 7;
  /** Deterministic pseudo-random numbers. */
  function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }

  it('after random box edits, equal a cache built on the final values', () => {
    const next = rng(7);
    const values = Float64Array.from({ length: h * w }, () => next());
    const kept = new PixelTermCache();
    kept.advance(null, h, w);
    const sums = (cache: PixelTermCache, reach: number) =>
      cache.rowSums(
        `Σ x, Σ x²:${reach}`,
        2,
        (rows, y0, y1) => {
          for (let y = y0; y < y1; y++) {
            let a = 0;
            let b = 0;
            for (let x = 0; x < w; x++) {
              // A term that reads the rows `reach` away, as the structural loss's window does.
              const up = values[Math.max(0, y - reach) * w + x] as number;
              a += values[y * w + x] as number;
              b += (values[y * w + x] as number) * up;
            }
            rows[2 * y] = a;
            rows[2 * y + 1] = b;
          }
        },
        reach,
      );
    const map = (cache: PixelTermCache) =>
      cache.map('x/3', (out, box) => {
        for (let y = box.y0; y < box.y1; y++)
          for (let x = box.x0; x < box.x1; x++) out[y * w + x] = (values[y * w + x] as number) / 3;
      });
    sums(kept, 0);
    sums(kept, 2);
    map(kept);
    for (let step = 0; step < 40; step++) {
      const y0 = Math.floor(next() * h);
      const x0 = Math.floor(next() * w);
      const box: Box = {
        y0,
        y1: Math.min(h, y0 + 1 + Math.floor(next() * 3)),
        x0,
        x1: Math.min(w, x0 + 1 + Math.floor(next() * 3)),
      };
      const v = next() < 0.3 ? 1e-12 : next() * 1e6; // tiny and huge values: no running subtraction
      for (let y = box.y0; y < box.y1; y++) for (let x = box.x0; x < box.x1; x++) values[y * w + x] = v;
      kept.advance(box, h, w);
      const fresh = new PixelTermCache();
      fresh.advance(null, h, w);
      // Asked every other step: the skipped change's box must be refilled too.
      if (step % 2 === 0) continue;
      expect(Array.from(sums(kept, 0))).toEqual(Array.from(sums(fresh, 0)));
      expect(Array.from(sums(kept, 2))).toEqual(Array.from(sums(fresh, 2)));
      expect(Array.from(map(kept))).toEqual(Array.from(map(fresh)));
    }
  });
});
