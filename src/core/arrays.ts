/** Array helpers shared by the engine, the scene model and the share codec. */

/**
 * True when both arrays have the same length and a[i] === b[i] everywhere (so a NaN never equals).
 * `cast` maps each of b's values first: Math.fround compares numbers as a Float32Array would store them.
 */
export function sameElements(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  cast: (v: number) => number = (v) => v,
): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== cast(b[i]!)) return false;
  return true;
}
