/**
 * The one place the core imports tf.js from. The full package is needed: tfjs-core alone does not
 * register the kernels' gradients or the cpu backend. The wasm backend registers itself on import.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
export type Tensor = import('@tensorflow/tfjs').Tensor;
export type Tensor2D = import('@tensorflow/tfjs').Tensor2D;
export type Scalar = import('@tensorflow/tfjs').Scalar;
