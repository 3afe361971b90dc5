/**
 * The engine's program path (the webgl backend): one evaluation in a few custom WebGL programs instead of
 * ~130 tf.js kernels. The row sums of every pixel-wise summand (RowSumsProgram), then the totals and the
 * gradient maps (ReadbackProgram, a few maps per program), read back at once. Host work is the device path's:
 * region statistics, distance transforms, the structural loss and each value in float64.
 * Call inside tf.tidy: the inputs it uploads and the programs' outputs belong to the caller's scope.
 */
import { tf } from '../tf.ts';
import type { Tensor, Tensor2D } from '../tf.ts';
import type { EvalContext } from '../context.ts';
import type { GradientSpace, LossId, ParamSet } from '../types.ts';
import type { LossImpl } from '../losses/index.ts';
import { Uniforms, sumScale } from './glsl.ts';
import { LOSS_PROGRAMS, logitFactor } from './lossPrograms.ts';
import type { BindInput } from './lossPrograms.ts';
import { PRED, TRUTH, capitalised, readbackProgram, rowSumsProgram, runProgram } from './programs.ts';
import type { Summand } from './programs.ts';

/**
 * Maps per readback program. SwiftShader runs one program with fifteen map branches ~1.6× slower than the
 * same maps four to a program and a concat of the outputs (measured at 256²); on a GPU a few more draws
 * and one copy cost little.
 */
const MAPS_PER_PROGRAM = 4;

function inChunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ProgramStep {
  id: LossId;
  impl: LossImpl;
  params: ParamSet;
  /** Whether this loss's gradient map is computed. */
  map: boolean;
}

export interface ProgramResult {
  /** [all sums ‖ all maps] (arrays), or the sums alone (tensors). */
  packed: Tensor;
  /** The maps as [H, W] tensors when asked for as tensors. */
  tensors: Tensor2D[];
  /** How many sums each step has, in plan order. */
  sumCounts: number[];
  /** The sums in plan order from the read-back data: a repeated sum is read from its first occurrence. */
  sumsOf: (data: Float32Array) => Float64Array;
}

/** The inputs of one program: the prediction, the ground truth, then whatever the blocks bind. */
class ProgramInputs {
  readonly names: string[] = [PRED, TRUTH];
  readonly tensors: Tensor[];

  constructor(ctx: EvalContext) {
    this.tensors = [ctx.p, ctx.g];
  }

  readonly bind: BindInput = (name, tensor) => {
    if (!this.names.includes(name)) {
      this.names.push(name);
      this.tensors.push(tensor());
    }
    return `get${capitalised(name)}(r, c)`;
  };
}

/**
 * Every step's summands in plan order. Losses whose sums are the same (the five CEs at one ε) compute
 * them once; which ones repeat depends on the values, so it is a uniform: a repeat's branch is skipped
 * and `source[i]` says which summand holds sum i.
 */
function planSummands(ctx: EvalContext, plan: readonly ProgramStep[], u: Uniforms, inputs: ProgramInputs) {
  const counts: number[] = [];
  const summands: Summand[] = [];
  const source: number[] = [];
  const firstOf = new Map<string, number>();
  for (const step of plan) {
    const program = LOSS_PROGRAMS[step.id];
    const probe = new Uniforms();
    const key = `${program.sums(ctx, step.params, probe, inputs.bind).join('\n')}|${probe.values().join(',')}`;
    const first = firstOf.get(key);
    const active = u.slot(first === undefined ? 1 : 0);
    const blocks = program.sums(ctx, step.params, u, inputs.bind);
    if (first === undefined && blocks.length) firstOf.set(key, summands.length);
    blocks.forEach((code, j) => {
      source.push(first === undefined ? summands.length : first + j);
      summands.push({ code, active });
    });
    counts.push(blocks.length);
  }
  return { counts, summands, source };
}

export function evaluateWithPrograms(
  ctx: EvalContext,
  plan: readonly ProgramStep[],
  space: GradientSpace,
  asArrays: boolean,
): ProgramResult {
  const { h, w } = ctx.target;

  const sumUniforms = new Uniforms();
  const sumInputs = new ProgramInputs(ctx);
  const { counts: sumCounts, summands, source: sumSource } = planSummands(ctx, plan, sumUniforms, sumInputs);
  const rows = summands.length
    ? runProgram(
        rowSumsProgram(sumInputs.names, h, w, summands, sumUniforms.slot(sumScale(ctx.n)), sumUniforms),
        sumInputs.tensors,
        sumUniforms,
      )
    : null;

  const mapUniforms = new Uniforms();
  const mapInputs = new ProgramInputs(ctx);
  const maps: string[][] = [];
  if (space !== 'none') {
    for (const step of plan) {
      if (!step.map) continue;
      const blocks = [LOSS_PROGRAMS[step.id].map(ctx, step.params, mapUniforms, mapInputs.bind)];
      if (space === 'logit') blocks.push(logitFactor(mapUniforms, step.impl.clipEps(step.params)));
      maps.push(blocks);
    }
  }

  const readback = (sums: number, mapBlocks: string[][]): Tensor => {
    const names = rows && sums ? ['rowSums', ...mapInputs.names] : mapInputs.names;
    const inputs = rows && sums ? [rows, ...mapInputs.tensors] : mapInputs.tensors;
    return runProgram(readbackProgram(names, h, w, sums, mapBlocks, mapUniforms), inputs, mapUniforms);
  };
  const s = summands.length;
  const scale = sumScale(ctx.n);
  const sumsOf = (data: Float32Array) => Float64Array.from(sumSource, (j) => (data[j] as number) / scale);
  const chunks = inChunks(maps, MAPS_PER_PROGRAM);
  if (asArrays) {
    if (!s && !chunks.length) return { packed: tf.zeros([0]), tensors: [], sumCounts, sumsOf };
    const parts = chunks.length ? chunks.map((chunk, i) => readback(i === 0 ? s : 0, chunk)) : [readback(s, [])];
    return { packed: parts.length === 1 ? (parts[0] as Tensor) : tf.concat(parts), tensors: [], sumCounts, sumsOf };
  }
  // Tensors the caller owns: the sums read back, each map its own [H, W] tensor.
  const packed = s ? readback(s, []) : tf.zeros([0]);
  const tensors = chunks.flatMap(
    (chunk) => tf.unstack(tf.reshape(readback(0, chunk), [chunk.length, h, w])) as Tensor2D[],
  );
  return { packed, tensors, sumCounts, sumsOf };
}
