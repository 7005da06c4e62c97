// Benchmark of model training: rows, features, iterations, seconds, rows/s and peak RSS
// for logistic regression and gradient boosting, each in its own process (so each peak
// RSS is its own), plus pr_auc/roc_auc on the time-split test set.
//   npx tsx --conditions=@churn/source bench/train.bench.ts [--data training_set.csv]
// Without --data it reads <paths.processed>/training_set.csv of the project config, or,
// when that is missing, a synthetic frame of the default shape (timing only).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '@churn/config';
import { modelFeatureColumns, readFeatureFrame } from '@churn/features';
import {
  binaryMetrics,
  gradientBoostingOptions,
  logisticRegressionOptions,
  predictProba,
  splitFrame,
  timeSplit,
  trainGradientBoosting,
  trainLogisticRegression,
} from '../src/train/index.js';
import { syntheticFrame } from './synthetic-frame.js';

const { values: flags } = parseArgs({
  options: { data: { type: 'string' }, model: { type: 'string' } },
});
const config = loadConfig();
const file = flags.data ?? join(config.paths.processed, 'training_set.csv');
const columns = modelFeatureColumns({
  windowsDays: config.features.windows_days,
  includeEngagementScore: config.training.include_engagement_score,
});

interface Row {
  model: string;
  rows: number;
  features: number;
  iterations: number;
  /** Trees kept after early stopping (gradient boosting); iterations otherwise. */
  kept: number;
  seconds: number;
  /** CPU seconds of all threads: on a shared machine, the part of `seconds` that was ours. */
  cpuSeconds: number;
  peakMb: number;
  prAuc: number;
  rocAuc: number;
}

/** Trains one model in this process and prints its row as JSON. */
async function measure(model: string): Promise<void> {
  const frame = existsSync(file)
    ? await readFeatureFrame(file, { columns, withLabel: true })
    : syntheticFrame(columns, 2000, 90);
  const { train, test } = splitFrame(frame, timeSplit(frame, config.training.test_fraction));
  const started = performance.now();
  const cpu = process.cpuUsage();
  let params: Parameters<typeof predictProba>[0];
  let iterations: number;
  let kept: number;
  if (model === 'logistic_regression') {
    const result = trainLogisticRegression(
      train,
      columns,
      logisticRegressionOptions(config.training),
    );
    params = result.params;
    iterations = result.report.iterations;
    kept = iterations;
  } else {
    const result = trainGradientBoosting(train, columns, gradientBoostingOptions(config.training));
    params = result.params;
    iterations = result.report.iterations;
    kept = result.report.bestIteration;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const metrics = binaryMetrics(test.label!, predictProba(params, test), 0.5);
  const row: Row = {
    model,
    rows: train.rows,
    features: columns.length,
    iterations,
    kept,
    seconds,
    cpuSeconds,
    // maxRSS is in kilobytes: the peak of this process, which trained only this model
    peakMb: process.resourceUsage().maxRSS / 1024,
    prAuc: metrics.pr_auc,
    rocAuc: metrics.roc_auc,
  };
  console.log(JSON.stringify(row));
}

if (flags.model !== undefined) {
  await measure(flags.model);
} else {
  const self = fileURLToPath(import.meta.url);
  const source = existsSync(file) ? file : 'synthetic frame (no training_set.csv: timing only)';
  console.log(`data: ${source}`);
  console.log(`machine: ${cpus().length} cpus, load average ${loadavg()[0]!.toFixed(2)}`);
  const rows: Row[] = [];
  for (const model of ['logistic_regression', 'gradient_boosting']) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, self, '--model', model, ...(flags.data ? ['--data', flags.data] : [])],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (child.status !== 0) throw new Error(`benchmark of ${model} failed (${child.status})`);
    rows.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Row);
  }
  const header = [
    'model',
    'rows',
    'features',
    'iterations',
    'kept',
    'seconds',
    'cpu s',
    'rows/s',
    'peak RSS MB',
    'pr_auc',
    'roc_auc',
  ];
  const table = rows.map((row) => [
    row.model,
    String(row.rows),
    String(row.features),
    String(row.iterations),
    String(row.kept),
    row.seconds.toFixed(2),
    row.cpuSeconds.toFixed(2),
    Math.round((row.rows * row.iterations) / row.seconds).toLocaleString('en-US'),
    row.peakMb.toFixed(0),
    row.prAuc.toFixed(4),
    row.rocAuc.toFixed(4),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(line(header));
  for (const cells of table) console.log(line(cells));
  console.log('rows/s counts rows x iterations (boosting rounds, Newton steps) per second.');
  console.log(
    'kept: trees after early stopping (best validation round); GB fits rows minus the held-out dates.',
  );
}
