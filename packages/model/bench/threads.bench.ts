// Stress check of the two-thread tree work (histograms and partitions): trains gradient
// boosting on the training set once with 1 thread, then `runs` times with 2, and compares the parameters
// (every tree array) and the training loss. Any difference is a race. Races show when a
// thread is descheduled at a bad moment: run it while the cores are loaded (npm test in
// another terminal), as docs/benchmarks.md ("Two threads under load") explains.
// Usage: npx tsx --conditions=@churn/source bench/threads.bench.ts [--rounds 100] [--runs 10]
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { loadConfig } from '@churn/config';
import { modelFeatureColumns, readFeatureFrame, TABLE_FILES } from '@churn/features';
import { splitFrame, timeSplit, trainGradientBoosting } from '@churn/model/train';

const { values: flags } = parseArgs({
  options: { rounds: { type: 'string', default: '100' }, runs: { type: 'string', default: '10' } },
});
const config = loadConfig();
const columns = modelFeatureColumns({
  windowsDays: config.features.windows_days,
  includeEngagementScore: config.training.include_engagement_score,
});
const file = join(config.paths.processed, TABLE_FILES.trainingSet);
const frame = await readFeatureFrame(file, { columns, withLabel: true });
const { train } = splitFrame(frame, timeSplit(frame, config.training.test_fraction));
const gb = config.training.gradient_boosting;
const options = (threads: number) => ({
  learningRate: gb.learning_rate,
  maxIter: Number(flags.rounds),
  maxDepth: gb.max_depth,
  maxLeafNodes: gb.max_leaf_nodes,
  minSamplesLeaf: gb.min_samples_leaf,
  l2Regularization: gb.l2_regularization,
  maxBins: gb.max_bins,
  imbalanceStrategy: config.training.imbalance_strategy,
  threads,
});

let started = performance.now();
const reference = trainGradientBoosting(train, columns, options(1));
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
console.log(`threads 1: ${reference.params.trees.length} trees in ${seconds()} s`);
let differing = 0;
for (let run = 1; run <= Number(flags.runs); run++) {
  started = performance.now();
  const two = trainGradientBoosting(train, columns, options(2));
  const same =
    isDeepStrictEqual(two.params, reference.params) &&
    two.report.trainLoss === reference.report.trainLoss;
  if (!same) differing++;
  console.log(`threads 2, run ${run}: ${same ? 'identical' : 'DIFFERENT'} in ${seconds()} s`);
}
console.log(`${differing} of ${flags.runs} two-thread runs differ from the one-thread run`);
