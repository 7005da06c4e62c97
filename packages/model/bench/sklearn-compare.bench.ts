// Gradient-boosting fit time against scikit-learn's HistGradientBoostingClassifier, one
// after the other in one run: the same training rows (time split of the training set),
// features, settings (250 rounds, no early stopping) and 2 threads. Needs Debian's
// python3-sklearn (apt); see sklearn-hgb.py.
//   npx tsx --conditions=@churn/source bench/sklearn-compare.bench.ts [--data training_set.csv] [--runs 3]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '@churn/config';
import { modelFeatureColumns, readFeatureFrame, TABLE_FILES } from '@churn/features';
import {
  binaryMetrics,
  gradientBoostingOptions,
  predictProba,
  splitFrame,
  timeSplit,
  trainGradientBoosting,
} from '../src/train/index.js';

const { values: flags } = parseArgs({
  options: { data: { type: 'string' }, runs: { type: 'string', default: '3' } },
});
const runs = Number(flags.runs);
const config = loadConfig();
const file = flags.data ?? join(config.paths.processed, TABLE_FILES.trainingSet);
const columns = modelFeatureColumns({
  windowsDays: config.features.windows_days,
  includeEngagementScore: config.training.include_engagement_score,
});
const load = () => loadavg()[0]!.toFixed(2);

const frame = await readFeatureFrame(file, { columns, withLabel: true });
const { train, test } = splitFrame(frame, timeSplit(frame, config.training.test_fraction));
const { earlyStopping: _, ...options } = gradientBoostingOptions(config.training);
let best = Number.POSITIVE_INFINITY;
let bestCpu = Number.POSITIVE_INFINITY;
let model: ReturnType<typeof trainGradientBoosting> | undefined;
const loadBefore = load();
for (let run = 0; run < runs; run++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  model = trainGradientBoosting(train, columns, { ...options, threads: 2 });
  best = Math.min(best, (performance.now() - started) / 1000);
  const used = process.cpuUsage(cpu);
  bestCpu = Math.min(bestCpu, (used.user + used.system) / 1e6);
}
const metrics = binaryMetrics(test.label!, predictProba(model!.params, test), 0.5);
console.log(
  `ours: ${train.rows} train rows x ${columns.length} features, ${model!.report.iterations} rounds, fit ${best.toFixed(2)} s (cpu ${bestCpu.toFixed(2)} s; best of ${runs}), pr_auc ${metrics.pr_auc.toFixed(4)} roc_auc ${metrics.roc_auc.toFixed(4)} [load ${loadBefore} -> ${load()}]`,
);

const python = spawnSync(
  '/usr/bin/python3',
  [fileURLToPath(new URL('./sklearn-hgb.py', import.meta.url)), file, '--runs', String(runs)],
  { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '2' } },
);
if (python.status !== 0) {
  console.log(`scikit-learn: not run (${python.stderr.trim().split('\n').at(-1) ?? python.error})`);
} else {
  console.log(`${python.stdout.trim()} [load ${load()}]`);
}
