import { ReportError } from './errors.js';
import type { ConfusionCounts } from './svg/confusion-matrix.js';

/**
 * The fields of a model's metrics JSON (`artifacts/metrics/<version>.json`, the model card's
 * `metrics`) that the model report shows.
 */
export interface ModelMetrics {
  readonly pr_auc: number;
  readonly roc_auc: number;
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly accuracy: number;
  readonly confusion_matrix: ConfusionCounts;
  readonly train_rows: number;
  readonly test_rows: number;
  readonly train_churn_rate: number;
  readonly test_churn_rate: number;
  readonly test_predicted_churn_rate: number;
  readonly train_from: string;
  readonly train_to: string;
  readonly test_from: string;
  readonly test_to: string;
  readonly features: number;
  readonly imbalance_strategy?: string;
  readonly training?: Readonly<Record<string, number | boolean | string>>;
}

const NUMBERS = [
  'pr_auc',
  'roc_auc',
  'threshold',
  'precision',
  'recall',
  'f1',
  'accuracy',
  'train_rows',
  'test_rows',
  'train_churn_rate',
  'test_churn_rate',
  'test_predicted_churn_rate',
  'features',
] as const;
const DATES = ['train_from', 'train_to', 'test_from', 'test_to'] as const;

/**
 * Checks that a metrics object has every field the report shows, naming each one that is
 * missing or of the wrong type (`metrics.pr_auc must be a finite number`).
 */
export function readModelMetrics(
  value: Readonly<Record<string, unknown>>,
  source: string,
): ModelMetrics {
  const problems: string[] = [];
  for (const key of NUMBERS) {
    if (typeof value[key] !== 'number' || !Number.isFinite(value[key])) {
      problems.push(`metrics.${key} must be a finite number`);
    }
  }
  for (const key of DATES) {
    if (typeof value[key] !== 'string') problems.push(`metrics.${key} must be a date string`);
  }
  const cm = value.confusion_matrix as Record<string, unknown> | undefined;
  for (const key of ['tn', 'fp', 'fn', 'tp']) {
    if (!Number.isInteger(cm?.[key]))
      problems.push(`metrics.confusion_matrix.${key} must be an integer`);
  }
  if (problems.length > 0) {
    throw new ReportError('CHURN_ERR_REPORT_INPUT', `${source}: ${problems.join('; ')}`);
  }
  return value as unknown as ModelMetrics;
}
