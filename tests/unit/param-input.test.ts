/** Typed parameter values: fitted into range and onto choices, with a note saying what was done. */
import { describe, expect, it } from 'vitest';
import { paramSpec } from '../../src/core/registry.ts';
import type { NumberParamSpec } from '../../src/core/types.ts';
import { fitToSpec, readTypedParam } from '../../src/state/paramInput.ts';

const gamma = paramSpec('focal', 'gamma') as NumberParamSpec; // [0, 5]
const window = paramSpec('structural', 'window') as NumberParamSpec; // choices 3, 5, 7

describe('typed parameter values', () => {
  it('a value above the range is clamped, and the note says to what', () => {
    expect(readTypedParam(gamma, '1e9')).toEqual({
      kind: 'value',
      value: 5,
      note: '1e9 is above the maximum 5: clamped to 5.',
    });
    expect(readTypedParam(gamma, '−3')).toEqual({
      kind: 'value',
      value: 0,
      note: '-3 is below the minimum 0: clamped to 0.',
    });
  });

  it('a text that is not a number is refused with a note', () => {
    expect(readTypedParam(gamma, 'abc')).toEqual({
      kind: 'invalid',
      note: '“abc” is not a number; gamma keeps its value.',
    });
    expect(readTypedParam(gamma, 'Infinity').kind).toBe('invalid');
    expect(readTypedParam(gamma, 'x'.repeat(40))).toMatchObject({ note: expect.stringContaining('…') });
  });

  it('values in range pass without a note; empty text is nothing', () => {
    expect(readTypedParam(gamma, ' 2.5 ')).toEqual({ kind: 'value', value: 2.5, note: null });
    expect(readTypedParam(gamma, '2,5')).toEqual({ kind: 'value', value: 2.5, note: null });
    expect(readTypedParam(gamma, '')).toEqual({ kind: 'empty' });
  });

  it('a value between choices goes to the nearest one, said as such', () => {
    expect(readTypedParam(window, '4.4')).toEqual({
      kind: 'value',
      value: 5,
      note: '4.4 is not one of 3, 5, 7: set to the nearest 5.',
    });
    expect(readTypedParam(window, '99')).toMatchObject({ note: '99 is above the maximum 7: clamped to 7.' });
    expect(fitToSpec(window, 6.2)).toBe(7);
  });
});
