import type { ModelParams } from '../params.js';
import { gradientBoostingGraph } from './gradient-boosting-graph.js';
import { assertGraphTyped } from './graph-types.js';
import { logisticRegressionGraph } from './logistic-regression-graph.js';
import { encodeModel, type OnnxModel } from './onnx-proto.js';
import { validateParams } from './validate-params.js';

/** The ONNX graph of trained parameters (validated first; every tensor typed). */
export function onnxGraphOf(params: ModelParams): OnnxModel {
  validateParams(params);
  const model =
    params.kind === 'logistic_regression'
      ? logisticRegressionGraph(params)
      : gradientBoostingGraph(params);
  assertGraphTyped(model.graph);
  return model;
}

/** The bytes of the .onnx file for `params`: same parameters, same bytes. */
export function buildOnnxModel(params: ModelParams): Uint8Array {
  return encodeModel(onnxGraphOf(params));
}
