import { ONNX_OUTPUT_NAME } from '../model-card.js';
import type { GradientBoostingParams } from '../params.js';
import {
  encodedCategory,
  featureInputs,
  floatMatrix,
  GraphBuilder,
  imputed,
  probabilityOutput,
} from './graph-builder.js';
import type { OnnxAttribute, OnnxModel } from './onnx-proto.js';

const ML = { domain: 'ai.onnx.ml' };

/**
 * P(churn) = sigmoid(baseScore + sum of the trees' leaf values).
 * Numerics: the [N, K] input with NaN imputed. Categoricals: each column of the [N, C]
 * input through a LabelEncoder, category -> float code (index in the vocabulary, -1
 * unknown). The tree matrix is [numerics, codes] (feature ids are remapped from
 * `featureOrder` to it), then one ai.onnx.ml TreeEnsembleRegressor (BRANCH_LEQ: go to
 * the true/left child when x <= threshold, SUM of leaves plus base_values) and a Sigmoid.
 */
export function gradientBoostingGraph(params: GradientBoostingParams): OnnxModel {
  const g = new GraphBuilder(featureInputs(params.categorical, params.numeric));
  const blocks: string[] = [];
  if (params.numeric.length > 0) blocks.push(imputed(g, params.numeric));
  params.categorical.forEach((input, j) => {
    const codes = input.categories.map((_, i) => i);
    blocks.push(encodedCategory(g, j, input.categories, codes, -1));
  });
  const matrixColumns = [...params.numeric, ...params.categorical].map((input) => input.name);
  const matrix =
    blocks.length === 1
      ? blocks[0]!
      : g.node('Concat', blocks, floatMatrix(matrixColumns.length), [
          { name: 'axis', type: 'int', value: 1 },
        ]);
  const logit = g.node(
    'TreeEnsembleRegressor',
    [matrix],
    floatMatrix(1),
    treeAttributes(params, matrixColumns),
    ML,
  );
  g.node('Sigmoid', [logit], floatMatrix(1), [], { output: ONNX_OUTPUT_NAME });
  return g.model('churn_gradient_boosting', [probabilityOutput]);
}

/** `matrixColumns`: the feature name of each column of the tree matrix. */
function treeAttributes(
  params: GradientBoostingParams,
  matrixColumns: readonly string[],
): OnnxAttribute[] {
  const columnOf = params.featureOrder.map((name) => matrixColumns.indexOf(name));
  const nodes = { tree: [] as number[], id: [] as number[], feature: [] as number[] };
  const links = {
    mode: [] as string[],
    value: [] as number[],
    yes: [] as number[],
    no: [] as number[],
  };
  const targets = { tree: [] as number[], node: [] as number[], weight: [] as number[] };
  params.trees.forEach((tree, t) => {
    for (let i = 0; i < tree.feature.length; i++) {
      const leaf = tree.left[i] === -1;
      nodes.tree.push(t);
      nodes.id.push(i);
      nodes.feature.push(leaf ? 0 : columnOf[tree.feature[i]!]!);
      links.mode.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      links.value.push(leaf ? 0 : tree.threshold[i]!);
      links.yes.push(leaf ? 0 : tree.left[i]!);
      links.no.push(leaf ? 0 : tree.right[i]!);
      if (leaf) {
        targets.tree.push(t);
        targets.node.push(i);
        targets.weight.push(tree.value[i]!);
      }
    }
  });
  return [
    { name: 'aggregate_function', type: 'string', value: 'SUM' },
    { name: 'base_values', type: 'floats', value: [params.baseScore] },
    { name: 'n_targets', type: 'int', value: 1 },
    { name: 'nodes_falsenodeids', type: 'ints', value: links.no },
    { name: 'nodes_featureids', type: 'ints', value: nodes.feature },
    { name: 'nodes_modes', type: 'strings', value: links.mode },
    { name: 'nodes_nodeids', type: 'ints', value: nodes.id },
    { name: 'nodes_treeids', type: 'ints', value: nodes.tree },
    { name: 'nodes_truenodeids', type: 'ints', value: links.yes },
    { name: 'nodes_values', type: 'floats', value: links.value },
    { name: 'post_transform', type: 'string', value: 'NONE' },
    { name: 'target_ids', type: 'ints', value: new Array(targets.tree.length).fill(0) },
    { name: 'target_nodeids', type: 'ints', value: targets.node },
    { name: 'target_treeids', type: 'ints', value: targets.tree },
    { name: 'target_weights', type: 'floats', value: targets.weight },
  ];
}
