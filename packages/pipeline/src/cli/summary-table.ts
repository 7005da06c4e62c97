import type { ModelSummary } from '../model-summary.js';

const METRICS = ['pr_auc', 'roc_auc', 'precision', 'recall', 'f1'] as const;

/** The closing table: one line per model, its metrics, and which one is in production. */
export function formatSummaryTable(summary: ModelSummary): string {
  if (summary.rows.length === 0) return 'No trained models yet.';
  const header = ['model', 'version', ...METRICS, 'status'];
  const body = summary.rows.map((row) => [
    row.name,
    row.version,
    ...METRICS.map((metric) => {
      const value = row.metrics[metric] ?? row.metrics[metric === 'f1' ? 'f1_score' : metric];
      return value === undefined ? '-' : value.toFixed(4);
    }),
    row.production ? 'PRODUCTION' : summary.source === 'registry' ? 'candidate' : 'not registered',
  ]);
  const widths = header.map((title, col) =>
    Math.max(title.length, ...body.map((cells) => cells[col]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => cell.padEnd(widths[col]!))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const production = summary.production
    ? `Production: ${summary.production.name} ${summary.production.version}`
    : 'Production: none';
  return [line(header), rule, ...body.map(line), '', production].join('\n');
}
