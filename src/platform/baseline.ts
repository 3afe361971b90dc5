/**
 * The benchmarks' yardstick in the page: one elementwise pass (p·g, upload and readback) on the active
 * tf.js backend. Every latency is also reported as a ratio to it, so numbers compare across machines.
 */
import { tf } from '../core/tf.ts';

export function elementwiseBaseline(size: number, reps = 30): number {
  const n = size * size;
  const g = tf.tensor2d(
    Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    [size, size],
  );
  const p = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000);
  const once = () => {
    const pt = tf.tensor2d(p, [size, size]);
    const out = tf.mul(pt, g);
    out.dataSync();
    tf.dispose([pt, out]);
  };
  for (let i = 0; i < 3; i++) once();
  const times: number[] = [];
  // Ten passes per timed rep: the page's clock has 0.1 ms resolution, and one pass can be faster.
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    for (let j = 0; j < 10; j++) once();
    times.push((performance.now() - t0) / 10);
  }
  g.dispose();
  times.sort((a, b) => a - b);
  return times[times.length >> 1] as number;
}
