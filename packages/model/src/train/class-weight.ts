import { TrainError } from './errors.js';

/** training.imbalance_strategy: `class_weight` weighs classes "balanced", `none` weighs rows 1. */
export type ImbalanceStrategy = 'class_weight' | 'none';

/**
 * Per-row sample weights. "Balanced" as scikit-learn: w_c = n / (2 * n_c), so both
 * classes carry the same total weight and the weights sum to n.
 *
 * @example
 * sampleWeights(Uint8Array.of(0, 0, 0, 1), 'class_weight'); // => [0.667, 0.667, 0.667, 2]
 */
export function sampleWeights(label: Uint8Array, strategy: ImbalanceStrategy): Float64Array {
  const weights = new Float64Array(label.length).fill(1);
  if (strategy === 'none') return weights;
  if (strategy !== 'class_weight') {
    throw new TrainError('CHURN_ERR_INVALID_OPTION', `unknown imbalance strategy "${strategy}"`);
  }
  let positives = 0;
  for (let i = 0; i < label.length; i++) positives += label[i]!;
  const negatives = label.length - positives;
  const positiveWeight = label.length / (2 * positives);
  const negativeWeight = label.length / (2 * negatives);
  for (let i = 0; i < label.length; i++) {
    weights[i] = label[i] === 1 ? positiveWeight : negativeWeight;
  }
  return weights;
}
