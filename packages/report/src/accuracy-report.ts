import { figure } from './figure.js';
import { count, fixed, percent } from './format.js';
import { html } from './html.js';
import { renderPage } from './page.js';
import { columnChart } from './svg/column-chart.js';
import { type LineSeries, lineChart } from './svg/line-chart.js';
import { COLORS } from './svg/palette.js';

/** The parts of the worker's realized-accuracy report (`churn-realized-accuracy` v1) the page shows. */
export interface AccuracyReportData {
  readonly createdAt: string;
  readonly windowDays: number;
  readonly labels: { readonly lastDate: string | null };
  readonly days: ReadonlyArray<{
    readonly asOfDate: string;
    readonly model: { readonly name: string; readonly version: string } | null;
    readonly production: boolean;
    readonly rows: number;
    readonly unlabelled: number;
    readonly churnRate: number;
    readonly pr_auc: number | null;
    readonly roc_auc: number | null;
  }>;
  readonly pending: readonly string[];
}

/** The `data-chart` names of an accuracy report with at least one graded day. */
export const ACCURACY_REPORT_CHARTS = ['realized-auc', 'realized-churn-rate'] as const;

const DAY_MS = 86_400_000;

/** The lowest graded AUC of any day, to start the chart's y axis just below it. */
function lowestAuc(days: AccuracyReportData['days']): number {
  return Math.min(...days.map((d) => Math.min(d.pr_auc ?? 1, d.roc_auc ?? 1)));
}
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(Math.round(day) * DAY_MS).toISOString().slice(5, 10);

/**
 * The realized-accuracy page: pr_auc and roc_auc of each graded prediction day, its churn
 * rate, and a table with the model that made each day's predictions.
 */
export function renderAccuracyReport(report: AccuracyReportData): string {
  const days = report.days;
  const graded = days.filter((d) => d.pr_auc !== null && d.roc_auc !== null);
  const latest = [...graded].reverse().find((d) => d.production) ?? graded.at(-1);
  const series = (
    name: string,
    pick: (d: (typeof days)[number]) => number | null,
    color: string,
  ): LineSeries => ({
    name,
    color,
    markers: true,
    points: days.map((d): [number, number] => [dayNumber(d.asOfDate), pick(d) ?? Number.NaN]),
  });
  // Drawn only with a graded day: an empty axis has no scale.
  const auc = () =>
    lineChart({
      id: 'realized-auc',
      title: 'Realized PR AUC and ROC AUC by prediction date',
      xLabel: 'prediction date',
      yLabel: 'area under the curve',
      yDomain: [Math.max(0, Math.floor(lowestAuc(graded) * 10) / 10 - 0.1), 1],
      series: [
        series('ROC AUC', (d) => d.roc_auc, COLORS.muted),
        series('PR AUC', (d) => d.pr_auc, COLORS.primary),
      ],
      formatX: dateOf,
      formatY: (v) => v.toFixed(2),
    });
  const churn = () =>
    columnChart({
      id: 'realized-churn-rate',
      title: 'Churn rate by prediction date',
      xLabel: 'prediction date',
      yLabel: 'churned',
      categories: days.map((d) => d.asOfDate.slice(5)),
      series: [
        { name: 'churn rate', values: days.map((d) => d.churnRate), color: COLORS.secondary },
      ],
      formatY: (v) => `${Math.round(v * 100)}%`,
      height: 340,
    });
  const charts =
    graded.length === 0
      ? html`<section class="panel"><p class="sub">No prediction day has matured labels yet: nothing to grade.</p></section>`
      : html`<section class="charts">${figure('Realized AUC by prediction date', auc(), `Each stored day of predictions graded against the churn labels that matured ${report.windowDays} days later. A gap is a day whose labels are all one class.`)}${figure('Churn rate by prediction date', churn(), `Share of each day's scored users who churned within ${report.windowDays} days.`)}</section>`;
  const table = html`<table><thead><tr><th>prediction date</th><th>model</th><th class="num">rows</th><th class="num">unlabelled</th><th class="num">churn rate</th><th class="num">PR AUC</th><th class="num">ROC AUC</th></tr></thead><tbody>${days.map(
    (d) =>
      html`<tr><td>${d.asOfDate}</td><td>${d.model ? html`<span class="mono">${d.model.version}</span>` : 'unknown'}${d.production ? html` <span class="badge good">production</span>` : ''}</td><td class="num">${count(d.rows)}</td><td class="num">${count(d.unlabelled)}</td><td class="num">${percent(d.churnRate)}</td><td class="num" data-day="${d.asOfDate}" data-metric="pr_auc"${d.pr_auc === null ? '' : html` data-value="${String(d.pr_auc)}"`}>${fixed(d.pr_auc)}</td><td class="num" data-day="${d.asOfDate}" data-metric="roc_auc"${d.roc_auc === null ? '' : html` data-value="${String(d.roc_auc)}"`}>${fixed(d.roc_auc)}</td></tr>`,
  )}</tbody></table>`;
  const body = html`<header><h1>Realized accuracy</h1><p class="sub">labels matured through ${report.labels.lastDate ?? 'none yet'} · written ${report.createdAt}</p></header><section class="kpis"><div class="kpi"><div class="label">graded days</div><div class="value">${graded.length}</div></div><div class="kpi"><div class="label">pending days</div><div class="value">${report.pending.length}</div></div><div class="kpi"><div class="label">PR AUC, latest${latest?.production ? ' (production)' : ''}</div><div class="value">${fixed(latest?.pr_auc)}</div></div><div class="kpi"><div class="label">ROC AUC, latest${latest?.production ? ' (production)' : ''}</div><div class="value">${fixed(latest?.roc_auc)}</div></div></section>${charts}<section class="panel"><h2>Days</h2>${table}${report.pending.length > 0 ? html`<p class="sub">Pending (labels not matured): ${report.pending.join(', ')}</p>` : ''}</section><footer>Written by @churn/report next to realized_accuracy.json.</footer>`;
  return renderPage({ title: 'Realized accuracy', body });
}
