/**
 * Stroke-to-screen latency, measured in the page for `npm run bench:browser` and shown nowhere else:
 * from a pointer (or slider) event to the start of the frame that presents the values and heatmaps
 * computed from it. Each input gets a serial number after it changed the store; an evaluation that
 * starts after input n covers it, and the first frame after that evaluation's commit closes it.
 */

interface Pending {
  rev: number;
  at: number;
  kind: InputKind;
}

export type InputKind = 'stroke' | 'param';

export interface LatencySamples {
  /** Input event → frame showing its result, ms. */
  stroke: number[];
  param: number[];
  /** The engine's own time per evaluation, ms. */
  evaluation: number[];
  /** Evaluation committed → its frame (React render and canvas drawing), ms. */
  draw: number[];
}

const pending: Pending[] = [];
let inputSerial = 0;
let firstFrameMarked = false;
let samples: LatencySamples = { stroke: [], param: [], evaluation: [], draw: [] };
const MAX_SAMPLES = 10_000;

function push(list: number[], v: number): void {
  if (list.length < MAX_SAMPLES) list.push(v);
}

/** An input that has just changed the store, at event time `at` (event.timeStamp, performance clock). */
export function recordInput(kind: InputKind, at: number): void {
  inputSerial += 1;
  if (pending.length < MAX_SAMPLES) pending.push({ kind, rev: inputSerial, at });
}

/** The serial of the latest input: an evaluation that reads the store now covers it. */
export function latestInput(): number {
  return inputSerial;
}

/** The runner committed an evaluation covering inputs up to `rev`; its frame closes them. */
export function recordCommit(rev: number, evaluationMs: number): void {
  push(samples.evaluation, evaluationMs);
  const committedAt = performance.now();
  requestAnimationFrame((frameStart) => {
    if (!firstFrameMarked) {
      // Navigation start to the first frame showing computed values: "time to interactive".
      performance.mark('first-interactive-frame', { startTime: frameStart });
      firstFrameMarked = true;
    }
    push(samples.draw, frameStart - committedAt);
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i] as Pending;
      if (p.rev > rev) continue;
      push(p.kind === 'stroke' ? samples.stroke : samples.param, frameStart - p.at);
      pending.splice(i, 1);
    }
  });
}

export function takeLatencySamples(): LatencySamples {
  const out = samples;
  samples = { stroke: [], param: [], evaluation: [], draw: [] };
  pending.length = 0;
  return out;
}
