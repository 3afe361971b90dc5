/**
 * Where a chart legend goes (src/ui/charts/geometry.ts): segments against boxes, the first corner (or the
 * right margin) that covers no drawn line, the fallback when every place covers data, and the rows of a
 * legend drawn below the plot, and the side of a moving dot's label. Pure, in node.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CORNERS,
  chooseLegendSpot,
  cornerBox,
  flowRows,
  intersectRects,
  labelBox,
  markerLabelSpot,
  pixelLines,
  polylineHitsRect,
  segmentHitsRect,
} from '../../src/ui/charts/geometry.ts';
import type { Point, Rect } from '../../src/ui/charts/geometry.ts';
import { focalTverskyPlotted } from '../../src/core/curveMath.ts';

const plot: Rect = { x: 70, y: 12, w: 460, h: 270 };

/** A data curve on [0, 1]² as pixels on `plot` (y up). */
const onPlot = (pts: readonly Point[]): Point[] =>
  pts.map(([u, v]) => [plot.x + u * plot.w, plot.y + (1 - v) * plot.h]);
const sampled = (f: (u: number) => number, n: number): Point[] =>
  onPlot(Array.from({ length: n }, (_, i) => [i / (n - 1), f(i / (n - 1))]));

describe('segments and boxes', () => {
  const box: Rect = { x: 10, y: 10, w: 20, h: 10 };

  it('a segment crossing a box with both ends outside it hits it', () => {
    expect(segmentHitsRect([0, 15], [40, 15], box)).toBe(true);
    expect(segmentHitsRect([0, 0], [40, 30], box)).toBe(true);
    expect(segmentHitsRect([20, 0], [20, 40], box)).toBe(true);
  });

  it('segments beside, above or ending short of the box miss it; touching counts', () => {
    expect(segmentHitsRect([0, 5], [40, 5], box)).toBe(false);
    expect(segmentHitsRect([0, 15], [9, 15], box)).toBe(false);
    expect(segmentHitsRect([0, 30], [40, 22], box)).toBe(false);
    expect(segmentHitsRect([0, 0], [9, 40], box)).toBe(false);
    expect(segmentHitsRect([0, 10], [40, 10], box)).toBe(true);
    expect(segmentHitsRect([15, 15], [15, 15], box)).toBe(true);
  });

  it('agrees with dense sampling of the segment', () => {
    const inside = (p: Point, r: Rect) => p[0] >= r.x && p[0] <= r.x + r.w && p[1] >= r.y && p[1] <= r.y + r.h;
    const coord = fc.double({ min: -20, max: 60, noNaN: true });
    fc.assert(
      fc.property(coord, coord, coord, coord, (ax, ay, bx, by) => {
        const sampledHit = Array.from({ length: 2001 }, (_, i) => i / 2000).some((t) =>
          inside([ax + t * (bx - ax), ay + t * (by - ay)], box),
        );
        const grown = { x: box.x - 0.05, y: box.y - 0.05, w: box.w + 0.1, h: box.h + 0.1 };
        const shrunk = { x: box.x + 0.05, y: box.y + 0.05, w: box.w - 0.1, h: box.h - 0.1 };
        // Sampling can miss a corner by a hair: compare with a slightly grown and a slightly shrunk box.
        if (sampledHit) expect(segmentHitsRect([ax, ay], [bx, by], grown)).toBe(true);
        if (segmentHitsRect([ax, ay], [bx, by], shrunk)) expect(sampledHit).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a polyline hits a box through a segment even when no sampled point is inside', () => {
    const line: Point[] = [
      [0, 0],
      [40, 30],
    ];
    expect(line.some(([x, y]) => x >= 10 && x <= 30 && y >= 10 && y <= 20)).toBe(false);
    expect(polylineHitsRect(line, { x: 10, y: 10, w: 20, h: 10 })).toBe(true);
    expect(polylineHitsRect([[15, 15]], { x: 10, y: 10, w: 20, h: 10 })).toBe(true);
    expect(polylineHitsRect([[5, 15]], { x: 10, y: 10, w: 20, h: 10 })).toBe(false);
  });

  it('intersectRects', () => {
    expect(intersectRects({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 2, w: 10, h: 3 })).toEqual({
      x: 5,
      y: 2,
      w: 5,
      h: 3,
    });
    expect(intersectRects({ x: 0, y: 0, w: 10, h: 10 }, { x: 20, y: 0, w: 5, h: 5 }).w).toBeLessThan(0);
  });
});

describe('legend place', () => {
  it('the first corner whose box covers no line, in the order asked', () => {
    // A falling diagonal from top-left to bottom-right leaves the top-right and bottom-left free.
    const diagonal = sampled((u) => 1 - u, 50);
    expect(chooseLegendSpot(plot, 150, 80, [diagonal])?.spot).toBe('top-right');
    expect(
      chooseLegendSpot(plot, 150, 80, [diagonal], { corners: ['top-left', 'bottom-left', 'top-right'] })?.spot,
    ).toBe('bottom-left');
    const spot = chooseLegendSpot(plot, 150, 80, [diagonal])!;
    expect({ x: spot.x, y: spot.y }).toEqual(cornerBox(plot, 'top-right', 150, 80));
  });

  it('a line between two sampled points still blocks the corner it crosses', () => {
    // A line sampled only at the plot's left and right edges, high up: it crosses both top corners' boxes.
    const across: Point[] = onPlot([
      [0, 0.9],
      [1, 0.9],
    ]);
    const top = chooseLegendSpot(plot, 150, 80, [across]);
    expect(top?.spot.startsWith('bottom')).toBe(true);
    // No sampled point of this two-point line lies in any box, yet both top corners are blocked.
    for (const corner of ['top-left', 'top-right'] as const) {
      const { x, y } = cornerBox(plot, corner, 150, 80);
      expect(across.some(([px, py]) => px >= x - 6 && px <= x + 156 && py >= y - 6 && py <= y + 86)).toBe(false);
    }
  });

  it('keeps its clearance from a line passing just outside the box', () => {
    const box = cornerBox(plot, 'top-right', 150, 80);
    const justBelow: Point[] = [
      [plot.x, box.y + 80 + 3],
      [plot.x + plot.w, box.y + 80 + 3],
    ];
    expect(chooseLegendSpot(plot, 150, 80, [justBelow], { corners: ['top-right'] })).toBeNull();
    expect(chooseLegendSpot(plot, 150, 80, [justBelow], { corners: ['top-right'], clearance: 2 })?.spot).toBe(
      'top-right',
    );
  });

  it('lines outside the plot are clipped away, as the chart clips them', () => {
    const above: Point[] = [
      [plot.x, plot.y - 20],
      [plot.x + plot.w, plot.y - 20],
    ];
    expect(chooseLegendSpot(plot, 150, 80, [above])?.spot).toBe('top-right');
  });

  it('the right margin when every corner covers data and the box fits there; null when it does not', () => {
    // Lines across the top and the bottom of the plot block every corner.
    const lines = [
      onPlot([
        [0, 0.95],
        [1, 0.95],
      ]),
      onPlot([
        [0, 0.05],
        [1, 0.05],
      ]),
    ];
    for (const corner of CORNERS) expect(chooseLegendSpot(plot, 150, 80, lines, { corners: [corner] })).toBeNull();
    const margin: Rect = { x: plot.x + plot.w + 14, y: plot.y, w: 170, h: plot.h };
    expect(chooseLegendSpot(plot, 150, 80, lines, { rightMargin: margin })).toEqual({
      spot: 'outside-right',
      x: margin.x,
      y: margin.y,
    });
    expect(chooseLegendSpot(plot, 150, 80, lines, { rightMargin: { ...margin, w: 100 } })).toBeNull();
    expect(chooseLegendSpot(plot, 150, 80, lines)).toBeNull();
  });

  it('a box larger than the plot has no corner', () => {
    expect(chooseLegendSpot(plot, 500, 80, [])).toBeNull();
  });

  it('the Focal Tversky figure: its eight-item legend covers curves in every corner, so it goes below the plot', () => {
    const gammas = [1, 4 / 3, 2, 3];
    const lines = gammas.flatMap((g) => [
      sampled((ti) => (1 - ti) ** (1 / g), 101),
      sampled((ti) => focalTverskyPlotted(ti, g), 101),
    ]);
    // The legend as drawn: 8 rows of 20 px, about 300 px wide.
    expect(chooseLegendSpot(plot, 300, 8 * 20 + 16, lines)).toBeNull();
    // The least-covering-points rule of old chose a corner anyway: one that the curves cross.
    const { x, y } = cornerBox(plot, 'bottom-left', 300, 176);
    expect(lines.some((l) => polylineHitsRect(l, { x, y, w: 300, h: 176 }))).toBe(true);
  });
});

describe('legend rows below the plot', () => {
  it('fills rows left to right and wraps, an over-wide item alone on its row', () => {
    const r = flowRows([{ w: 100 }, { w: 100 }, { w: 100 }, { w: 400 }, { w: 50 }], 330, 20);
    expect(r.at).toEqual([
      { dx: 0, row: 0 },
      { dx: 120, row: 0 },
      { dx: 0, row: 1 },
      { dx: 0, row: 2 },
      { dx: 0, row: 3 },
    ]);
    expect(r.rows).toBe(4);
    expect(flowRows([], 300, 20).rows).toBe(0);
    expect(flowRows([{ w: 100 }, { w: 100 }], 220, 20).rows).toBe(1);
  });

  it('a wrapped item of several lines takes that many rows, alone', () => {
    const r = flowRows([{ w: 100 }, { w: 200, lines: 3 }, { w: 50 }, { w: 50 }], 330, 20);
    expect(r.at).toEqual([
      { dx: 0, row: 0 },
      { dx: 0, row: 1 },
      { dx: 0, row: 4 },
      { dx: 70, row: 4 },
    ]);
    expect(r.rows).toBe(5);
  });
});

describe("a moving dot's label", () => {
  const rising = sampled((u) => u, 101);
  const dot = { x: plot.x + 0.3 * plot.w, y: plot.y + 0.7 * plot.h };
  const text = 'fp_weight = 0.3';
  const box = (s: ReturnType<typeof markerLabelSpot>) => labelBox(text, s.x, s.y, s.anchor);

  it('goes right of the dot and above it when nothing is in the way', () => {
    const s = markerLabelSpot(text, dot, plot);
    expect(s.anchor).toBe('start');
    expect(s.y).toBeLessThan(dot.y);
  });

  it('takes a side the curve it sits on does not cross', () => {
    // On a steep rising curve the right-above box is crossed; the label moves to a clear side.
    const steep = sampled((u) => Math.min(1, 3 * u - 0.2), 201);
    const onCurve = { x: plot.x + 0.3 * plot.w, y: plot.y + (1 - 0.7) * plot.h };
    expect(polylineHitsRect(steep, box(markerLabelSpot(text, onCurve, plot)))).toBe(true);
    const s = markerLabelSpot(text, onCurve, plot, [], [steep]);
    expect(polylineHitsRect(steep, box(s))).toBe(false);
    // A line far away changes nothing.
    expect(markerLabelSpot(text, dot, plot, [], [rising.map(([x]) => [x, plot.y] as Point)])).toEqual(
      markerLabelSpot(text, dot, plot),
    );
  });

  it('keeps clear of a label before it keeps clear of a line', () => {
    const first = markerLabelSpot(text, dot, plot);
    const s = markerLabelSpot(text, dot, plot, [box(first)], [rising]);
    const overlap = intersectRects(box(s), box(first));
    expect(overlap.w <= 0 || overlap.h <= 0).toBe(true);
  });

  it('data lines become pixel lines, broken where a value is missing', () => {
    const x = (v: number) => (v >= 0 && v <= 1 ? 100 * v : undefined);
    const y = (v: number) => 50 - 10 * v;
    const out = pixelLines(
      [
        [
          [0, 0],
          [0.5, Number.NaN],
          [0.6, 1],
          [2, 1],
          [1, 2],
        ],
      ],
      x,
      y,
    );
    expect(out).toEqual([[[0, 50]], [[60, 40]], [[100, 30]]]);
  });
});
