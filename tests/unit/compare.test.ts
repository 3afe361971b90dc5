/** Compare: a pin keeps a copy of the values; the difference is value minus pinned, or nothing. */
import { describe, expect, it } from 'vitest';
import { compareStore, pinDifference } from '../../src/state/compareStore.ts';

describe('compare', () => {
  it('pins a copy of the values and gives each loss its difference to them', () => {
    const values = { bce: 0.5, dice: 0.25 };
    compareStore.getState().setPin({ label: 'Survey / Jadon code · Empty prediction', values });
    values.bce = 9; // the pin does not follow the object it was made from
    const { pin } = compareStore.getState();
    expect(pin!.values.bce).toBe(0.5);
    expect(pinDifference(pin, 'bce', 0.75)).toBe(0.25);
    expect(pinDifference(pin, 'dice', 0.25)).toBe(0);
    expect(pinDifference(pin, 'focal', 0.1)).toBeNull();
    expect(pinDifference(pin, 'bce', undefined)).toBeNull();
    compareStore.getState().setPin(null);
    expect(pinDifference(compareStore.getState().pin, 'bce', 0.75)).toBeNull();
  });
});
