/**
 * What the program path's shaders share: parameter uniforms and the per-pixel helper functions.
 *
 * Every parameter value reaches a shader through one `uniform vec4 u[…]` array; the generated code only
 * names slots (`u[2].y`), so it depends on which losses and terms are requested, never on the values, and
 * moving a slider re-runs a compiled program with new uniforms.
 */
import { tf } from '../tf.ts';

/** Parameter values of one program, in the order its code names them. */
export class Uniforms {
  private readonly list: number[] = [];

  /** A slot holding `value`; returns the GLSL expression that reads it. */
  slot(value: number): string {
    const i = this.list.length;
    this.list.push(value);
    return `u[${i >> 2}].${'xyzw'[i & 3]}`;
  }

  /** vec4 slots the array needs (at least one: a zero-length uniform array is not GLSL). */
  get vec4Count(): number {
    return Math.max(1, Math.ceil(this.list.length / 4));
  }

  /** The values for uniform4fv, padded to whole vec4s. */
  values(): number[] {
    const out = this.list.slice();
    while (out.length < this.vec4Count * 4) out.push(0);
    return out;
  }
}

/** Whether the GPU stores float32 (false: 16-bit floats, largest finite 65504). */
function float32Textures(): boolean {
  return tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
}

/**
 * What the row sums are multiplied by before they are stored (the engine divides it out): 1 with float32
 * textures; 1/N with 16-bit ones, where a sum of N terms would overflow 65504 (a Hausdorff sum does at
 * 64², a CE sum at 256²) while a mean stays finite.
 */
export function sumScale(n: number): number {
  return float32Textures() ? 1 : 1 / n;
}

/**
 * The smallest argument a log sees. Where the GPU renders to 16-bit floats, q = ε = 1e-7 is below half
 * precision's smallest normal number (6.1e-5) and would give −ln 0 = ∞; the floor keeps every term finite
 * there (values are then only as exact as half floats allow). With float32 textures q ≥ ε > 0, and the
 * floor of 0 changes nothing.
 */
function logFloor(): string {
  return float32Textures() ? '0.0' : '6.2e-5';
}

/**
 * Helpers every program defines: ℓ⁺ = −ln q and ℓ⁻ = −ln(1 − q), with 1 − q rounded to float32 as every
 * tf.js backend and the host path (host/terms.ts oneMinus) do.
 *
 * Near x = 1 a GPU's log(x) has a small absolute error that is a large relative one, and ℓ^γ with γ < 1
 * (exp-log) over many confident pixels makes it count: tf.log gave 3e-4 of the exp-log value on a blurred
 * ground truth. There −ln x = d + d²/2 + … for d = 1 − x < 1/32, to float32 precision. For ℓ⁻ the d of
 * the rounded 1 − q is q rounded to a multiple of 2⁻²⁴ (float32's spacing below 1), written out so that
 * no shader compiler can fold 1 − (1 − q) into q (SwiftShader does, which cost 1e-3 of the exp-log value).
 */
export function prelude(): string {
  return `
    const float LOG_FLOOR = ${logFloor()};
    float negLogNearOne(float d) {
      return d * (1.0 + d * (0.5 + d * (0.33333334 + d * (0.25 + d * (0.2 + d * (0.16666667 + d * 0.14285715))))));
    }
    float ellPos(float q) {
      float d = 1.0 - q;
      return d < 0.03125 ? negLogNearOne(d) : -log(max(q, LOG_FLOOR));
    }
    float ellNeg(float q) {
      return q < 0.03125 ? negLogNearOne(floor(q * 16777216.0 + 0.5) / 16777216.0) : -log(max(1.0 - q, LOG_FLOOR));
    }
  `;
}
