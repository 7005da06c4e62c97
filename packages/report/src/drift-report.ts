import { figure } from './figure.js';
import { count, fixed } from './format.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './page.js';
import { barChart } from './svg/bar-chart.js';
import { columnChart } from './svg/column-chart.js';
import { COLORS } from './svg/palette.js';

export type DriftStatus = 'OK' | 'WARN' | 'FAIL';

/**
 * A bin of a numeric feature or of the scores: bounds (null = open end) and both shares; a
 * missing-values bin has `missing: true` and null bounds.
 */
export interface DriftBin {
  readonly lower: number | null;
  readonly upper: number | null;
  readonly missing?: true;
  readonly referenceShare: number;
  readonly currentShare: number;
}

/** One monitored feature's drift: PSI and its status, with the shares per bin or category. */
export type FeatureDrift =
  | {
      readonly name: string;
      readonly type: 'numeric';
      readonly psi: number;
      readonly status: DriftStatus;
      readonly currentMissing: number;
      readonly bins: readonly DriftBin[];
    }
  | {
      readonly name: string;
      readonly type: 'categorical';
      readonly psi: number;
      readonly status: DriftStatus;
      readonly categories: ReadonlyArray<{
        readonly category: string;
        readonly referenceShare: number;
        readonly currentShare: number;
      }>;
    };

/** The drift of the model's scores. */
export interface PredictionDrift {
  readonly psi: number;
  readonly status: DriftStatus;
  readonly currentMean: number;
  readonly bins: readonly DriftBin[];
}

/** The parts of the worker's drift report (`churn-drift-report` v2) that the page shows. */
export interface DriftReportData {
  readonly createdAt: string;
  readonly status: DriftStatus;
  readonly method: string;
  readonly thresholds: { readonly warn: number; readonly fail: number };
  readonly reference: {
    readonly model: { readonly name: string; readonly version: string };
    readonly source: string;
    readonly window: { readonly from: string; readonly to: string };
    readonly rows: number;
  };
  readonly current: {
    readonly file: string;
    readonly asOfDate: string;
    readonly rows: number;
    readonly population: { readonly kind: string; readonly excludedRows: number };
  };
  readonly features: readonly FeatureDrift[];
  /** Drift of the model's scores; null when no model was given. */
  readonly predictions: PredictionDrift | null;
  /** Names of the features (and `predictions`) at FAIL. */
  readonly failing: readonly string[];
}

/** The `data-chart` names a drift report has: PSI by feature, then shares per bin of each. */
export function driftReportCharts(report: DriftReportData): string[] {
  return [
    'psi-by-feature',
    ...(report.predictions ? ['prediction-shares'] : []),
    ...report.features.map((f) => `shares-${f.name}`),
  ];
}

const STATUS_COLOR: Record<DriftStatus, string> = {
  OK: COLORS.primary,
  WARN: COLORS.warn,
  FAIL: COLORS.fail,
};
const STATUS_BADGE: Record<DriftStatus, string> = { OK: 'good', WARN: 'warn', FAIL: 'bad' };

function badge(status: DriftStatus): SafeHtml {
  return html`<span class="badge ${STATUS_BADGE[status]}">${status}</span>`;
}

/** A short label of a bin: "≤ 3", "3–7", "> 20", "missing". */
function binLabel(bin: DriftBin): string {
  const n = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(3)).toString());
  if (bin.missing) return 'missing';
  if (bin.lower === null && bin.upper === null) return 'all';
  if (bin.lower === null) return `≤ ${n(bin.upper!)}`;
  if (bin.upper === null) return `> ${n(bin.lower)}`;
  return `${n(bin.lower)}–${n(bin.upper)}`;
}

function sharesChart(
  id: string,
  title: string,
  xLabel: string,
  bins: ReadonlyArray<{ label: string; referenceShare: number; currentShare: number }>,
) {
  return columnChart({
    id,
    title,
    xLabel,
    yLabel: 'share of rows',
    categories: bins.map((b) => b.label),
    labelEvery: bins.length > 12 ? 2 : 1,
    series: [
      { name: 'reference', values: bins.map((b) => b.referenceShare), color: COLORS.muted },
      { name: 'current', values: bins.map((b) => b.currentShare), color: COLORS.primary },
    ],
    formatY: (v) => `${Math.round(v * 100)}%`,
    height: 260,
  });
}

/**
 * The drift report page: PSI per feature as bars against the WARN and FAIL thresholds, the
 * model's score distribution, and each feature's reference and current shares per bin.
 */
export function renderDriftReport(report: DriftReportData): string {
  const features = [...report.features].sort((a, b) => b.psi - a.psi);
  const psi = barChart({
    id: 'psi-by-feature',
    title: 'PSI by feature',
    xLabel: 'population stability index',
    bars: [
      ...(report.predictions
        ? [
            {
              label: 'model scores',
              value: report.predictions.psi,
              color: STATUS_COLOR[report.predictions.status],
            },
          ]
        : []),
      ...features.map((f) => ({ label: f.name, value: f.psi, color: STATUS_COLOR[f.status] })),
    ],
    markers: [
      {
        value: report.thresholds.warn,
        label: `WARN ${report.thresholds.warn}`,
        color: COLORS.warn,
      },
      {
        value: report.thresholds.fail,
        label: `FAIL ${report.thresholds.fail}`,
        color: COLORS.fail,
      },
    ],
    format: (v) => v.toFixed(3),
    width: 1000,
  });
  const table = html`<table><thead><tr><th>feature</th><th>type</th><th class="num">PSI</th><th>status</th></tr></thead><tbody>${[
    ...(report.predictions
      ? [
          {
            name: 'model scores',
            type: 'prediction',
            psi: report.predictions.psi,
            status: report.predictions.status,
          },
        ]
      : []),
    ...features,
  ].map(
    (f) =>
      html`<tr class="${f.status === 'OK' ? '' : f.status.toLowerCase()}"><td>${f.name}</td><td>${f.type}</td><td class="num" data-psi="${f.name}" data-value="${String(f.psi)}">${fixed(f.psi)}</td><td>${badge(f.status)}</td></tr>`,
  )}</tbody></table>`;
  const predictions = report.predictions
    ? figure(
        'Model scores',
        sharesChart(
          'prediction-shares',
          'Model scores: shares per bin',
          'churn risk',
          report.predictions.bins.map((b) => ({ ...b, label: binLabel(b) })),
        ),
        html`The production model's scores of this day against its scores of the reference rows. Mean today ${fixed(report.predictions.currentMean, 3)}; PSI ${fixed(report.predictions.psi)} ${badge(report.predictions.status)}`,
      )
    : '';
  const perFeature = features.map((f) => {
    const bins =
      f.type === 'numeric'
        ? f.bins.map((b) => ({ ...b, label: binLabel(b) }))
        : f.categories.map((c) => ({ ...c, label: c.category }));
    return figure(
      f.name,
      sharesChart(
        `shares-${f.name}`,
        `${f.name}: shares per bin`,
        f.type === 'numeric' ? `${f.name} (reference quantile bins)` : f.name,
        bins,
      ),
      html`PSI ${fixed(f.psi)} ${badge(f.status)}`,
    );
  });
  const { reference, current } = report;
  const body = html`<header><h1>Drift report ${current.asOfDate} ${badge(report.status)}</h1><p class="sub">production model <span class="mono">${reference.model.version}</span> · written ${report.createdAt}</p></header><section class="kpis"><div class="kpi"><div class="label">status</div><div class="value">${report.status}</div></div><div class="kpi"><div class="label">features checked</div><div class="value">${features.length}</div></div><div class="kpi"><div class="label">failing</div><div class="value">${report.failing.length}</div></div><div class="kpi"><div class="label">rows compared</div><div class="value">${count(current.rows)}</div></div></section><div class="columns"><section class="panel"><h2>What is compared</h2><dl><dt>reference</dt><dd>${reference.source}</dd><dt>reference window</dt><dd>${reference.window.from} to ${reference.window.to}</dd><dt>reference rows</dt><dd>${count(reference.rows)}</dd><dt>current day</dt><dd>${current.asOfDate}</dd><dt>current rows</dt><dd>${count(current.rows)} (${current.population.kind} users; ${count(current.population.excludedRows)} left out)</dd><dt>thresholds</dt><dd>WARN ≥ ${report.thresholds.warn}, FAIL ≥ ${report.thresholds.fail}</dd><dt>method</dt><dd>${report.method}</dd></dl></section><section class="panel"><h2>PSI by feature</h2>${table}</section></div><section class="charts wide">${figure('Population stability index', psi, "PSI of each monitored feature and of the model's scores against the reference; bars coloured by status.")}</section><section class="charts">${predictions}${perFeature}</section><footer>Written by @churn/report next to the drift report's JSON.</footer>`;
  return renderPage({ title: `Drift report ${current.asOfDate}`, body });
}
