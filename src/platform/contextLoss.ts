/**
 * Browser-only: notice when the WebGL context behind tf.js is lost (GPU reset, driver update, too
 * many contexts) so the app can switch to another backend and keep the scene.
 */
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { tf } from '../core/tf.ts';

type GlCanvas = HTMLCanvasElement | OffscreenCanvas;

function webglCanvas(): GlCanvas | null {
  if (tf.getBackend() !== 'webgl') return null;
  try {
    const backend = tf.backend() as unknown as MathBackendWebGL;
    return (backend.gpgpu.gl.canvas as GlCanvas) ?? null;
  } catch {
    return null;
  }
}

/** Calls onLost once when the active webgl backend's context is lost; returns an unsubscribe. */
export function watchWebglContext(onLost: () => void): () => void {
  const canvas = webglCanvas();
  if (!canvas) return () => {};
  let fired = false;
  const handler = (e: Event) => {
    e.preventDefault();
    if (fired) return;
    fired = true;
    onLost();
  };
  canvas.addEventListener('webglcontextlost', handler as EventListener);
  return () => canvas.removeEventListener('webglcontextlost', handler as EventListener);
}

/** For tests and demos: loses the webgl backend's context on purpose. Returns false when not on webgl. */
export function loseWebglContext(): boolean {
  if (tf.getBackend() !== 'webgl') return false;
  try {
    const backend = tf.backend() as unknown as MathBackendWebGL;
    const ext = backend.gpgpu.gl.getExtension('WEBGL_lose_context');
    if (!ext) return false;
    ext.loseContext();
    return true;
  } catch {
    return false;
  }
}
