import { ModelError } from '../errors.js';
import { ONNX_OUTPUT_NAME } from '../model-card.js';
import type { GradientBoostingParams, LogisticRegressionParams, ModelParams } from '../params.js';

/**
 * Checks that parameters can become a well-formed graph: unique non-empty names,
 * consistent lengths, finite numbers, tree links in range. Throws
 * CHURN_ERR_MODEL_PARAMS_INVALID listing every problem.
 */
export function validateParams(params: ModelParams): void {
  const issues: string[] = [];
  const names = [...params.categorical, ...params.numeric].map((input) => input.name);
  if (names.length === 0) issues.push('the model has no inputs');
  if (
    names.some((name) => name.length === 0 || name.startsWith('__') || name === ONNX_OUTPUT_NAME)
  ) {
    issues.push(
      `feature names must be non-empty, not start with "__" and not be ${ONNX_OUTPUT_NAME}`,
    );
  }
  if (new Set(names).size !== names.length) issues.push('feature names must be unique');
  for (const input of params.categorical) {
    if (input.categories.length === 0) issues.push(`${input.name}: empty vocabulary`);
    if (new Set(input.categories).size !== input.categories.length) {
      issues.push(`${input.name}: duplicate categories`);
    }
  }
  for (const input of params.numeric) finite(issues, `${input.name}.impute`, input.impute);
  if (params.kind === 'logistic_regression') logisticIssues(issues, params);
  else if (params.kind === 'gradient_boosting') boostingIssues(issues, params, names);
  else issues.push(`unknown model kind ${JSON.stringify((params as { kind: unknown }).kind)}`);
  if (issues.length > 0) {
    throw new ModelError('CHURN_ERR_MODEL_PARAMS_INVALID', 'model parameters cannot be exported', {
      issues,
    });
  }
}

function finite(issues: string[], label: string, value: number): void {
  if (!Number.isFinite(value)) issues.push(`${label}: expected a finite number, got ${value}`);
}

function logisticIssues(issues: string[], params: LogisticRegressionParams): void {
  finite(issues, 'intercept', params.intercept);
  for (const input of params.numeric) {
    finite(issues, `${input.name}.mean`, input.mean);
    finite(issues, `${input.name}.weight`, input.weight);
    finite(issues, `${input.name}.scale`, input.scale);
    if (input.scale === 0) issues.push(`${input.name}.scale: must not be 0`);
  }
  for (const input of params.categorical) {
    if (input.weights.length !== input.categories.length) {
      issues.push(
        `${input.name}: ${input.weights.length} weights for ${input.categories.length} categories`,
      );
    }
    input.weights.forEach((weight, i) => {
      finite(issues, `${input.name}.weights[${i}]`, weight);
    });
  }
}

function boostingIssues(issues: string[], params: GradientBoostingParams, names: string[]): void {
  finite(issues, 'baseScore', params.baseScore);
  const order = params.featureOrder;
  if (
    order.length !== names.length ||
    [...order].sort().join('\n') !== [...names].sort().join('\n')
  ) {
    issues.push('featureOrder must list each numeric and categorical input exactly once');
  }
  if (params.trees.length === 0) issues.push('trees: at least one tree is needed');
  params.trees.forEach((tree, t) => {
    const n = tree.feature.length;
    const arrays = [tree.threshold, tree.left, tree.right, tree.value];
    if (n === 0 || arrays.some((array) => array.length !== n)) {
      issues.push(`trees[${t}]: node arrays must be non-empty and of equal length`);
      return;
    }
    for (let i = 0; i < n; i++) {
      const leaf = tree.left[i] === -1;
      if (leaf !== (tree.right[i] === -1)) issues.push(`trees[${t}] node ${i}: one child missing`);
      if (leaf) {
        finite(issues, `trees[${t}] node ${i} value`, tree.value[i]!);
        continue;
      }
      const children = [tree.left[i]!, tree.right[i]!];
      if (children.some((child) => child === i || child < 0 || child >= n)) {
        issues.push(`trees[${t}] node ${i}: child index out of range`);
      }
      const feature = tree.feature[i]!;
      if (feature < 0 || feature >= order.length)
        issues.push(`trees[${t}] node ${i}: bad feature ${feature}`);
      if (Number.isNaN(tree.threshold[i])) issues.push(`trees[${t}] node ${i}: NaN threshold`);
    }
  });
}
