/**
 * Gradient-descent steps on the logits z of a prediction p = σ(z), as plain typed-array loops (no tf.js):
 * the learn mode's lanes call them with the engine's ∂L/∂z. Each step changes z (and the optimiser's
 * state) in place and nothing else, so the same settings, start and gradients give the same z bit for bit.
 *
 * The gradient is scaled by `gradScale` before the step (the learn session passes N, the pixel count):
 * the engine's losses are means over pixels, so N · ∂L/∂z is the gradient of the loss summed over pixels,
 * and one learning rate then suits every grid size.
 */

export type OptimizerKind = 'sgd' | 'momentum' | 'adam';

export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam'];

export interface OptimizerSettings {
  kind: OptimizerKind;
  /** Learning rate η > 0. */
  lr: number;
  /** Momentum μ ∈ [0, 1) (momentum only). */
  momentum: number;
  /** Adam's decay rates β₁, β₂ ∈ [0, 1) and its ε > 0. */
  beta1: number;
  beta2: number;
  eps: number;
}

export const DEFAULT_OPTIMIZER: Readonly<OptimizerSettings> = {
  kind: 'momentum',
  lr: 0.1,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
};

/** Logits are kept within ±Z_LIMIT: σ is then 1 − 9·10⁻¹⁴ at most (exactly 1 in float32), never NaN. */
export const Z_LIMIT = 30;

export interface OptimizerState {
  /** Steps taken so far (Adam's bias correction uses it). */
  t: number;
  /** Velocity (momentum) or first moment (Adam), one per pixel; null for plain SGD. */
  m: Float32Array | null;
  /** Adam's second moment, one per pixel; null otherwise. */
  v: Float32Array | null;
}

export function createOptimizerState(kind: OptimizerKind, n: number): OptimizerState {
  return {
    t: 0,
    m: kind === 'sgd' ? null : new Float32Array(n),
    v: kind === 'adam' ? new Float32Array(n) : null,
  };
}

/** A problem with the settings in words, or null when they are usable. */
export function checkOptimizer(s: OptimizerSettings): string | null {
  if (!OPTIMIZER_KINDS.includes(s.kind)) return `unknown optimizer “${String(s.kind)}”`;
  if (!(s.lr > 0 && s.lr <= 1e6)) return 'the learning rate must be in (0, 10⁶]';
  if (!(s.momentum >= 0 && s.momentum < 1)) return 'momentum must be in [0, 1)';
  if (!(s.beta1 >= 0 && s.beta1 < 1) || !(s.beta2 >= 0 && s.beta2 < 1)) return 'Adam’s β₁ and β₂ must be in [0, 1)';
  if (!(s.eps > 0 && s.eps <= 1)) return 'Adam’s ε must be in (0, 1]';
  return null;
}

const clampZ = (z: number) => (z > Z_LIMIT ? Z_LIMIT : z < -Z_LIMIT ? -Z_LIMIT : z);

/** SGD: z ← z − η·s·g. */
export function sgdStep(z: Float32Array, grad: Float32Array, lr: number, gradScale = 1): void {
  for (let i = 0; i < z.length; i++) z[i] = clampZ(z[i]! - lr * gradScale * grad[i]!);
}

/** SGD with (heavy-ball) momentum, as torch.optim.SGD: v ← μ·v + s·g; z ← z − η·v. */
export function momentumStep(
  z: Float32Array,
  grad: Float32Array,
  velocity: Float32Array,
  lr: number,
  mu: number,
  gradScale = 1,
): void {
  for (let i = 0; i < z.length; i++) {
    const v = mu * velocity[i]! + gradScale * grad[i]!;
    velocity[i] = v;
    z[i] = clampZ(z[i]! - lr * velocity[i]!);
  }
}

/**
 * Adam (Kingma & Ba 2015), at step t ≥ 1: m ← β₁·m + (1 − β₁)·s·g; v ← β₂·v + (1 − β₂)·(s·g)²;
 * z ← z − η·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
 */
export function adamStep(
  z: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  t: number,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  gradScale = 1,
): void {
  const c1 = 1 - beta1 ** t;
  const c2 = 1 - beta2 ** t;
  for (let i = 0; i < z.length; i++) {
    const g = gradScale * grad[i]!;
    m[i] = beta1 * m[i]! + (1 - beta1) * g;
    v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
    z[i] = clampZ(z[i]! - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps));
  }
}

/** One step of the chosen optimiser; `state` must come from createOptimizerState(settings.kind, z.length). */
export function optimizerStep(
  settings: OptimizerSettings,
  state: OptimizerState,
  z: Float32Array,
  grad: Float32Array,
  gradScale = 1,
): void {
  if (grad.length !== z.length) throw new Error(`gradient has ${grad.length} values, logits ${z.length}`);
  state.t += 1;
  switch (settings.kind) {
    case 'sgd':
      sgdStep(z, grad, settings.lr, gradScale);
      break;
    case 'momentum':
      momentumStep(z, grad, requireArray(state.m), settings.lr, settings.momentum, gradScale);
      break;
    case 'adam':
      adamStep(
        z,
        grad,
        requireArray(state.m),
        requireArray(state.v),
        state.t,
        settings.lr,
        settings.beta1,
        settings.beta2,
        settings.eps,
        gradScale,
      );
      break;
  }
}

function requireArray(a: Float32Array | null): Float32Array {
  if (!a) throw new Error('optimizer state does not match its kind');
  return a;
}
