/**
 * Which tf.js backend runs the engine, and why. The decision is pure (testable in Node); activation
 * checks tf.setBackend's result, because it returns false (or silently falls back) instead of throwing.
 */
import { tf } from './tf.ts';

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
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value) ? (value as BackendName) : null;
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

export interface ActivatedBackend {
  name: BackendName;
  reason: string;
  /** Backends tried before this one and why each failed. */
  failures: { name: BackendName; error: string }[];
}

/** Tries the plan's backends in order; throws only when none works. */
export async function activateBackend(plan: BackendPlan): Promise<ActivatedBackend> {
  const failures: ActivatedBackend['failures'] = [];
  for (const name of plan.order) {
    try {
      const ok = await tf.setBackend(name);
      await tf.ready();
      if (ok && tf.getBackend() === name) {
        const reason = failures.length
          ? `${failures.map((f) => `${f.name} failed (${f.error})`).join('; ')}; using ${name}`
          : plan.reason;
        return { name, reason, failures };
      }
      failures.push({ name, error: 'tf.setBackend returned false' });
    } catch (err) {
      failures.push({ name, error: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new Error(`no tf.js backend could start: ${failures.map((f) => `${f.name}: ${f.error}`).join('; ')}`);
}
