import { ProtoWriter } from './protobuf-writer.js';

/**
 * Plain-data ONNX model and its protobuf encoding. Field numbers are those of
 * onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto). Only what our graphs use is modelled. Fields are
 * written in field-number order and nothing time-dependent is written, so equal
 * models encode to equal bytes.
 */

/** TensorProto.DataType values. */
export const OnnxDataType = { FLOAT: 1, INT64: 7, STRING: 8 } as const;
export type OnnxElemType = 'float' | 'int64' | 'string';

const ELEM_TYPE: Record<OnnxElemType, number> = {
  float: OnnxDataType.FLOAT,
  int64: OnnxDataType.INT64,
  string: OnnxDataType.STRING,
};

/** AttributeProto.AttributeType values. */
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, floats: 6, ints: 7, strings: 8 };

export type OnnxAttribute =
  | { readonly name: string; readonly type: 'float'; readonly value: number }
  | { readonly name: string; readonly type: 'int'; readonly value: number }
  | { readonly name: string; readonly type: 'string'; readonly value: string }
  | { readonly name: string; readonly type: 'tensor'; readonly value: OnnxTensor }
  | { readonly name: string; readonly type: 'floats'; readonly value: ArrayLike<number> }
  | { readonly name: string; readonly type: 'ints'; readonly value: ArrayLike<number> }
  | { readonly name: string; readonly type: 'strings'; readonly value: readonly string[] };

export interface OnnxTensor {
  readonly name: string;
  readonly elemType: 'float' | 'int64';
  readonly dims: readonly number[];
  readonly data: ArrayLike<number>;
}

export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  /** '' for ai.onnx, 'ai.onnx.ml' for the classic-ML operators. */
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly OnnxAttribute[];
}

export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: OnnxElemType;
  /** A number is a fixed dimension, a string a symbolic one (e.g. 'N' for the batch). */
  readonly shape: ReadonlyArray<number | string>;
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  /**
   * The type of every intermediate tensor (node outputs that are not graph outputs).
   * ai.onnx.ml operators such as Imputer have no type inference, so without these
   * onnx's checker (full_check) cannot type the nodes after them.
   */
  readonly valueInfo: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  readonly irVersion: number;
  readonly opsets: ReadonlyArray<{ readonly domain: string; readonly version: number }>;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly graph: OnnxGraph;
}

/** Encodes a model as the bytes of an .onnx file (a serialized ModelProto). */
export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int64(1, model.irVersion);
  w.string(2, model.producerName);
  w.string(3, model.producerVersion);
  w.message(7, (g) => writeGraph(g, model.graph));
  for (const opset of model.opsets) {
    w.message(8, (o) => o.string(1, opset.domain).int64(2, opset.version));
  }
  return w.finish();
}

function writeGraph(w: ProtoWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) w.message(1, (n) => writeNode(n, node));
  w.string(2, graph.name);
  for (const tensor of graph.initializers) w.message(5, (t) => writeTensor(t, tensor));
  for (const input of graph.inputs) w.message(11, (v) => writeValueInfo(v, input));
  for (const output of graph.outputs) w.message(12, (v) => writeValueInfo(v, output));
  for (const info of graph.valueInfo) w.message(13, (v) => writeValueInfo(v, info));
}

function writeNode(w: ProtoWriter, node: OnnxNode): void {
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name);
  w.string(4, node.opType);
  for (const attribute of node.attributes) w.message(5, (a) => writeAttribute(a, attribute));
  if (node.domain !== '') w.string(7, node.domain);
}

function writeAttribute(w: ProtoWriter, attribute: OnnxAttribute): void {
  w.string(1, attribute.name);
  switch (attribute.type) {
    case 'float':
      w.float(2, attribute.value);
      break;
    case 'int':
      w.int64(3, attribute.value);
      break;
    case 'string':
      w.string(4, attribute.value);
      break;
    case 'tensor':
      w.message(5, (t) => writeTensor(t, attribute.value));
      break;
    case 'floats':
      w.packedFloats(7, attribute.value);
      break;
    case 'ints':
      w.packedVarints(8, attribute.value);
      break;
    case 'strings':
      for (const value of attribute.value) w.string(9, value);
      break;
  }
  w.int64(20, ATTRIBUTE_TYPE[attribute.type]);
}

function writeTensor(w: ProtoWriter, tensor: OnnxTensor): void {
  w.packedVarints(1, tensor.dims);
  w.int64(2, ELEM_TYPE[tensor.elemType]);
  if (tensor.elemType === 'float') w.packedFloats(4, tensor.data);
  else w.packedVarints(7, tensor.data);
  w.string(8, tensor.name);
}

function writeValueInfo(w: ProtoWriter, info: OnnxValueInfo): void {
  w.string(1, info.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int64(1, ELEM_TYPE[info.elemType]);
      tensor.message(2, (shape) => {
        for (const dim of info.shape) {
          shape.message(1, (d) => (typeof dim === 'number' ? d.int64(1, dim) : d.string(2, dim)));
        }
      });
    }),
  );
}
