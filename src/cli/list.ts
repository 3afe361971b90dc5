/** `--list`: the loss registry as JSON, generated from src/core/registry.ts (no tf.js needed). */
import { LOSSES } from '../core/registry.ts';
import type { ParamSpec } from '../core/types.ts';

function paramEntry(p: ParamSpec): Record<string, unknown> {
  if (p.kind === 'boolean') {
    return { key: p.key, kind: p.kind, label: p.label, default: p.default, advanced: p.advanced ?? false, doc: p.doc };
  }
  return {
    key: p.key,
    kind: p.kind,
    label: p.label,
    default: p.default,
    min: p.min,
    max: p.max,
    step: p.step,
    scale: p.scale,
    /** null is accepted only when the registry gives it a meaning. */
    nullable: p.nullMeaning !== undefined,
    nullMeaning: p.nullMeaning ?? null,
    choices: p.choices ? [...p.choices] : null,
    advanced: p.advanced ?? false,
    doc: p.doc,
  };
}

export function registryListing(): { losses: Record<string, unknown>[] } {
  return {
    losses: LOSSES.map((l) => ({
      id: l.id,
      name: l.name,
      short: l.short,
      family: l.family,
      reduction: l.reduction,
      params: l.params.map(paramEntry),
    })),
  };
}
