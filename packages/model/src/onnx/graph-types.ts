import { ModelError } from '../errors.js';
import type { OnnxElemType, OnnxGraph, OnnxNode, OnnxValueInfo } from './onnx-proto.js';

type Dim = number | string;
interface Typed {
  readonly elemType: OnnxElemType;
  readonly shape: readonly Dim[];
}

/** NumPy broadcasting of two shapes (ONNX multidirectional broadcasting); null if they clash. */
function broadcast(a: readonly Dim[], b: readonly Dim[]): Dim[] | null {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let k = 0; k < rank; k++) {
    const x = a[a.length - rank + k] ?? 1;
    const y = b[b.length - rank + k] ?? 1;
    if (x === y || y === 1) out.push(x);
    else if (x === 1) out.push(y);
    else return null;
  }
  return out;
}

function attribute(node: OnnxNode, name: string) {
  return node.attributes.find((a) => a.name === name);
}

/**
 * The output type of `node` from its input types, for the operators our graphs use;
 * a string says why it cannot be typed.
 */
function inferOutput(node: OnnxNode, inputs: readonly Typed[]): Typed | string {
  const [first] = inputs;
  if (first === undefined) return 'has no inputs';
  const sameElem = inputs.every((input) => input.elemType === first.elemType);
  switch (node.opType) {
    case 'Imputer':
    case 'Sigmoid':
      return first;
    case 'Gather': {
      const axis = attribute(node, 'axis')?.value ?? 0;
      const indices = inputs[1];
      if (axis !== 1 || first.shape.length !== 2 || indices?.shape.length !== 1) {
        return 'Gather is typed only for axis 1 of a matrix with 1-D indices';
      }
      return { elemType: first.elemType, shape: [first.shape[0]!, indices.shape[0]!] };
    }
    case 'LabelEncoder': {
      const elemType = attribute(node, 'values_floats')
        ? 'float'
        : attribute(node, 'values_int64s')
          ? 'int64'
          : 'string';
      return { elemType, shape: first.shape };
    }
    case 'Concat': {
      const axis = attribute(node, 'axis')?.value;
      if (axis !== 1 || !sameElem || inputs.some((input) => input.shape.length !== 2)) {
        return 'Concat is typed only on axis 1 of matrices of one element type';
      }
      const widths = inputs.map((input) => input.shape[1]!);
      const width = widths.every((w) => typeof w === 'number')
        ? (widths as number[]).reduce((sum, w) => sum + w, 0)
        : `concat_${node.name}`;
      return { elemType: first.elemType, shape: [first.shape[0]!, width] };
    }
    case 'TreeEnsembleRegressor': {
      const targets = attribute(node, 'n_targets')?.value;
      return {
        elemType: 'float',
        shape: [first.shape[0]!, typeof targets === 'number' ? targets : 1],
      };
    }
    case 'Sub':
    case 'Div':
    case 'Sum': {
      if (!sameElem) return `${node.opType} inputs differ in element type`;
      let shape: Dim[] | null = [...first.shape];
      for (const input of inputs.slice(1)) shape = shape && broadcast(shape, input.shape);
      return shape === null ? `${node.opType} inputs do not broadcast` : { ...first, shape };
    }
    case 'MatMul': {
      const b = inputs[1];
      if (!sameElem || b === undefined || first.shape.length !== 2 || b.shape.length !== 2) {
        return 'MatMul is typed only for two matrices of one element type';
      }
      if (first.shape[1] !== b.shape[0]) return 'MatMul inner dimensions differ';
      return { elemType: first.elemType, shape: [first.shape[0]!, b.shape[1]!] };
    }
    default:
      return `operator ${node.opType} is not known to the type check`;
  }
}

const show = (t: Typed) => `${t.elemType}[${t.shape.join(',')}]`;

/**
 * Every problem that stops a graph being fully typed, one line each: a node input that
 * is no graph input, initializer or earlier node output; a node output with no declared
 * type (value_info or graph output); a declared type that differs from the one implied
 * by the node's inputs. The TypeScript counterpart of onnx's `check_model(full_check=True)`
 * for the operators we export. Empty: the graph is fully typed.
 */
export function graphTypeProblems(graph: OnnxGraph): string[] {
  const problems: string[] = [];
  const known = new Map<string, Typed>();
  for (const input of graph.inputs) known.set(input.name, input);
  for (const tensor of graph.initializers)
    known.set(
      tensor.name,
      tensor.elemType === 'float'
        ? { elemType: 'float', shape: tensor.dims }
        : { elemType: 'int64', shape: tensor.dims },
    );
  const declared = new Map<string, OnnxValueInfo>();
  for (const info of [...graph.valueInfo, ...graph.outputs]) declared.set(info.name, info);
  for (const node of graph.nodes) {
    const inputs: Typed[] = [];
    for (const name of node.inputs) {
      const type = known.get(name);
      if (type === undefined) problems.push(`${node.name}: input ${name} has no type`);
      else inputs.push(type);
    }
    if (inputs.length !== node.inputs.length) continue;
    const inferred = inferOutput(node, inputs);
    for (const output of node.outputs) {
      const type = declared.get(output);
      if (type === undefined) {
        problems.push(`${node.name}: output ${output} has no declared type (value_info)`);
        // Carry on with the inferred type, so one missing declaration is one problem.
        if (typeof inferred !== 'string') known.set(output, inferred);
        continue;
      }
      if (typeof inferred === 'string') problems.push(`${node.name}: ${inferred}`);
      else if (show(inferred) !== show(type)) {
        problems.push(
          `${node.name}: output ${output} declared ${show(type)}, its inputs give ${show(inferred)}`,
        );
      }
      known.set(output, type);
    }
  }
  for (const output of graph.outputs) {
    if (!known.has(output.name))
      problems.push(`graph output ${output.name} is produced by no node`);
  }
  return problems;
}

/** Throws CHURN_ERR_MODEL_GRAPH_UNTYPED listing `graphTypeProblems(graph)`, if any. */
export function assertGraphTyped(graph: OnnxGraph): void {
  const problems = graphTypeProblems(graph);
  if (problems.length > 0) {
    throw new ModelError(
      'CHURN_ERR_MODEL_GRAPH_UNTYPED',
      `ONNX graph ${graph.name} is not fully typed`,
      { issues: problems },
    );
  }
}
