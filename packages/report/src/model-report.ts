import { figure } from './figure.js';
import { count, fixed, percent, signed } from './format.js';
import { html, type SafeHtml } from './html.js';
import type { ModelEvaluation } from './model-evaluation.js';
import type { ModelMetrics } from './model-metrics.js';
import { renderPage } from './page.js';
import { barChart } from './svg/bar-chart.js';
import { columnChart } from './svg/column-chart.js';
import { confusionMatrixChart } from './svg/confusion-matrix.js';
import { type LineSeries, lineChart, type Point } from './svg/line-chart.js';
import { COLORS } from './svg/palette.js';

/** The charts every model report has, by their `data-chart` name. */
export const MODEL_REPORT_CHARTS = [
  'precision-recall',
  'roc',
  'calibration',
  'score-distribution',
  'confusion-matrix',
  'feature-importance',
] as const;

/** The production model a candidate was gated against, with its stored metrics. */
export interface GatedAgainst {
  readonly name: string;
  readonly version: string;
  /** Its numeric metrics as the registry holds them. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Its evaluation, to draw its curves beside the candidate's; null when it has none. */
  readonly evaluation: ModelEvaluation | null;
}

/** What the promotion gate decided about this model. */
export interface GateOutcome {
  readonly primaryMetric: string;
  readonly minImprovement: number;
  /** This model became production. */
  readonly promoted: boolean;
  /** One sentence: why it was or was not promoted. */
  readonly summary: string;
  /** Production before the decision; null for the first model. */
  readonly production: GatedAgainst | null;
}

export interface ModelReportInput {
  readonly model: {
    readonly name: string;
    readonly version: string;
    readonly algorithm: string;
    readonly createdAt: string;
    readonly primaryMetric: string;
  };
  readonly metrics: ModelMetrics;
  readonly trainingData: {
    readonly fingerprint: string;
    readonly rows: number;
    readonly fromDate: string;
    readonly toDate: string;
  };
  readonly evaluation: ModelEvaluation;
  readonly gate: GateOutcome;
}

/** Metrics of the table and the gate comparison, in order, with their format. */
const TABLE_METRICS = [
  ['pr_auc', 'PR AUC (average precision)', fixed],
  ['roc_auc', 'ROC AUC', fixed],
  ['precision', 'Precision at the threshold', fixed],
  ['recall', 'Recall at the threshold', fixed],
  ['f1', 'F1 at the threshold', fixed],
  ['accuracy', 'Accuracy at the threshold', fixed],
  ['test_predicted_churn_rate', 'Predicted churn rate', percent],
  ['test_churn_rate', 'Actual churn rate', percent],
] as const;

/** A table cell holding a number of the metrics JSON: `data-value` keeps it unrounded. */
function metricCell(key: string, value: number, format: (v: number) => string): SafeHtml {
  return html`<td class="num" data-metric="${key}" data-value="${String(value)}">${format(value)}</td>`;
}

function kpis(input: ModelReportInput): SafeHtml {
  const { metrics } = input;
  const items = [
    ['pr_auc', 'PR AUC', metrics.pr_auc, fixed],
    ['roc_auc', 'ROC AUC', metrics.roc_auc, fixed],
    ['precision', `Precision @ ${metrics.threshold}`, metrics.precision, fixed],
    ['recall', `Recall @ ${metrics.threshold}`, metrics.recall, fixed],
  ] as const;
  return html`<section class="kpis">${items.map(
    ([key, label, value, format]) =>
      html`<div class="kpi"><div class="label">${label}</div><div class="value" data-metric="${key}" data-value="${String(value)}">${format(value)}</div></div>`,
  )}</section>`;
}

function metricsTable(metrics: ModelMetrics): SafeHtml {
  return html`<section class="panel"><h2>Metrics on the test split</h2><table><thead><tr><th>metric</th><th class="num">value</th></tr></thead><tbody>${TABLE_METRICS.map(
    ([key, label, format]) =>
      html`<tr><td>${label}</td>${metricCell(key, metrics[key], format)}</tr>`,
  )}<tr><td>Decision threshold</td>${metricCell('threshold', metrics.threshold, String)}</tr></tbody></table></section>`;
}

function dataPanel(input: ModelReportInput): SafeHtml {
  const { metrics, trainingData } = input;
  const training = Object.entries(metrics.training ?? {}).map(
    ([key, value]) =>
      html`<dt>${key.replaceAll('_', ' ')}</dt><dd>${typeof value === 'number' && !Number.isInteger(value) ? fixed(value) : String(value)}</dd>`,
  );
  return html`<section class="panel"><h2>Training data</h2><dl><dt>training window</dt><dd><span data-field="train_from">${metrics.train_from}</span> to <span data-field="train_to">${metrics.train_to}</span></dd><dt>test window</dt><dd><span data-field="test_from">${metrics.test_from}</span> to <span data-field="test_to">${metrics.test_to}</span></dd><dt>training rows</dt><dd data-metric="train_rows" data-value="${String(metrics.train_rows)}">${count(metrics.train_rows)}</dd><dt>test rows</dt><dd data-metric="test_rows" data-value="${String(metrics.test_rows)}">${count(metrics.test_rows)}</dd><dt>rows in the training set</dt><dd>${count(trainingData.rows)}</dd><dt>churn rate, training rows</dt><dd data-metric="train_churn_rate" data-value="${String(metrics.train_churn_rate)}">${percent(metrics.train_churn_rate)}</dd><dt>churn rate, test rows</dt><dd data-metric="test_churn_rate" data-value="${String(metrics.test_churn_rate)}">${percent(metrics.test_churn_rate)}</dd><dt>features</dt><dd data-metric="features" data-value="${String(metrics.features)}">${metrics.features}</dd>${metrics.imbalance_strategy ? html`<dt>class imbalance</dt><dd>${metrics.imbalance_strategy}</dd>` : ''}${training}<dt>data fingerprint</dt><dd class="mono">${trainingData.fingerprint.slice(0, 23)}…</dd></dl></section>`;
}

function gatePanel(input: ModelReportInput): SafeHtml {
  const { gate, metrics } = input;
  const badge = gate.promoted
    ? html`<span class="badge good">promoted</span>`
    : html`<span class="badge neutral">not promoted</span>`;
  const production = gate.production;
  const rule = html`<p class="sub">Rule: a candidate replaces production when its ${gate.primaryMetric} is higher by at least ${gate.minImprovement}. Each model's metrics are on its own test split.</p>`;
  if (!production) {
    return html`<section class="panel" data-section="gate"><h2>Promotion gate ${badge}</h2><p>${gate.summary}</p>${rule}</section>`;
  }
  const rows = TABLE_METRICS.filter(([key]) => key !== 'test_churn_rate').map(
    ([key, label, format]) => {
      const theirs = production.metrics[key];
      const ours = metrics[key];
      const delta = typeof theirs === 'number' ? ours - theirs : null;
      const primary = key === gate.primaryMetric;
      return html`<tr${primary ? html` class="primary"` : ''}><td>${label}${primary ? html` <span class="badge neutral">gate</span>` : ''}</td>${metricCell(key, ours, format)}<td class="num" data-production-metric="${key}"${typeof theirs === 'number' ? html` data-value="${String(theirs)}"` : ''}>${typeof theirs === 'number' ? format(theirs) : '—'}</td><td class="num">${delta === null ? '—' : format === percent ? percent(delta) : signed(delta)}</td></tr>`;
    },
  );
  return html`<section class="panel" data-section="gate"><h2>Promotion gate ${badge}</h2><p>${gate.summary}</p><table><thead><tr><th>metric</th><th class="num">this model</th><th class="num">production ${production.version}</th><th class="num">difference</th></tr></thead><tbody>${rows}</tbody></table>${rule}</section>`;
}

const points = (curve: ReadonlyArray<readonly [number, number, number]>): Point[] =>
  curve.map(([x, y]) => [x, y]);

function charts(input: ModelReportInput): SafeHtml {
  const { evaluation, metrics, gate } = input;
  const theirs = gate.production?.evaluation ?? null;
  const label = `this model (${input.model.name})`;
  const withProduction = (
    ours: readonly Point[],
    pick: (e: ModelEvaluation) => readonly Point[],
  ): LineSeries[] => [
    ...(theirs && gate.production
      ? [
          {
            name: `production ${gate.production.name}`,
            points: pick(theirs),
            color: COLORS.muted,
            dashed: true,
          },
        ]
      : []),
    { name: label, points: ours, color: COLORS.primary },
  ];
  const baseRate = evaluation.positives / evaluation.rows;
  const pr = lineChart({
    id: 'precision-recall',
    title: 'Precision-recall curve',
    xLabel: 'recall',
    yLabel: 'precision',
    xDomain: [0, 1],
    yDomain: [0, 1],
    series: withProduction(points(evaluation.precisionRecall), (e) => points(e.precisionRecall)),
    reference: { kind: 'level', y: baseRate, label: `churn rate ${percent(baseRate)}` },
  });
  const roc = lineChart({
    id: 'roc',
    title: 'ROC curve',
    xLabel: 'false positive rate',
    yLabel: 'true positive rate',
    xDomain: [0, 1],
    yDomain: [0, 1],
    series: withProduction(points(evaluation.roc), (e) => points(e.roc)),
    reference: { kind: 'diagonal' },
  });
  const calibration = lineChart({
    id: 'calibration',
    title: 'Calibration curve',
    xLabel: 'mean predicted risk',
    yLabel: 'observed churn rate',
    xDomain: [0, 1],
    yDomain: [0, 1],
    series: [
      {
        name: label,
        color: COLORS.primary,
        markers: true,
        points: evaluation.calibration
          .filter((bin) => bin.meanScore !== null && bin.observedRate !== null)
          .map((bin): Point => [bin.meanScore!, bin.observedRate!]),
      },
    ],
    reference: { kind: 'diagonal' },
  });
  const { edges, churned, retained } = evaluation.scoreDistribution;
  const share = (values: readonly number[]) => {
    const total = values.reduce((sum, v) => sum + v, 0);
    return values.map((v) => (total === 0 ? 0 : v / total));
  };
  const bins = edges.length - 1;
  const distribution = columnChart({
    id: 'score-distribution',
    title: 'Score distribution by class',
    xLabel: 'predicted churn risk',
    yLabel: 'share of the class',
    categories: edges.slice(0, -1).map((edge, k) => `${edge}-${edges[k + 1]}`),
    edges: edges.map((edge) => edge.toFixed(1)),
    labelEvery: Math.max(1, Math.round(bins / 10)),
    series: [
      { name: 'retained', values: share(retained), color: COLORS.muted },
      { name: 'churned', values: share(churned), color: COLORS.secondary },
    ],
    marker: { position: metrics.threshold * bins, label: `threshold ${metrics.threshold}` },
    formatY: (v) => `${Math.round(v * 100)}%`,
  });
  const matrix = confusionMatrixChart({
    id: 'confusion-matrix',
    title: `Confusion matrix at threshold ${metrics.threshold}`,
    counts: metrics.confusion_matrix,
    threshold: metrics.threshold,
  });
  const importance = evaluation.importance;
  const top = importance?.features.slice(0, 15) ?? [];
  const importanceChart =
    importance && top.length > 0
      ? figure(
          importance.kind === 'gain'
            ? 'Feature importance (gain)'
            : 'Feature importance (standardised coefficients)',
          barChart({
            id: 'feature-importance',
            title: 'Feature importance',
            xLabel:
              importance.kind === 'gain'
                ? 'share of the total split gain'
                : 'change in log-odds per standard deviation',
            bars: top.map((f) => ({
              label: f.name,
              value: f.value,
              color: f.value < 0 ? COLORS.secondary : COLORS.primary,
            })),
            format:
              importance.kind === 'gain' ? (v) => `${(v * 100).toFixed(1)}%` : (v) => v.toFixed(2),
          }),
          importance.kind === 'gain'
            ? `Gain: the loss reduction of every split on a feature, summed over the trees, as a share of the total. Top ${top.length} of ${importance.features.length}.`
            : `Standardised coefficients: the change in log-odds of churn for one standard deviation more of a feature (a category: of its indicator). Positive raises the risk. Top ${top.length} of ${importance.features.length}.`,
        )
      : html`<figure><h3>Feature importance</h3><p class="sub">Feature importance is not available for this model (trained before split gains were kept).</p></figure>`;
  return html`<section class="charts">${figure('Precision-recall curve', pr, `Precision and recall at every threshold on the ${count(evaluation.rows)} test rows; the dashed line is the churn rate (a random ranking).`)}${figure('ROC curve', roc, 'True against false positive rate at every threshold; the diagonal is a random ranking.')}${figure('Calibration', calibration, 'Test rows in ten score bins: mean predicted risk against the churn rate observed. On the diagonal, a risk of 0.3 means 30 % churn.')}${figure('Score distribution by class', distribution, 'Share of each class in twenty score bins; the less the two overlap, the better the ranking.')}${figure(`Confusion matrix at ${metrics.threshold}`, matrix, `Test rows by actual and predicted class at the threshold ${metrics.threshold}.`)}${importanceChart}</section>`;
}

/**
 * The model report: one self-contained HTML page (inline style and SVG, no script, nothing
 * fetched) with the test metrics, the curves, calibration, score distribution, confusion
 * matrix, feature importance, the training data and the promotion gate's comparison.
 */
export function renderModelReport(input: ModelReportInput): string {
  const { model, gate } = input;
  const status = gate.promoted
    ? html`<span class="badge good">promoted to production</span>`
    : html`<span class="badge neutral">not promoted</span>`;
  const body = html`<header><h1>Model report: ${model.name} ${status}</h1><p class="sub">version <span class="mono" data-field="version">${model.version}</span> · ${model.algorithm} · trained ${model.createdAt} · primary metric ${model.primaryMetric}</p></header>${kpis(input)}<div class="columns">${metricsTable(input.metrics)}${dataPanel(input)}</div>${gatePanel(input)}${charts(input)}<footer>Written by @churn/report from the model's metrics JSON and evaluation.json (curves of the test split's scores, at most 200 points each).</footer>`;
  return renderPage({ title: `Model report ${model.name} ${model.version}`, body });
}
