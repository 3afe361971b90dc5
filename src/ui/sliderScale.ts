/**
 * Slider positions for registry parameters: linear specs use their own min/max/step, log specs a
 * 0…LOG_STEPS position, choice specs the index of the choice. Pure, tested in node.
 */
import type { NumberParamSpec } from '../core/types.ts';

export const LOG_STEPS = 200;

export interface SliderModel {
  min: number;
  max: number;
  step: number;
  /** Slider position of a value (clamped). */
  toPosition(v: number): number;
  /** Value at a slider position, rounded to a readable number. */
  fromPosition(pos: number): number;
}

/** Rounds to 3 significant digits (log sliders land on 0.01, 0.0126, 0.0158 …). */
export function roundSignificant(v: number, digits = 3): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

/** Snaps to the spec's step grid from min (linear specs), without float noise. */
export function snapToStep(v: number, spec: Pick<NumberParamSpec, 'min' | 'max' | 'step'>): number {
  const k = Math.round((v - spec.min) / spec.step);
  const decimals = Math.max(0, -Math.floor(Math.log10(spec.step)) + 1);
  const snapped = Number((spec.min + k * spec.step).toFixed(Math.min(12, decimals + 2)));
  return Math.min(spec.max, Math.max(spec.min, snapped));
}

export function sliderModel(spec: NumberParamSpec): SliderModel {
  if (spec.choices?.length) {
    const choices = spec.choices;
    return {
      min: 0,
      max: choices.length - 1,
      step: 1,
      toPosition: (v) => {
        let best = 0;
        choices.forEach((c, i) => {
          if (Math.abs(c - v) < Math.abs((choices[best] as number) - v)) best = i;
        });
        return best;
      },
      fromPosition: (pos) => choices[Math.min(choices.length - 1, Math.max(0, Math.round(pos)))] as number,
    };
  }
  if (spec.scale === 'log' && spec.min > 0) {
    const lo = Math.log10(spec.min);
    const hi = Math.log10(spec.max);
    return {
      min: 0,
      max: LOG_STEPS,
      step: 1,
      toPosition: (v) =>
        v > 0 ? Math.min(LOG_STEPS, Math.max(0, Math.round(((Math.log10(v) - lo) / (hi - lo)) * LOG_STEPS))) : 0,
      fromPosition: (pos) => {
        const v = roundSignificant(10 ** (lo + (pos / LOG_STEPS) * (hi - lo)));
        return Math.min(spec.max, Math.max(spec.min, v));
      },
    };
  }
  return {
    min: spec.min,
    max: spec.max,
    step: spec.step,
    toPosition: (v) => Math.min(spec.max, Math.max(spec.min, v)),
    fromPosition: (pos) => snapToStep(pos, spec),
  };
}

/** Where a nullable parameter's slider rests while the value is null (auto / off). */
export function restingValue(spec: NumberParamSpec): number {
  if (spec.default !== null) return spec.default;
  if (spec.scale === 'log' && spec.min > 0) return roundSignificant(Math.sqrt(spec.min * spec.max));
  return snapToStep((spec.min + spec.max) / 2, spec);
}
