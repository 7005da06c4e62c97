// Gradient-boosting fit time against scikit-learn's HistGradientBoostingClassifier, fits
// alternated (ours, scikit-learn, ours, ...) so a shared VM's changing speed hits both: the
// same training rows (time split of the training set), features, settings (250 rounds, no
// early stopping) and 2 threads. Prints each pair and the median ratio. Needs Debian's
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
const sklearnScript = fileURLToPath(new URL('./sklearn-hgb.py', import.meta.url));
const median = (values: number[]) => values.toSorted((a, b) => a - b)[values.length >> 1]!;
const ratios: number[] = [];
const ours: number[] = [];
const theirs: number[] = [];
let model: ReturnType<typeof trainGradientBoosting> | undefined;
for (let run = 1; run <= runs; run++) {
  const loadBefore = load();
  const cpu = process.cpuUsage();
  const started = performance.now();
  model = trainGradientBoosting(train, columns, { ...options, threads: 2 });
  const fit = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const python = spawnSync('/usr/bin/python3', [sklearnScript, file, '--runs', '1'], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '2' },
  });
  if (python.status !== 0) {
    console.log(
      `ours: fit ${fit.toFixed(2)} s (cpu ${cpuSeconds.toFixed(2)} s) [load ${loadBefore}]`,
    );
    console.log(
      `scikit-learn: not run (${python.stderr.trim().split('\n').at(-1) ?? python.error})`,
    );
    continue;
  }
  const [, sklearnFit, sklearnCpu] = /fit ([\d.]+) s \(cpu ([\d.]+) s/.exec(python.stdout) ?? [];
  ours.push(fit);
  theirs.push(Number(sklearnFit));
  ratios.push(fit / Number(sklearnFit));
  console.log(
    `run ${run}: ours ${fit.toFixed(2)} s (cpu ${cpuSeconds.toFixed(2)} s), scikit-learn ${sklearnFit} s (cpu ${sklearnCpu} s), ours / scikit-learn ${ratios.at(-1)!.toFixed(2)} [load ${loadBefore} -> ${load()}]`,
  );
  if (run === runs) console.log(python.stdout.trim());
}
const metrics = binaryMetrics(test.label!, predictProba(model!.params, test), 0.5);
console.log(
  `ours: ${train.rows} train rows x ${columns.length} features, ${model!.report.iterations} rounds, pr_auc ${metrics.pr_auc.toFixed(4)} roc_auc ${metrics.roc_auc.toFixed(4)}`,
);
if (ratios.length > 0) {
  console.log(
    `median of ${ratios.length} pairs: ours ${median(ours).toFixed(2)} s, scikit-learn ${median(theirs).toFixed(2)} s, ratio ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`,
  );
}
