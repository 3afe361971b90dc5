/**
 * The program path's two kinds of WebGL program (tfjs-backend-webgl GPGPUPrograms) and how they run.
 *
 * - RowSumsProgram, output [S, H]: entry (s, r) is row r's sum of the s-th summand (times glsl.ts
 *   sumScale). Summing rows first and then the row sums keeps float32 within ~1e-6 of float64
 *   (losses/shared.ts sumAll).
 * - ReadbackProgram, output [S + K·H·W]: the S totals (each the sum of its H row sums), then the K
 *   gradient maps, row-major: everything the engine reads back, in one texture.
 *
 * The code names uniform slots, not values (glsl.ts), so a new parameter value runs a program the backend
 * has already compiled.
 */
import { tf } from '../tf.ts';
import type { GPGPUProgram, MathBackendWebGL, Tensor } from '../tf.ts';
import { prelude } from './glsl.ts';
import type { Uniforms } from './glsl.ts';

/** The names of the two inputs every program reads; other inputs follow them. */
export const PRED = 'pred';
export const TRUTH = 'truth';

type CustomUniforms = NonNullable<GPGPUProgram['customUniforms']>;

function parameterUniforms(u: Uniforms): CustomUniforms {
  return [{ name: 'u', arrayIndex: u.vec4Count, type: 'vec4' }];
}

/** The backend keys compiled programs by code and shapes, not by custom uniforms: the code states their size. */
function uniformsNote(u: Uniforms): string {
  return `// parameters: vec4 u[${u.vec4Count}]`;
}

/** The pixel's values as the blocks see them (lossPrograms.ts). */
const PIXEL = `float g = get${capitalised(TRUTH)}(r, c); float p = get${capitalised(PRED)}(r, c);`;

/** One summand's block, and the uniform slot that is 0 when it repeats an earlier summand (then skipped). */
export interface Summand {
  code: string;
  active: string;
}

class RowSumsProgram implements GPGPUProgram {
  readonly outputShape: number[];
  readonly userCode: string;
  readonly customUniforms: CustomUniforms;

  constructor(
    readonly variableNames: string[],
    h: number,
    w: number,
    blocks: readonly Summand[],
    scale: string,
    u: Uniforms,
  ) {
    this.outputShape = [blocks.length, h];
    this.customUniforms = parameterUniforms(u);
    // One loop per summand, so that a fragment runs only its own block; none where it repeats another.
    const branches = blocks.map(
      ({ code, active }, s) => `${s ? 'else ' : ''}if (s == ${s} && ${active} != 0.0) {
        for (int c = 0; c < ${w}; c++) {
          ${PIXEL}
          float t = 0.0;
          { ${code} }
          acc += t;
        }
      }`,
    );
    this.userCode = `${uniformsNote(u)}
${prelude()}
      void main() {
        ivec2 sr = getOutputCoords();
        int s = sr.x;
        int r = sr.y;
        float acc = 0.0;
        ${branches.join('\n')}
        setOutput(acc * ${scale});
      }`;
  }
}

class ReadbackProgram implements GPGPUProgram {
  readonly outputShape: number[];
  readonly userCode: string;
  readonly customUniforms: CustomUniforms;

  /** @param sums S; the first input is then the [S, H] row sums. @param maps one list of blocks per map. */
  constructor(
    readonly variableNames: string[],
    h: number,
    w: number,
    sums: number,
    maps: readonly (readonly string[])[],
    u: Uniforms,
  ) {
    const n = h * w;
    this.outputShape = [sums + maps.length * n];
    this.customUniforms = parameterUniforms(u);
    const rowSums = sums > 0 ? `get${capitalised(variableNames[0] as string)}(i, y)` : '0.0';
    const branches = maps.map(
      (blocks, k) => `${k ? 'else ' : ''}if (k == ${k}) { ${blocks.map((b) => `{ ${b} }`).join(' ')} }`,
    );
    this.userCode = `${uniformsNote(u)}
${prelude()}
      void main() {
        int i = getOutputCoords();
        float v = 0.0;
        if (i < ${sums}) {
          for (int y = 0; y < ${h}; y++) v += ${rowSums};
        } else {
          int j = i - ${sums};
          int k = j / ${n};
          int pix = j - k * ${n};
          int r = pix / ${w};
          int c = pix - r * ${w};
          ${PIXEL}
          ${branches.join('\n')}
        }
        setOutput(v);
      }`;
  }
}

/**
 * The backend compiles a program once per code and shapes (tfjs-backend-webgl's binary cache), and the
 * code depends only on which losses and terms are requested: the set of compiled programs stays small.
 * @param scale the uniform slot every row sum is multiplied by (glsl.ts sumScale)
 */
export function rowSumsProgram(
  inputs: string[],
  h: number,
  w: number,
  blocks: readonly Summand[],
  scale: string,
  u: Uniforms,
) {
  return new RowSumsProgram(inputs, h, w, blocks, scale, u);
}

export function readbackProgram(
  inputs: string[],
  h: number,
  w: number,
  sums: number,
  maps: readonly (readonly string[])[],
  u: Uniforms,
) {
  return new ReadbackProgram(inputs, h, w, sums, maps, u);
}

/** Runs a program on the active webgl backend; the result is a tensor of the current scope (tf.tidy). */
export function runProgram(program: GPGPUProgram, inputs: readonly Tensor[], u: Uniforms): Tensor {
  const backend = tf.backend() as MathBackendWebGL;
  const info = backend.compileAndRun(program, [...inputs], 'float32', [u.values()]);
  return tf.engine().makeTensorFromTensorInfo(info);
}

export function capitalised(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
