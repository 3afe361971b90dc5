/**
 * Compare: values pinned from the table, so that every loss's difference to them is read beside its
 * value ("survey vs MONAI": pin, then apply MONAI; "before vs after this stroke": pin, then paint). Kept
 * apart from the editor's slices: pinning re-renders the table only.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { LossId } from '../core/types.ts';

export interface Pin {
  /** What was on screen when pinned, e.g. "Survey / Jadon code · One object missed". */
  label: string;
  values: Readonly<Partial<Record<LossId, number>>>;
}

export interface CompareState {
  pin: Pin | null;
  setPin(pin: Pin | null): void;
}

export const compareStore = createStore<CompareState>()((set) => ({
  pin: null,
  setPin: (pin) => set({ pin: pin && { label: pin.label, values: { ...pin.values } } }),
}));

export function useCompare<T>(selector: (s: CompareState) => T): T {
  return useStore(compareStore, selector);
}

/** The difference to the pin, or null when nothing (or no value for this loss) is pinned. */
export function pinDifference(pin: Pin | null, id: LossId, value: number | undefined): number | null {
  const pinned = pin?.values[id];
  if (pinned === undefined || value === undefined) return null;
  return value - pinned;
}
