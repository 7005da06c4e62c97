import type {
  OnnxAttribute,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxTensor,
  OnnxValueInfo,
} from './onnx-proto.js';

/** The ONNX versions every exported model uses (see contracts.md). */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSETS = [
  { domain: '', version: 17 },
  { domain: 'ai.onnx.ml', version: 3 },
] as const;
export const ONNX_OUTPUT_NAME = 'churn_probability';
/** Symbolic batch dimension of every input and the output. */
export const BATCH_DIM = 'N';
const PRODUCER = { name: 'churn-mlops-ts', version: '1' };

/**
 * Collects nodes and constants in the order they are added. Internal value names
 * carry a `__` prefix so they can never clash with a feature (an input) name.
 */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
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

  /** Adds a node with one output; returns the output name. */
  node(
    opType: string,
    inputs: readonly string[],
    attributes: readonly OnnxAttribute[] = [],
    options: { domain?: string; output?: string } = {},
  ): string {
    const output = options.output ?? this.unique(opType.toLowerCase());
    this.names.add(output);
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
    const graph: OnnxGraph = {
      name: graphName,
      nodes: this.nodes,
      initializers: this.initializers,
      inputs: this.inputs,
      outputs,
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

/** Graph inputs: one [N,1] tensor per feature, categoricals as strings, numerics as floats. */
export function featureInputs(
  categorical: ReadonlyArray<{ readonly name: string }>,
  numeric: ReadonlyArray<{ readonly name: string }>,
): OnnxValueInfo[] {
  return [
    ...categorical.map(({ name }) => ({
      name,
      elemType: 'string' as const,
      shape: [BATCH_DIM, 1],
    })),
    ...numeric.map(({ name }) => ({ name, elemType: 'float' as const, shape: [BATCH_DIM, 1] })),
  ];
}

export const probabilityOutput: OnnxValueInfo = {
  name: ONNX_OUTPUT_NAME,
  elemType: 'float',
  shape: [BATCH_DIM, 1],
};
