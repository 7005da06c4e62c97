import { TrainError } from './errors.js';

/** training.imbalance_strategy: `class_weight` weighs classes "balanced", `none` weighs rows 1. */
export type ImbalanceStrategy = 'class_weight' | 'none';

/**
 * The weight of each class, [negative, positive]. "Balanced" as scikit-learn:
 * w_c = n / (2 * n_c), so both classes carry the same total weight and the weights sum to n.
 *
 * @example
 * classWeights(Uint8Array.of(0, 0, 0, 1), 'class_weight'); // => [0.667, 2]
 */
export function classWeights(label: Uint8Array, strategy: ImbalanceStrategy): [number, number] {
  if (strategy === 'none') return [1, 1];
  if (strategy !== 'class_weight') {
    throw new TrainError(
      'CHURN_ERR_TRAIN_INVALID_OPTION',
      `unknown imbalance strategy "${strategy}"`,
    );
  }
  let positives = 0;
  for (let i = 0; i < label.length; i++) positives += label[i]!;
  const negatives = label.length - positives;
  return [label.length / (2 * negatives), label.length / (2 * positives)];
}

/**
 * Per-row sample weights: each row weighs as its class (`classWeights`).
 *
 * @example
 * sampleWeights(Uint8Array.of(0, 0, 0, 1), 'class_weight'); // => [0.667, 0.667, 0.667, 2]
 */
export function sampleWeights(label: Uint8Array, strategy: ImbalanceStrategy): Float64Array {
  return weightsOf(label, classWeights(label, strategy));
}

/** Per-row weights of `label` from given class weights [negative, positive]. */
export function weightsOf(label: Uint8Array, weights: readonly [number, number]): Float64Array {
  const out = new Float64Array(label.length);
  for (let i = 0; i < label.length; i++) out[i] = weights[label[i]!]!;
  return out;
}
