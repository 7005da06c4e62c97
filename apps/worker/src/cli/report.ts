import { describePopulation } from '@churn/features';
import type { DriftReport } from '../drift/drift-check.js';
import type { ScoreSummary } from '../score/score-features.js';

/** One block of plain text per command result, on stdout. */
export function printScore(summary: ScoreSummary): void {
  const date = summary.asOfDate ?? `all dates (${summary.dates.first}..${summary.dates.last})`;
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  console.log(
    [
      `scored ${summary.rows} rows of ${date} with ${summary.model.version} in ${summary.durationSeconds.toFixed(2)} s`,
      `  population: ${describePopulation(summary.population)}${summary.population.excludedRows > 0 ? `; ${summary.population.excludedRows} inactive rows not scored` : ''}`,
      `  mean ${summary.mean.toFixed(4)}  p50 ${summary.p50.toFixed(4)}  p90 ${summary.p90.toFixed(4)}  p99 ${summary.p99.toFixed(4)}  above ${summary.highRiskThreshold}: ${pct(summary.shareHighRisk)}`,
      ...(summary.skippedRows > 0
        ? [
            `  skipped ${summary.skippedRows} invalid rows (lines ${summary.skippedLines.join(', ')}${summary.skippedRows > summary.skippedLines.length ? ', ...' : ''})`,
          ]
        : []),
      ...summary.outputs.map((file) => `  wrote ${file}`),
    ].join('\n'),
  );
  for (const warning of summary.warnings ?? []) console.error(`warning: ${warning}`);
}

export function printDrift(report: DriftReport): void {
  const width = Math.max(...report.features.map((feature) => feature.name.length));
  console.log(
    [
      `drift ${report.status}: ${report.current.asOfDate} (${report.current.rows} rows) vs training set (${report.reference.rows} rows); WARN >= ${report.thresholds.warn}, FAIL >= ${report.thresholds.fail}`,
      ...report.features.map(
        (feature) =>
          `  ${feature.name.padEnd(width)}  psi ${feature.psi.toFixed(4)}  ${feature.status}`,
      ),
      `  wrote ${report.file}`,
    ].join('\n'),
  );
}
