/** Browser-only: what kind of WebGL this context has (a page or a worker), read once before choosing a backend. */
import type { WebglProbe } from '../core/backend.ts';
import { isSoftwareRenderer } from '../core/backend.ts';

function probeCanvas(): HTMLCanvasElement | OffscreenCanvas | null {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  if (typeof document !== 'undefined') return document.createElement('canvas');
  return null;
}

export function probeWebgl(): WebglProbe {
  try {
    const canvas = probeCanvas();
    if (!canvas) return { available: false, renderer: null, software: false };
    // tf.js asks for no performance caveat; a context that needs one is software.
    const gl = (canvas.getContext('webgl2', { failIfMajorPerformanceCaveat: true }) ??
      canvas.getContext('webgl2')) as WebGL2RenderingContext | null;
    if (!gl) return { available: false, renderer: null, software: false };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info
      ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL))
      : String(gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, renderer, software: isSoftwareRenderer(renderer) };
  } catch {
    return { available: false, renderer: null, software: false };
  }
}
