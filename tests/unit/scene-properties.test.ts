import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { Brush, DirtyRect, Scene } from '../../src/scene/index.ts';
import {
  History,
  addNoise,
  applyTemperature,
  beginStroke,
  blurLayer,
  drawShape,
  isBinaryLayer,
  resampleScene,
  shiftLayer,
  stampStroke,
} from '../../src/scene/index.ts';
import { squareGrid } from '../../src/scene/types.ts';

const size = fc.integer({ min: 1, max: 24 });
/** Coordinates on, near and far off the grid, including awkward values. */
const coord = fc.oneof(
  fc.double({ min: -30, max: 60, noNaN: true }),
  fc.constantFrom(0, 0.5, 1, -0.5, 1e9, -1e9, Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE),
);
const point = fc.record({ x: coord, y: coord });
const unit = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(-1, 2, Number.NaN));
const brush: fc.Arbitrary<Brush> = fc.record({
  radius: fc.oneof(fc.double({ min: 0, max: 40, noNaN: true }), fc.constantFrom(Number.NaN, -3, 1e6)),
  value: unit,
  hardness: unit,
  opacity: unit,
  erase: fc.boolean(),
});

function layerOf(n: number, values: number[], binary: boolean): Float32Array {
  const l = new Float32Array(n * n);
  for (let i = 0; i < l.length; i++) {
    const v = values[i % Math.max(1, values.length)] ?? 0;
    l[i] = binary ? (v > 0.5 ? 1 : 0) : v;
  }
  return l;
}
const values = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 });

function inUnit(l: Float32Array): boolean {
  return l.every((v) => v >= 0 && v <= 1);
}

/** Every changed pixel lies in the rectangle, and null means nothing changed. */
function rectCovers(before: Float32Array, after: Float32Array, n: number, rect: DirtyRect | null): boolean {
  for (let i = 0; i < after.length; i++) {
    if (Object.is(before[i], after[i])) continue;
    if (!rect) return false;
    const col = i % n,
      row = Math.floor(i / n);
    if (col < rect.x0 || col >= rect.x1 || row < rect.y0 || row >= rect.y1) return false;
  }
  return (
    !rect || (rect.x0 >= 0 && rect.y0 >= 0 && rect.x1 <= n && rect.y1 <= n && rect.x0 < rect.x1 && rect.y0 < rect.y1)
  );
}

describe('scene properties', () => {
  it('stampStroke keeps every value in [0, 1], never NaN, binary stays binary, and the rect is honest', () => {
    fc.assert(
      fc.property(
        size,
        values,
        point,
        point,
        brush,
        fc.boolean(),
        fc.boolean(),
        (n, vals, a, b, br, binary, useStroke) => {
          const l = layerOf(n, vals, binary);
          const before = Float32Array.from(l);
          const stroke = useStroke ? beginStroke(l) : undefined;
          const rect = stampStroke(l, squareGrid(n), a, b, br, binary, stroke);
          return inUnit(l) && (!binary || isBinaryLayer(l)) && rectCovers(before, l, n, rect);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('drawShape keeps every value in [0, 1], never NaN, binary stays binary, and the rect is honest', () => {
    fc.assert(
      fc.property(
        size,
        values,
        fc.constantFrom('rect' as const, 'ellipse' as const),
        point,
        point,
        brush,
        fc.boolean(),
        (n, vals, kind, a, b, br, binary) => {
          const l = layerOf(n, vals, binary);
          const before = Float32Array.from(l);
          const rect = drawShape(l, squareGrid(n), kind, a, b, br, binary);
          return inUnit(l) && (!binary || isBinaryLayer(l)) && rectCovers(before, l, n, rect);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('temperature stays in [0, 1] and keeps the order of the pixels', () => {
    fc.assert(
      fc.property(
        values,
        fc.oneof(fc.double({ min: -1, max: 50, noNaN: true }), fc.constant(Number.POSITIVE_INFINITY)),
        (vals, t) => {
          const sorted = Float32Array.from(vals).sort();
          const out = applyTemperature(sorted, t);
          for (let i = 1; i < out.length; i++) if (out[i]! < out[i - 1]!) return false;
          return inUnit(out);
        },
      ),
    );
  });

  it('noise, blur and shift stay in [0, 1] on any input, NaN included', () => {
    fc.assert(
      fc.property(
        size,
        fc.array(fc.oneof(fc.double(), fc.constant(Number.NaN)), { minLength: 1, maxLength: 30 }),
        fc.double({ min: -1, max: 3, noNaN: true }),
        fc.integer(),
        fc.integer({ min: -30, max: 30 }),
        (n, vals, amount, seed, d) => {
          const l = layerOf(n, vals, false);
          return (
            inUnit(addNoise(l, amount, seed)) &&
            inUnit(blurLayer(l, squareGrid(n), Math.abs(amount) * 3)) &&
            inUnit(shiftLayer(l, squareGrid(n), d, -d, amount))
          );
        },
      ),
    );
  });

  it('shifting and shifting back restores every pixel that stayed on the grid', () => {
    fc.assert(
      fc.property(size, values, fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }), (n, vals, dx, dy) => {
        const l = layerOf(n, vals, false);
        const back = shiftLayer(shiftLayer(l, squareGrid(n), dx, dy), squareGrid(n), -dx, -dy);
        for (let row = 0; row < n; row++) {
          for (let col = 0; col < n; col++) {
            const kept = col + dx >= 0 && col + dx < n && row + dy >= 0 && row + dy < n;
            if (kept && back[row * n + col] !== l[row * n + col]) return false;
          }
        }
        return true;
      }),
    );
  });

  it('resampling keeps values in [0, 1] and a binary target binary', () => {
    fc.assert(
      fc.property(size, size, values, values, (n, m, tv, pv) => {
        const s: Scene = { height: n, width: n, target: layerOf(n, tv, true), pred: layerOf(n, pv, false) };
        const r = resampleScene(s, squareGrid(m));
        return r.height === m && r.width === m && isBinaryLayer(r.target) && inUnit(r.pred) && r.pred.length === m * m;
      }),
    );
  });

  it('History behaves like a bounded pair of stacks', () => {
    type Op = { kind: 'push' | 'undo' | 'redo'; v: number };
    const op: fc.Arbitrary<Op> = fc.record({
      kind: fc.constantFrom('push', 'undo', 'redo'),
      v: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 40 }), (limit, ops) => {
        const h = new History(limit);
        const undo: number[] = [];
        const redo: number[] = [];
        let current = 0;
        const sceneOf = (v: number): Scene => ({
          height: 1,
          width: 1,
          target: Float32Array.of(v & 1),
          pred: Float32Array.of(v / 255),
        });
        for (const o of ops) {
          if (o.kind === 'push') {
            h.push(sceneOf(current));
            undo.push(current);
            if (undo.length > limit) undo.shift();
            redo.length = 0;
            current = o.v;
          } else {
            const [from, to] = o.kind === 'undo' ? [undo, redo] : [redo, undo];
            const got = o.kind === 'undo' ? h.undo(sceneOf(current)) : h.redo(sceneOf(current));
            const want = from.pop();
            if (want === undefined) {
              if (got !== null) return false;
              continue;
            }
            if (!got || got.pred[0] !== Math.fround(want / 255) || got.target[0] !== (want & 1)) return false;
            to.push(current);
            current = want;
          }
          if (h.canUndo !== undo.length > 0 || h.canRedo !== redo.length > 0) return false;
        }
        return true;
      }),
    );
  });
});
