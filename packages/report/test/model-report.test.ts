import { describe, expect, it } from 'vitest';
import {
  ACCURACY_REPORT_CHARTS,
  driftReportCharts,
  MODEL_REPORT_CHARTS,
  modelEvaluation,
  parseModelEvaluation,
  readModelMetrics,
  renderAccuracyReport,
  renderDriftReport,
  renderModelReport,
  reportContentSecurityPolicy,
} from '../src/index.js';
import {
  sampleAccuracyReportData,
  sampleDriftReportData,
  sampleLogisticParams,
  sampleModelReportInput,
  sampleScores,
} from '../src/sample.js';

describe('renderModelReport', () => {
  const input = sampleModelReportInput();
  const page = renderModelReport(input);

  it('has every chart, once', () => {
    for (const chart of MODEL_REPORT_CHARTS) {
      expect(page.split(`data-chart="${chart}"`)).toHaveLength(2);
    }
  });

  it('shows each metric unrounded in data-value, equal to the input', () => {
    const cells = [...page.matchAll(/data-metric="([a-z0-9_]+)" data-value="([^"]+)"/g)];
    expect(cells.length).toBeGreaterThan(10);
    const metrics = input.metrics as unknown as Record<string, number>;
    for (const [, key, value] of cells) expect(Number(value), key).toBe(metrics[key!]);
  });

  it('is self-contained: no script, no external URL, one inline stylesheet', () => {
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    const urls = [...page.matchAll(/(?:https?:)?\/\/[\w.-]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org']));
    expect(page.match(/<style>/g)).toHaveLength(1);
    expect(page).not.toMatch(/\sstyle="/);
  });

  it('escapes the names it shows', () => {
    const hostile = renderModelReport({
      ...input,
      model: { ...input.model, name: '<script>alert(1)</script>' },
      gate: { ...input.gate, summary: '"><img src=x onerror=alert(1)>' },
    });
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).not.toContain('<img');
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('reportContentSecurityPolicy', () => {
  it("allows exactly the page's stylesheet by its sha256 and nothing from the network", () => {
    const page = '<html><head><style>p{color:red}</style></head></html>';
    // echo -n 'p{color:red}' | openssl dgst -sha256 -binary | base64
    expect(reportContentSecurityPolicy(page)).toBe(
      "default-src 'none'; style-src 'sha256-p0bF+un5yUb9MBO6xRb8kPHlY2BdpHVtLiFkDrZPF64='; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });
});

describe('modelEvaluation and parseModelEvaluation', () => {
  it('round-trip through JSON and stay small', () => {
    const { labels, scores } = sampleScores(30_000);
    const evaluation = modelEvaluation({
      model: { name: 'logistic_regression', version: 'v1' },
      labels,
      scores,
      params: sampleLogisticParams(),
    });
    const text = JSON.stringify(evaluation);
    expect(text.length).toBeLessThan(20_000);
    expect(parseModelEvaluation(text, 'evaluation.json')).toEqual(evaluation);
  });

  it('refuse another kind, schemaVersion or malformed curves, naming the field', () => {
    const { labels, scores } = sampleScores(500);
    const good = modelEvaluation({
      model: { name: 'm', version: 'v' },
      labels,
      scores,
      params: sampleLogisticParams(),
    });
    const bad = (patch: object) => JSON.stringify({ ...good, ...patch });
    expect(() => parseModelEvaluation(bad({ kind: 'x' }), 'f.json')).toThrow(/f\.json: kind/);
    expect(() => parseModelEvaluation(bad({ schemaVersion: 9 }), 'f.json')).toThrow(
      /schemaVersion/,
    );
    expect(() => parseModelEvaluation(bad({ roc: [[0, 0]] }), 'f.json')).toThrow(/roc must be/);
    expect(() => parseModelEvaluation('{', 'f.json')).toThrow(/not valid JSON/);
  });
});

describe('readModelMetrics', () => {
  it('names every missing or mistyped field', () => {
    expect(() => readModelMetrics({ pr_auc: 'high', confusion_matrix: { tn: 1 } }, 'card')).toThrow(
      /card: metrics\.pr_auc must be a finite number;.*metrics\.train_from must be a date string;.*metrics\.confusion_matrix\.fp must be an integer/,
    );
  });
});

describe('renderAccuracyReport', () => {
  it('shows each graded day with its AUCs and both charts; a report with no graded day has none', () => {
    const data = sampleAccuracyReportData();
    const page = renderAccuracyReport(data);
    for (const chart of ACCURACY_REPORT_CHARTS) expect(page).toContain(`data-chart="${chart}"`);
    for (const day of data.days) {
      expect(page).toContain(
        `data-day="${day.asOfDate}" data-metric="pr_auc" data-value="${day.pr_auc}"`,
      );
    }
    const empty = renderAccuracyReport({ ...data, days: [], pending: ['2025-04-30'] });
    expect(empty).not.toContain('data-chart');
    expect(empty).toContain('nothing to grade');
  });
});

describe('renderDriftReport', () => {
  it('has a chart for the PSI, the scores and each feature, and every PSI unrounded', () => {
    const data = sampleDriftReportData();
    const page = renderDriftReport(data);
    const charts = [...page.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]);
    expect(charts.sort()).toEqual(driftReportCharts(data).sort());
    for (const f of data.features)
      expect(page).toContain(`data-psi="${f.name}" data-value="${f.psi}"`);
    // Bars coloured by status, FAIL and WARN lines drawn.
    expect(page).toMatch(/data-label="active_days_30d" data-value="0.412">.*?fill="#dc2626"/);
    expect(page).toContain('WARN 0.1');
  });
});
