/** The file modules' public API (docs/data.md): decoders, encoders, exports. Pure: no DOM, no tf.js. */
export type { IoResult, Plane, RgbaImage } from './types.ts';
export { MAX_INPUT_PIXELS, MAX_INPUT_SIDE, MAX_SCENE_SIDE } from './limits.ts';
export type { FileFormat, ImageFormat } from './sniff.ts';
export { detectFormat, readImageHeader } from './sniff.ts';
export { decodeImage } from './image.ts';
export type { ColourCount, Rgb, TargetFromImage } from './fromImage.ts';
export {
  DEFAULT_TARGET_MODE,
  MAX_LABEL_COLOURS,
  labelColours,
  predictionFromImage,
  targetFromImage,
} from './fromImage.ts';
export type { NpyArray, NpyDtype } from './npy.ts';
export { encodeNpy, parseNpy } from './npy.ts';
export type { ChannelLayout, NpyLayout, PlaneChoice } from './npyPlane.ts';
export { npyLayout, planeFromNpy } from './npyPlane.ts';
export type { PredictionOptions, RawValues, TargetOptions } from './values.ts';
export { predictionFromValues, targetFromValues } from './values.ts';
export type { Fitted, ResampleKind } from './resample.ts';
export { fitToScene, fittedSize, isBinaryPlane, resizePlane } from './resample.ts';
export type { LayerRole, LoadedLayer, ReadLayerOptions } from './load.ts';
export { layerFromImage, readLayer } from './load.ts';
export { encodeLayerPng, encodePlaneNpy } from './encode.ts';
export type { LossValue, SceneReport } from './report.ts';
export { EXPORT_NAMES, METRIC_KEYS, METRIC_NAMES, reportCsv, reportJson } from './report.ts';
export type { CaseFileScene } from './caseFile.ts';
export { sceneCaseFile } from './caseFile.ts';
export type { PythonSnippetInput, Recipe } from './python.ts';
export { MONAI_VERSION, pythonSnippet, recipe } from './python.ts';
