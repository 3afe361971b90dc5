import { describe, expect, it } from 'vitest';
import { paramSpec } from '../../src/core/registry.ts';
import type { NumberParamSpec } from '../../src/core/types.ts';
import { LOG_STEPS, restingValue, sliderModel, snapToStep } from '../../src/ui/sliderScale.ts';
import { outlinePath } from '../../src/ui/outline.ts';
import { shortcutFor } from '../../src/ui/shortcuts.ts';
import { FAMILY_LABEL, lossesByFamily } from '../../src/ui/families.ts';
import { LOSS_IDS } from '../../src/core/registry.ts';
import { squareGrid } from '../../src/scene/types.ts';

const spec = (id: Parameters<typeof paramSpec>[0], key: string) => paramSpec(id, key) as NumberParamSpec;

describe('parameter sliders', () => {
  it('linear specs step on their own grid', () => {
    const m = sliderModel(spec('focal', 'gamma'));
    expect([m.min, m.max, m.step]).toEqual([0, 5, 0.05]);
    expect(m.fromPosition(2.05)).toBe(2.05);
    expect(m.fromPosition(2.0500000001)).toBe(2.05);
    expect(snapToStep(0.30000000000000004, { min: 0, max: 1, step: 0.01 })).toBe(0.3);
  });

  it('log specs map positions to readable numbers across decades', () => {
    const s = spec('weighted_bce', 'beta');
    const m = sliderModel(s);
    expect(m.fromPosition(0)).toBe(0.1);
    expect(m.fromPosition(LOG_STEPS)).toBe(10);
    expect(m.fromPosition(LOG_STEPS / 2)).toBe(1);
    expect(m.toPosition(1)).toBe(LOG_STEPS / 2);
    // one keyboard step moves by a small factor, never to 0
    expect(m.fromPosition(LOG_STEPS / 2 + 1)).toBeCloseTo(1.02, 2);
  });

  it('choice specs step through the choices', () => {
    const m = sliderModel(spec('structural', 'window'));
    expect([m.min, m.max, m.step]).toEqual([0, 2, 1]);
    expect(m.fromPosition(1)).toBe(5);
    expect(m.toPosition(7)).toBe(2);
  });

  it('a null parameter’s slider rests at a sensible value', () => {
    expect(restingValue(spec('balanced_bce', 'beta'))).toBe(0.5);
    expect(restingValue(spec('focal', 'alpha'))).toBe(0.25);
  });
});

describe('ground-truth outline', () => {
  it('traces the boundary of a square, image edges included', () => {
    const size = 4;
    const m = new Float32Array(16);
    m[5] = m[6] = m[9] = m[10] = 1;
    const path = outlinePath(m, squareGrid(size));
    expect(path).toBe('M1 1h2M1 3h2M1 1v2M3 1v2');
    expect(outlinePath(new Float32Array(16).fill(1), squareGrid(size))).toBe('M0 0h4M0 4h4M0 0v4M4 0v4');
    expect(outlinePath(new Float32Array(16), squareGrid(size))).toBe('');
  });
});

describe('keyboard shortcuts', () => {
  const key = (
    k: string,
    mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });
  it('maps Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y / Cmd+Z', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }), false)).toEqual({ kind: 'undo' });
    expect(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true }), false)).toEqual({ kind: 'redo' });
    expect(shortcutFor(key('y', { ctrlKey: true }), false)).toEqual({ kind: 'redo' });
    expect(shortcutFor(key('z', { metaKey: true }), false)).toEqual({ kind: 'undo' });
  });
  it('leaves text fields their own keys', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(key('b'), true)).toBeNull();
  });
  it('switches tools and brush size', () => {
    expect(shortcutFor(key('e'), false)).toEqual({ kind: 'tool', tool: 'eraser' });
    expect(shortcutFor(key(']'), false)).toEqual({ kind: 'radius', factor: 1.25 });
    expect(shortcutFor(key('x'), false)).toBeNull();
  });
});

describe('family groups', () => {
  it('cover every loss once, in registry order', () => {
    const groups = lossesByFamily();
    expect(groups.flatMap((g) => g.losses.map((l) => l.id))).toEqual([...LOSS_IDS]);
    for (const g of groups) expect(FAMILY_LABEL[g.family]).toBeTruthy();
  });
});
