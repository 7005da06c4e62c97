import { describe, expect, it } from 'vitest';
import { ModelErrorCodes } from '../src/index.js';
import { assertGraphTyped, graphTypeProblems, onnxGraphOf } from '../src/onnx/index.js';
import type { OnnxGraph } from '../src/onnx/onnx-proto.js';
import { gbParams, lrParams } from './onnx-fixtures.js';

const variants = {
  'logistic regression': lrParams,
  'logistic regression, numerics only': { ...lrParams, categorical: [] },
  'logistic regression, categoricals only': { ...lrParams, numeric: [] },
  'gradient boosting': gbParams,
};

describe('graphTypeProblems', () => {
  it.each(Object.entries(variants))('finds every tensor of the %s graph typed', (_, params) => {
    const { graph } = onnxGraphOf(params);
    expect(graphTypeProblems(graph)).toEqual([]);
    // Every node output but the graph output is declared in value_info.
    const intermediate = graph.nodes.flatMap((node) => node.outputs).slice(0, -1);
    expect(graph.valueInfo.map((info) => info.name)).toEqual(intermediate);
  });

  it('declares the Imputer output, which onnx cannot infer, as float [N, K]', () => {
    const { graph } = onnxGraphOf(lrParams);
    const imputer = graph.nodes.find((node) => node.opType === 'Imputer')!;
    expect(graph.valueInfo.find((info) => info.name === imputer.outputs[0])).toMatchObject({
      elemType: 'float',
      shape: ['N', lrParams.numeric.length],
    });
  });

  it('reports an intermediate tensor without a declared type', () => {
    const { graph } = onnxGraphOf(gbParams);
    const imputer = graph.nodes.find((node) => node.opType === 'Imputer')!.outputs[0]!;
    const untyped: OnnxGraph = {
      ...graph,
      valueInfo: graph.valueInfo.filter((info) => info.name !== imputer),
    };
    expect(graphTypeProblems(untyped)).toEqual([
      expect.stringContaining(`output ${imputer} has no declared type`),
    ]);
    expect(() => assertGraphTyped(untyped)).toThrow(
      expect.objectContaining({ code: ModelErrorCodes.CHURN_ERR_MODEL_GRAPH_UNTYPED }),
    );
  });

  it('reports a declared type that contradicts the node inputs', () => {
    const { graph } = onnxGraphOf(lrParams);
    const wrong: OnnxGraph = {
      ...graph,
      valueInfo: graph.valueInfo.map((info, i) =>
        i === 0 ? { ...info, shape: [...info.shape, 1] } : info,
      ),
    };
    expect(graphTypeProblems(wrong)).toContainEqual(
      expect.stringContaining('declared float[N,3,1], its inputs give float[N,3]'),
    );
  });

  it('reports a node input that nothing produces', () => {
    const { graph } = onnxGraphOf(lrParams);
    const [first, ...rest] = graph.nodes;
    const dangling: OnnxGraph = {
      ...graph,
      nodes: [{ ...first!, inputs: ['no_such_tensor'] }, ...rest],
    };
    expect(graphTypeProblems(dangling)).toContainEqual(
      expect.stringContaining('input no_such_tensor has no type'),
    );
  });
});
