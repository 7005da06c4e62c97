import type { ImbalanceStrategy } from './class-weight.js';
import type { EarlyStoppingScoring } from './early-stopping.js';
import type { GradientBoostingOptions } from './gradient-boosting.js';
import type { LogisticRegressionOptions } from './logistic-regression.js';

/**
 * The `training` section of the configuration as plain values (snake_case, as in
 * config.yaml). `ResolvedConfig['training']` fits it; the package stays free of config loading.
 */
export interface TrainingSettings {
  readonly imbalance_strategy: ImbalanceStrategy;
  /** Seeds every random row sample of training. */
  readonly seed: number;
  readonly logistic_regression: {
    readonly l2: number;
    readonly max_iter: number;
    readonly tolerance: number;
  };
  readonly gradient_boosting: {
    readonly learning_rate: number;
    readonly max_iter: number;
    readonly max_depth: number;
    readonly max_leaf_nodes: number;
    readonly min_samples_leaf: number;
    readonly l2_regularization: number;
    readonly max_bins: number;
    readonly early_stopping: boolean;
    readonly validation_fraction: number;
    readonly scoring: EarlyStoppingScoring;
    readonly n_iter_no_change: number;
    readonly tol: number;
  };
}

/** Logistic-regression options from the `training` settings. */
export function logisticRegressionOptions(settings: TrainingSettings): LogisticRegressionOptions {
  const lr = settings.logistic_regression;
  return {
    l2: lr.l2,
    maxIter: lr.max_iter,
    tolerance: lr.tolerance,
    imbalanceStrategy: settings.imbalance_strategy,
    seed: settings.seed,
  };
}

/** Gradient-boosting options from the `training` settings; early stopping when switched on. */
export function gradientBoostingOptions(settings: TrainingSettings): GradientBoostingOptions {
  const gb = settings.gradient_boosting;
  return {
    learningRate: gb.learning_rate,
    maxIter: gb.max_iter,
    maxDepth: gb.max_depth,
    maxLeafNodes: gb.max_leaf_nodes,
    minSamplesLeaf: gb.min_samples_leaf,
    l2Regularization: gb.l2_regularization,
    maxBins: gb.max_bins,
    imbalanceStrategy: settings.imbalance_strategy,
    seed: settings.seed,
    ...(gb.early_stopping
      ? {
          earlyStopping: {
            validationFraction: gb.validation_fraction,
            scoring: gb.scoring,
            nIterNoChange: gb.n_iter_no_change,
            tol: gb.tol,
          },
        }
      : {}),
  };
}
