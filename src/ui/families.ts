/** Family headings, in the registry's order of first appearance. */
import { LOSSES } from '../core/registry.ts';
import type { LossFamily, LossInfo } from '../core/types.ts';

export const FAMILY_LABEL: Record<LossFamily, string> = {
  distribution: 'Distribution-based',
  region: 'Region-based',
  boundary: 'Boundary-based',
  compound: 'Compound',
};

export function lossesByFamily(): { family: LossFamily; losses: LossInfo[] }[] {
  const out: { family: LossFamily; losses: LossInfo[] }[] = [];
  for (const l of LOSSES) {
    let group = out.find((g) => g.family === l.family);
    if (!group) {
      group = { family: l.family, losses: [] };
      out.push(group);
    }
    group.losses.push(l);
  }
  return out;
}
