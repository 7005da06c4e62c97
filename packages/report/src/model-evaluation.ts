import type { ModelParams } from '@churn/model';
import {
  type CalibrationBin,
  calibrationBins,
  type ScoreDistribution,
  scoreDistribution,
} from './calibration.js';
import {
  type CurvePoint,
  downsampleCurve,
  MAX_CURVE_POINTS,
  precisionRecallCurve,
  rocCurve,
} from './curves.js';
import { ReportError } from './errors.js';
import { categoryShares, type FeatureImportance, featureImportance } from './importance.js';

export const MODEL_EVALUATION_KIND = 'churn-model-evaluation';
export const MODEL_EVALUATION_SCHEMA_VERSION = 1;
/** The file next to model.onnx that holds the evaluation. */
export const MODEL_EVALUATION_FILE = 'evaluation.json';

/**
 * What the model report draws that the metrics JSON does not hold: curves of the test
 * split's scores (at most MAX_CURVE_POINTS points each), calibration, the score
 * distribution by class and feature importance. A few kilobytes.
 */
export interface ModelEvaluation {
  readonly kind: typeof MODEL_EVALUATION_KIND;
  readonly schemaVersion: typeof MODEL_EVALUATION_SCHEMA_VERSION;
  readonly model: { readonly name: string; readonly version: string };
  /** Rows and churners of the evaluated split. */
  readonly rows: number;
  readonly positives: number;
  /** [recall, precision, threshold], highest threshold first. */
  readonly precisionRecall: readonly CurvePoint[];
  /** [false positive rate, true positive rate, threshold], from (0, 0) to (1, 1). */
  readonly roc: readonly CurvePoint[];
  readonly calibration: readonly CalibrationBin[];
  readonly scoreDistribution: ScoreDistribution;
  readonly importance: FeatureImportance | null;
}

export interface ModelEvaluationInput {
  readonly model: { readonly name: string; readonly version: string };
  /** The test split's labels and the model's scores of its rows. */
  readonly labels: ArrayLike<number>;
  readonly scores: ArrayLike<number>;
  readonly params: ModelParams;
  /** Categorical columns of the training rows, for standardised coefficients of categories. */
  readonly trainingCategoricals?: ReadonlyMap<string, readonly string[]>;
}

// Six significant digits: a curve drawn at 500 px cannot show more, and the file stays small.
const round = (value: number) => Number(value.toPrecision(6));
const roundPoints = (points: readonly CurvePoint[]): CurvePoint[] =>
  points.map(([x, y, t]) => [round(x), round(y), round(t)]);

/**
 * The evaluation of a model on its test split, ready to store and draw.
 *
 * @example
 * const evaluation = modelEvaluation({ model, labels: test.label, scores, params });
 * evaluation.roc.length; // => at most 200
 */
export function modelEvaluation(input: ModelEvaluationInput): ModelEvaluation {
  const { labels, scores } = input;
  const pr = precisionRecallCurve(labels, scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]!;
  return {
    kind: MODEL_EVALUATION_KIND,
    schemaVersion: MODEL_EVALUATION_SCHEMA_VERSION,
    model: { name: input.model.name, version: input.model.version },
    rows: labels.length,
    positives,
    precisionRecall: roundPoints(downsampleCurve(pr, MAX_CURVE_POINTS)),
    roc: roundPoints(downsampleCurve(rocCurve(labels, scores), MAX_CURVE_POINTS)),
    calibration: calibrationBins(labels, scores, 10).map((bin) => ({
      ...bin,
      meanScore: bin.meanScore === null ? null : round(bin.meanScore),
      observedRate: bin.observedRate === null ? null : round(bin.observedRate),
    })),
    scoreDistribution: scoreDistribution(labels, scores, 20),
    importance: importanceOf(input),
  };
}

function importanceOf(input: ModelEvaluationInput): FeatureImportance | null {
  const shares = input.trainingCategoricals
    ? categoryShares(input.trainingCategoricals)
    : undefined;
  const importance = featureImportance(input.params, shares);
  if (!importance) return null;
  return {
    kind: importance.kind,
    features: importance.features.map((f) => ({ name: f.name, value: round(f.value) })),
  };
}

/**
 * Reads an evaluation file's text; refuses another kind or schemaVersion and a file whose
 * curves are not arrays of points, naming the field.
 */
export function parseModelEvaluation(text: string, source: string): ModelEvaluation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ReportError('CHURN_ERR_REPORT_EVALUATION', `${source} is not valid JSON`, { cause });
  }
  const record = (value ?? {}) as Record<string, unknown>;
  const fail = (field: string, what: string) =>
    new ReportError('CHURN_ERR_REPORT_EVALUATION', `${source}: ${field} ${what}`);
  if (record.kind !== MODEL_EVALUATION_KIND) {
    throw fail('kind', `is ${JSON.stringify(record.kind)}, not ${MODEL_EVALUATION_KIND}`);
  }
  if (record.schemaVersion !== MODEL_EVALUATION_SCHEMA_VERSION) {
    throw fail(
      'schemaVersion',
      `is ${JSON.stringify(record.schemaVersion)}; this reader knows ${MODEL_EVALUATION_SCHEMA_VERSION}`,
    );
  }
  for (const field of ['precisionRecall', 'roc'] as const) {
    const points = record[field];
    if (
      !Array.isArray(points) ||
      points.length < 2 ||
      !points.every((p) => Array.isArray(p) && p.length === 3 && p.every(Number.isFinite))
    ) {
      throw fail(field, 'must be a list of at least 2 [x, y, threshold] points');
    }
  }
  if (!Array.isArray(record.calibration)) throw fail('calibration', 'must be a list of bins');
  const distribution = record.scoreDistribution as Partial<ScoreDistribution> | undefined;
  if (
    !distribution ||
    !Array.isArray(distribution.edges) ||
    !Array.isArray(distribution.churned) ||
    !Array.isArray(distribution.retained) ||
    distribution.churned.length !== distribution.edges.length - 1 ||
    distribution.retained.length !== distribution.edges.length - 1
  ) {
    throw fail('scoreDistribution', 'must have edges and one count per bin for each class');
  }
  return value as ModelEvaluation;
}
