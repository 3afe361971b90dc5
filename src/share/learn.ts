/**
 * The learn settings in a share link (meta key `n`): lanes, optimiser, start, seed, stop-after and the
 * yardstick, never the trajectory (opening the link and pressing Play reproduces the run step for step).
 * Wire form, compact: { l: [[lossId, {params}], …], o: [kind, lr, μ, β₁, β₂, ε], s: start, r: seed,
 * t: stopAfter, y: yardstick }. A field that fails validation refuses the whole learn part with a warning
 * (half a run would not reproduce anything); the scene itself still opens.
 */
import { z } from 'zod';
import { OPTIMIZER_KINDS } from '../core/optimizers.ts';
import { LEARN_STARTS, MAX_LANES, MAX_STEPS, YARDSTICKS, checkLearnSettings } from '../worker/learnSettings.ts';
import type { LearnSettings } from '../worker/learnSettings.ts';
import { LOSS_IDS, paramSpec } from '../core/registry.ts';
import type { ParamSet, ParamValue } from '../core/types.ts';

const Wire = z
  .object({
    l: z
      .array(z.tuple([z.enum(LOSS_IDS), z.record(z.string().max(32), z.union([z.number(), z.boolean(), z.null()]))]))
      .min(1)
      .max(MAX_LANES),
    o: z.tuple([
      z.enum(OPTIMIZER_KINDS as [string, ...string[]]),
      z.number(),
      z.number(),
      z.number(),
      z.number(),
      z.number(),
    ]),
    s: z.enum(LEARN_STARTS as [string, ...string[]]),
    r: z.number().int().min(0).max(0xffffffff),
    t: z.number().int().min(1).max(MAX_STEPS),
    y: z.enum(YARDSTICKS as [string, ...string[]]),
  })
  .strict();

/** Only the parameters that differ from the defaults travel. */
function sparse(id: (typeof LOSS_IDS)[number], params: ParamSet): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [key, value] of Object.entries(params)) if (paramSpec(id, key)?.default !== value) out[key] = value;
  return out;
}

/** The wire form; throws a RangeError on settings the app cannot have (a programming error). */
export function learnToWire(s: LearnSettings): unknown {
  const problem = checkLearnSettings(s);
  if (problem) throw new RangeError(`encodeScene: learn settings: ${problem}`);
  const o = s.optimizer;
  return {
    l: s.lanes.map((lane) => [lane.loss, sparse(lane.loss, lane.params)]),
    o: [o.kind, o.lr, o.momentum, o.beta1, o.beta2, o.eps],
    s: s.start,
    r: s.seed,
    t: s.stopAfter,
    y: s.yardstick,
  };
}

/** The settings, or a plain-text reason they are refused. Never throws. */
export function learnFromWire(raw: unknown): { settings: LearnSettings } | { problem: string } {
  const parsed = Wire.safeParse(raw);
  if (!parsed.success)
    return { problem: 'The learn settings in the link are not readable; Learn starts with its defaults.' };
  const w = parsed.data;
  const settings: LearnSettings = {
    lanes: w.l.map(([loss, params]) => ({ loss, params: { ...params } })),
    optimizer: {
      kind: w.o[0] as LearnSettings['optimizer']['kind'],
      lr: w.o[1],
      momentum: w.o[2],
      beta1: w.o[3],
      beta2: w.o[4],
      eps: w.o[5],
    },
    start: w.s as LearnSettings['start'],
    seed: w.r,
    stopAfter: w.t,
    yardstick: w.y as LearnSettings['yardstick'],
  };
  const problem = checkLearnSettings(settings);
  if (problem) return { problem: 'The learn settings in the link are out of range; Learn starts with its defaults.' };
  return { settings };
}
