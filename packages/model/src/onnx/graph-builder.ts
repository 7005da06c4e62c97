import { ONNX_CATEGORICAL_INPUT, ONNX_NUMERIC_INPUT, ONNX_OUTPUT_NAME } from '../model-card.js';
import type {
  OnnxAttribute,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxTensor,
  OnnxValueInfo,
} from './onnx-proto.js';

/** The ONNX IR version and operator sets every exported model declares. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSETS = [
  { domain: '', version: 17 },
  { domain: 'ai.onnx.ml', version: 3 },
] as const;
/** Symbolic batch dimension of every input and the output. */
export const BATCH_DIM = 'N';
const PRODUCER = { name: 'churn-mlops-ts', version: '1' };

/** Element type and shape of a tensor. */
export type TensorType = Omit<OnnxValueInfo, 'name'>;

/** A float tensor of shape [N, width]. */
export function floatMatrix(width: number): TensorType {
  return { elemType: 'float', shape: [BATCH_DIM, width] };
}

/**
 * Collects nodes and constants in the order they are added. Internal value names
 * carry a `__` prefix so they can never clash with a feature (an input) name.
 */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly valueInfo: OnnxValueInfo[] = [];
  private readonly names = new Set<string>();

  constructor(private readonly inputs: readonly OnnxValueInfo[]) {
    for (const input of inputs) this.names.add(input.name);
  }

  /** A float constant of shape `dims`; returns its name. */
  constant(hint: string, dims: readonly number[], data: ArrayLike<number>): string {
    const name = this.unique(hint);
    this.initializers.push({ name, elemType: 'float', dims, data: Float32Array.from(data) });
    return name;
  }

  /** A 1-D int64 constant (e.g. Gather indices); returns its name. */
  int64Constant(hint: string, data: readonly number[]): string {
    const name = this.unique(hint);
    this.initializers.push({ name, elemType: 'int64', dims: [data.length], data });
    return name;
  }

  /**
   * Adds a node with one output of type `type`; returns the output name. The type is
   * declared in the graph's value_info (unless the output is a graph output), so every
   * tensor has a type even after operators onnx cannot infer (see graph-types.ts).
   */
  node(
    opType: string,
    inputs: readonly string[],
    type: TensorType,
    attributes: readonly OnnxAttribute[] = [],
    options: { domain?: string; output?: string } = {},
  ): string {
    const output = options.output ?? this.unique(opType.toLowerCase());
    this.names.add(output);
    this.valueInfo.push({ name: output, ...type });
    this.nodes.push({
      name: `${opType}_${this.nodes.length}`,
      opType,
      domain: options.domain ?? '',
      inputs,
      outputs: [output],
      attributes,
    });
    return output;
  }

  model(graphName: string, outputs: readonly OnnxValueInfo[]): OnnxModel {
    const outputNames = new Set(outputs.map((output) => output.name));
    const graph: OnnxGraph = {
      name: graphName,
      nodes: this.nodes,
      initializers: this.initializers,
      inputs: this.inputs,
      outputs,
      valueInfo: this.valueInfo.filter((info) => !outputNames.has(info.name)),
    };
    return {
      irVersion: ONNX_IR_VERSION,
      opsets: ONNX_OPSETS,
      producerName: PRODUCER.name,
      producerVersion: PRODUCER.version,
      graph,
    };
  }

  private unique(hint: string): string {
    let name = `__${hint}`;
    for (let i = 1; this.names.has(name); i++) name = `__${hint}_${i}`;
    this.names.add(name);
    return name;
  }
}

/** A graph input matrix and the feature held in each of its columns. */
export interface FeatureInput extends OnnxValueInfo {
  readonly columns: readonly string[];
}

/**
 * Graph inputs: the categorical features as one [N, C] string matrix and the numeric ones
 * as one [N, K] float matrix (NaN = missing), columns in parameter order; an input with no
 * columns is left out. onnxruntime-node pays ~1.7 µs per input tensor and run, so one input
 * per feature (47) cost ~90 µs a run against ~15 µs for these two.
 */
export function featureInputs(
  categorical: ReadonlyArray<{ readonly name: string }>,
  numeric: ReadonlyArray<{ readonly name: string }>,
): FeatureInput[] {
  const matrices = [
    { name: ONNX_CATEGORICAL_INPUT, elemType: 'string' as const, features: categorical },
    { name: ONNX_NUMERIC_INPUT, elemType: 'float' as const, features: numeric },
  ];
  return matrices
    .filter(({ features }) => features.length > 0)
    .map(({ name, elemType, features }) => ({
      name,
      elemType,
      shape: [BATCH_DIM, features.length],
      columns: features.map((feature) => feature.name),
    }));
}

export const probabilityOutput: OnnxValueInfo = {
  name: ONNX_OUTPUT_NAME,
  elemType: 'float',
  shape: [BATCH_DIM, 1],
};

/**
 * Column `index` of the categorical input (Gather on axis 1, [N,1]) through an ai.onnx.ml
 * LabelEncoder: category i -> `values[i]`, anything else -> `unknown`.
 */
export function encodedCategory(
  g: GraphBuilder,
  index: number,
  categories: readonly string[],
  values: readonly number[],
  unknown: number,
): string {
  const at = g.int64Constant(`column_${index}`, [index]);
  const column = g.node(
    'Gather',
    [ONNX_CATEGORICAL_INPUT, at],
    { elemType: 'string', shape: [BATCH_DIM, 1] },
    [{ name: 'axis', type: 'int', value: 1 }],
  );
  return g.node(
    'LabelEncoder',
    [column],
    floatMatrix(1),
    [
      { name: 'default_float', type: 'float', value: unknown },
      { name: 'keys_strings', type: 'strings', value: categories },
      { name: 'values_floats', type: 'floats', value: values },
    ],
    { domain: 'ai.onnx.ml' },
  );
}

/** The numeric input with each column's NaN replaced by its `impute` value (ai.onnx.ml Imputer). */
export function imputed(
  g: GraphBuilder,
  numeric: ReadonlyArray<{ readonly impute: number }>,
): string {
  return g.node(
    'Imputer',
    [ONNX_NUMERIC_INPUT],
    floatMatrix(numeric.length),
    [
      { name: 'imputed_value_floats', type: 'floats', value: numeric.map((input) => input.impute) },
      { name: 'replaced_value_float', type: 'float', value: Number.NaN },
    ],
    { domain: 'ai.onnx.ml' },
  );
}
