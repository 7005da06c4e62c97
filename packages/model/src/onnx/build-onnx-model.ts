import type { ModelParams } from '../params.js';
import { gradientBoostingGraph } from './gradient-boosting-graph.js';
import { logisticRegressionGraph } from './logistic-regression-graph.js';
import { encodeModel, type OnnxModel } from './onnx-proto.js';
import { validateParams } from './validate-params.js';

/** The ONNX graph of trained parameters (validated first). */
export function onnxGraphOf(params: ModelParams): OnnxModel {
  validateParams(params);
  return params.kind === 'logistic_regression'
    ? logisticRegressionGraph(params)
    : gradientBoostingGraph(params);
}

/** The bytes of the .onnx file for `params`: same parameters, same bytes. */
export function buildOnnxModel(params: ModelParams): Uint8Array {
  return encodeModel(onnxGraphOf(params));
}
