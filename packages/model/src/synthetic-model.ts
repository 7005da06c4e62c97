import type { GradientBoostingParams, RegressionTree } from './params.js';
import { Random } from './train/random.js';

export interface RandomEnsembleOptions {
  readonly numeric: readonly string[];
  readonly categorical: ReadonlyArray<{ readonly name: string; readonly categories: string[] }>;
  /** Tree matrix columns (what `tree.feature` indexes); default categoricals then numerics. */
  readonly featureOrder?: readonly string[];
  readonly trees: number;
  /** Training's max_leaf_nodes and max_depth defaults. */
  readonly maxLeaves?: number;
  readonly maxDepth?: number;
  readonly seed?: number;
}

/**
 * A random gradient-boosting model of the shape training produces, for benchmarks of
 * export and scoring: only timings mean anything, never the scores. Trees grow leaf-wise
 * like the trainer's: a random open leaf above the depth limit splits, on a random
 * feature, until `maxLeaves` leaves. Same options, same model.
 *
 * @example
 * const params = randomGradientBoosting({ numeric: ['events_7d'], categorical: [], trees: 66 });
 */
export function randomGradientBoosting(options: RandomEnsembleOptions): GradientBoostingParams {
  const { maxLeaves = 31, maxDepth = 6 } = options;
  const featureOrder = options.featureOrder ?? [
    ...options.categorical.map((input) => input.name),
    ...options.numeric,
  ];
  const generator = new Random(options.seed ?? 42);
  const random = () => generator.next();
  const tree = (): RegressionTree => {
    const feature = [-1];
    const threshold = [0];
    const left = [-1];
    const right = [-1];
    const depth = [0];
    const open = [0];
    for (let leaves = 1; leaves < maxLeaves && open.length > 0; ) {
      const node = open.splice(Math.floor(random() * open.length), 1)[0]!;
      if (depth[node]! >= maxDepth) continue;
      feature[node] = Math.floor(random() * featureOrder.length);
      threshold[node] = Math.fround(random() * 30);
      for (const side of [left, right]) {
        side[node] = feature.length;
        open.push(feature.length);
        depth.push(depth[node]! + 1);
        feature.push(-1);
        threshold.push(0);
        left.push(-1);
        right.push(-1);
      }
      leaves++;
    }
    return {
      feature: Int32Array.from(feature),
      threshold: Float32Array.from(threshold),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      value: Float64Array.from(left, (child) => (child === -1 ? (random() - 0.5) * 0.1 : 0)),
    };
  };
  return {
    kind: 'gradient_boosting',
    numeric: options.numeric.map((name) => ({ name, impute: 0 })),
    categorical: options.categorical.map(({ name, categories }) => ({ name, categories })),
    featureOrder: [...featureOrder],
    baseScore: -0.5,
    trees: Array.from({ length: options.trees }, tree),
  };
}
