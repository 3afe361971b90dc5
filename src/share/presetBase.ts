/**
 * Presets as 8-bit planes, for links that store a scene as its difference from a preset (a preset link is
 * a few dozen characters instead of thousands). Built on demand and kept for one grid size at a time.
 *
 * Links that use this depend on every preset drawing the same pixels forever:
 * tests/unit/share-codec.test.ts pins their checksums. A preset whose geometry must change needs a new id.
 */
import { getPreset, PRESETS } from '../scene/index.ts';
import { toLevels } from '../scene/levels.ts';

export interface PresetPlanes {
  id: string;
  size: number;
  /** Ground truth as levels (0/255 when binary). */
  target: Uint8Array;
  pred: Uint8Array;
}

const CACHE_ENTRIES = 16;
/** Least recently used first (Map keeps insertion order). */
const cache = new Map<string, PresetPlanes>();

/** Preset ids, in preset order. */
export function presetIds(): string[] {
  return PRESETS.map((p) => p.id);
}

/** The preset's quantised planes at this size; null for an unknown id (or a preset that fails to build). */
export function presetPlanes(id: string, size: number): PresetPlanes | null {
  const key = `${id}@${size}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const preset = getPreset(id);
  if (!preset) return null;
  try {
    const scene = preset.build(size);
    if (
      scene.height !== size ||
      scene.width !== size ||
      scene.target.length !== size * size ||
      scene.pred.length !== size * size
    )
      return null;
    const planes: PresetPlanes = { id, size, target: toLevels(scene.target), pred: toLevels(scene.pred) };
    cache.set(key, planes);
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    return planes;
  } catch {
    return null;
  }
}
