/** The scene model: plain arrays, no tf.js, React or DOM. */
export * from './types.ts';
export * from './brush.ts';
export * from './shapes.ts';
export * from './ops.ts';
export * from './raster.ts';
export * from './presets.ts';
export * from './presetClaims.ts';
export * from './history.ts';
export * from './resample.ts';
