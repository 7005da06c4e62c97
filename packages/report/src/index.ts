/**
 * @churn/report: self-contained HTML reports with inline SVG charts. Pure functions from
 * data to an HTML string; every text is escaped. Callers write the files.
 */
export {
  ACCURACY_REPORT_CHARTS,
  type AccuracyReportData,
  renderAccuracyReport,
} from './accuracy-report.js';
export {
  type CalibrationBin,
  calibrationBins,
  type ScoreDistribution,
  scoreDistribution,
} from './calibration.js';
export {
  type CurvePoint,
  downsampleCurve,
  MAX_CURVE_POINTS,
  precisionRecallCurve,
  rocCurve,
  trapezoidArea,
} from './curves.js';
export {
  type DriftBin,
  type DriftReportData,
  type DriftStatus,
  driftReportCharts,
  type FeatureDrift,
  type PredictionDrift,
  renderDriftReport,
} from './drift-report.js';
export { ReportError, type ReportErrorCode, ReportErrorCodes } from './errors.js';
export { escapeHtml, html, raw, SafeHtml } from './html.js';
export { categoryShares, type FeatureImportance, featureImportance } from './importance.js';
export {
  MODEL_EVALUATION_FILE,
  MODEL_EVALUATION_KIND,
  MODEL_EVALUATION_SCHEMA_VERSION,
  type ModelEvaluation,
  type ModelEvaluationInput,
  modelEvaluation,
  parseModelEvaluation,
} from './model-evaluation.js';
export { type ModelMetrics, readModelMetrics } from './model-metrics.js';
export {
  type GatedAgainst,
  type GateOutcome,
  MODEL_REPORT_CHARTS,
  type ModelReportInput,
  renderModelReport,
} from './model-report.js';
export { renderPage, reportContentSecurityPolicy } from './page.js';
export { type Bar, type BarChartSpec, barChart } from './svg/bar-chart.js';
export { type ColumnChartSpec, type ColumnSeries, columnChart } from './svg/column-chart.js';
export { type ConfusionCounts, confusionMatrixChart } from './svg/confusion-matrix.js';
export {
  type LineChartSpec,
  type LineSeries,
  lineChart,
  linePath,
  type Point,
} from './svg/line-chart.js';
export { type LinearScale, linearScale, niceTicks } from './svg/scale.js';

/** The file name of a model's report, next to model.onnx. */
export const MODEL_REPORT_FILE = 'report.html';
