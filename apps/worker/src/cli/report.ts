import { describePopulation } from '@churn/features';
import type { RetrainReport } from '@churn/pipeline';
import type { AccuracyReport } from '../accuracy/realized-accuracy.js';
import type { DriftReport } from '../drift/drift-check.js';
import type { ShardSummary } from '../score/score-features.js';
import type { ScoreSummary } from '../score/score-summary.js';

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

export function printShard(part: ShardSummary): void {
  const { index, count } = part.shard;
  console.log(
    [
      `scored shard ${index}/${count}: ${part.rows} rows of ${part.asOfDate ?? 'all dates'} with ${part.model.version} in ${part.durationSeconds.toFixed(2)} s${part.excludedRows > 0 ? `; ${part.excludedRows} inactive rows not scored` : ''}`,
      `  wrote ${part.file}`,
      `  next, once every shard has written its part: merge --shards ${count}${part.asOfDate ? ` --date ${part.asOfDate}` : ' --all-dates'}`,
    ].join('\n'),
  );
}

export function printDrift(report: DriftReport): void {
  const rows = [
    ...report.features.map((f) => [f.name, f.type, f.psi, f.status] as const),
    ...(report.predictions
      ? [['predictions', 'score', report.predictions.psi, report.predictions.status] as const]
      : []),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const { current, reference } = report;
  console.log(
    [
      `drift ${report.status}: ${current.asOfDate} (${current.rows} rows, ${describePopulation(current.population)}) vs ${reference.model.version} profile (${reference.rows} rows, ${reference.window.from}..${reference.window.to}); WARN >= ${report.thresholds.warn}, FAIL >= ${report.thresholds.fail}`,
      `  ${'feature'.padEnd(width)}  ${'type'.padEnd(11)}  psi     status`,
      ...rows.map(
        ([name, type, psi, status]) =>
          `  ${name.padEnd(width)}  ${type.padEnd(11)}  ${psi.toFixed(4)}  ${status}`,
      ),
      ...(report.failing.length > 0 ? [`  failing: ${report.failing.join(', ')}`] : []),
      `  wrote ${report.file} and ${report.page}`,
    ].join('\n'),
  );
}

export function printRetrain(report: RetrainReport): void {
  console.log(
    [
      `retrain ${report.promoted ? 'promoted' : 'kept'} ${report.production?.version ?? 'no model'} in ${report.durationSeconds.toFixed(1)} s (previous: ${report.previous?.version ?? 'none'})`,
      ...report.steps.map(
        (step) =>
          `  ${step.name.padEnd(8)}  ${step.seconds.toFixed(1).padStart(6)} s  ${step.summary}`,
      ),
    ].join('\n'),
  );
}

export function printAccuracy(report: AccuracyReport): void {
  const auc = (value: number | null) => (value === null ? '  n/a ' : value.toFixed(4));
  console.log(
    [
      `realized accuracy: ${report.days.length} prediction days with matured labels (labels up to ${report.labels.lastDate ?? 'none'}, window ${report.windowDays} days)`,
      `  as_of_date  rows   churn   pr_auc  roc_auc  model`,
      ...report.days.map(
        (day) =>
          `  ${day.asOfDate}  ${String(day.rows).padStart(5)}  ${(day.churnRate * 100).toFixed(1).padStart(5)}%  ${auc(day.pr_auc)}  ${auc(day.roc_auc)}   ${day.model?.version ?? 'unknown'}${day.production ? ' (production)' : ''}`,
      ),
      ...(report.pending.length > 0
        ? [`  pending (labels not matured): ${report.pending.join(', ')}`]
        : []),
      `  wrote ${report.file} and ${report.page}`,
    ].join('\n'),
  );
}
