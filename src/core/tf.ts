/**
 * The one place the core imports tf.js from: tfjs-core and the three backends, not the umbrella package.
 * The engine computes its gradients analytically, so it needs no autodiff kernels (tfjs-core registers
 * no gradients) and none of layers, converter or data. Each backend registers itself on import.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
export type Tensor = import('@tensorflow/tfjs-core').Tensor;
export type Tensor2D = import('@tensorflow/tfjs-core').Tensor2D;
/** The webgl backend's custom-program API (the program path, src/core/webgl/). */
export type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
