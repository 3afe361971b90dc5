/**
 * Which tf.js backend runs the engine, and why: pure and free of tf.js (the page's main thread uses it),
 * testable in Node. Activation is activate.ts, where the engine runs.
 */
export const BACKEND_NAMES = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What the page found out about WebGL (see src/platform/probe.ts). */
export interface WebglProbe {
  available: boolean;
  /** Unmasked renderer string, when the browser tells. */
  renderer: string | null;
  /** SwiftShader, llvmpipe and friends: WebGL on the CPU, ~10× slower than wasm here. */
  software: boolean;
}

export interface BackendPlan {
  order: BackendName[];
  reason: string;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string | null): boolean {
  return renderer !== null && SOFTWARE_RENDERERS.test(renderer);
}

export function parseBackendName(value: unknown): BackendName | null {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value)
    ? (value as BackendName)
    : null;
}

/** webgl on a real GPU, else wasm, else cpu; a forced backend goes first and the rest stay as fallbacks. */
export function planBackends(probe: WebglProbe | null, forced: BackendName | null): BackendPlan {
  if (forced) {
    return { order: [forced, ...BACKEND_NAMES.filter((b) => b !== forced)], reason: `forced by ?backend=${forced}` };
  }
  if (probe?.available && !probe.software) {
    return { order: ['webgl', 'wasm', 'cpu'], reason: `WebGL on a GPU${probe.renderer ? ` (${probe.renderer})` : ''}` };
  }
  if (probe?.available) {
    return {
      order: ['wasm', 'webgl', 'cpu'],
      reason: `WebGL is software-rendered${probe.renderer ? ` (${probe.renderer})` : ''}: WebAssembly is faster`,
    };
  }
  return { order: ['wasm', 'cpu'], reason: probe ? 'no WebGL in this browser' : 'WebAssembly (no WebGL probe here)' };
}
