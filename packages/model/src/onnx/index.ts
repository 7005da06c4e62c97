export { buildOnnxModel, onnxGraphOf } from './build-onnx-model.js';
export {
  type ExportedModel,
  type ExportMeta,
  exportModel,
  modelCardFor,
} from './export-model.js';
export { ONNX_IR_VERSION, ONNX_OPSETS } from './graph-builder.js';
export { assertGraphTyped, graphTypeProblems } from './graph-types.js';
export {
  encodeModel,
  type OnnxAttribute,
  OnnxDataType,
  type OnnxGraph,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-proto.js';
export { ProtoWriter, WireType } from './protobuf-writer.js';
