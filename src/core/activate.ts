/**
 * Starts the first backend of a plan that works. Checks tf.setBackend's result and tf.getBackend(),
 * because setBackend returns false (or silently falls back) instead of throwing.
 */
import { tf } from './tf.ts';
import type { BackendName, BackendPlan } from './backend.ts';

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
