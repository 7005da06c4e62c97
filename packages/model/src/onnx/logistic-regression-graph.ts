import { ONNX_OUTPUT_NAME } from '../model-card.js';
import type { LogisticRegressionParams } from '../params.js';
import {
  encodedCategory,
  featureInputs,
  floatMatrix,
  GraphBuilder,
  imputed,
  probabilityOutput,
} from './graph-builder.js';
import type { OnnxModel } from './onnx-proto.js';

/**
 * P(churn) = sigmoid(intercept + sum_j weight_j * (x_j - mean_j) / scale_j + sum_c w_c[category]).
 * Numerics: the [N, K] input -> Imputer (NaN -> impute) -> Sub mean -> Div scale -> MatMul weights.
 * Categoricals: each column of the [N, C] input through a LabelEncoder, category -> its
 * weight (0 when unknown). Then Sum and Sigmoid.
 */
export function logisticRegressionGraph(params: LogisticRegressionParams): OnnxModel {
  const g = new GraphBuilder(featureInputs(params.categorical, params.numeric));
  const terms: string[] = [];
  const numeric = params.numeric;
  if (numeric.length > 0) {
    const width = numeric.length;
    const mean = g.constant(
      'mean',
      [1, width],
      numeric.map((input) => input.mean),
    );
    const scale = g.constant(
      'scale',
      [1, width],
      numeric.map((input) => input.scale),
    );
    const weights = g.constant(
      'weights',
      [width, 1],
      numeric.map((input) => input.weight),
    );
    const centred = g.node('Sub', [imputed(g, numeric), mean], floatMatrix(width));
    const z = g.node('Div', [centred, scale], floatMatrix(width));
    terms.push(g.node('MatMul', [z, weights], floatMatrix(1)));
  }
  params.categorical.forEach((input, j) => {
    terms.push(encodedCategory(g, j, input.categories, input.weights, 0));
  });
  terms.push(g.constant('intercept', [1, 1], [params.intercept]));
  const logit = g.node('Sum', terms, floatMatrix(1));
  g.node('Sigmoid', [logit], floatMatrix(1), [], { output: ONNX_OUTPUT_NAME });
  return g.model('churn_logistic_regression', [probabilityOutput]);
}
