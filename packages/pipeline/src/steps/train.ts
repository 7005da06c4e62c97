import { join } from 'node:path';
import type { ResolvedConfig } from '@churn/config';
import {
  type FeatureFrame,
  modelFeatureColumns,
  type ReferenceProfile,
  readFeatureFrame,
  TABLE_FILES,
} from '@churn/features';
import { fileFingerprint, writeFileAtomic } from '@churn/io';
import type { ModelParams } from '@churn/model';
import { exportModel } from '@churn/model/onnx';
import {
  binaryMetrics,
  gradientBoostingOptions,
  logisticRegressionOptions,
  predictProbaOnThreads,
  randomRows,
  splitFrame,
  type TimeSplit,
  timeSplit,
  trainGradientBoosting,
  trainLogisticRegression,
} from '@churn/model/train';
import { PipelineError } from '../errors.js';
import { TRAINING_SET } from '../handoff.js';
import type { Step, StepContext } from '../step.js';
import { requireInput } from './input-file.js';
import { writeModelEvaluation } from './model-evaluation.js';
import { writeReferenceProfile } from './reference-profile.js';

/** What one trained model brings to its metrics JSON, besides the test metrics. */
interface TrainedModel {
  readonly name: 'logistic_regression' | 'gradient_boosting';
  readonly algorithm: 'logistic_regression' | 'hist_gradient_boosting';
  readonly params: ModelParams;
  readonly training: Readonly<Record<string, number | boolean>>;
  readonly seconds: number;
}

function churnRate(frame: FeatureFrame): number {
  let positives = 0;
  for (const y of frame.label!) positives += y;
  return positives / frame.rows;
}

function trainBoth(config: ResolvedConfig, train: FeatureFrame, context: StepContext) {
  const columns = modelFeatureColumns({
    windowsDays: config.features.windows_days,
    includeEngagementScore: config.training.include_engagement_score,
  });
  const models: TrainedModel[] = [];

  let started = performance.now();
  const linear = trainLogisticRegression(
    train,
    columns,
    logisticRegressionOptions(config.training),
  );
  if (!linear.report.converged) {
    // A model that did not converge is never exported: the run fails, nothing is registered.
    const lr = config.training.logistic_regression;
    throw new PipelineError(
      'CHURN_ERR_NOT_CONVERGED',
      `logistic regression did not converge: after ${linear.report.iterations} Newton iterations the largest gradient component is ${linear.report.gradient.toExponential(2)}, above training.logistic_regression.tolerance ${lr.tolerance} (max_iter ${lr.max_iter}); nothing was exported`,
    );
  }
  models.push({
    name: 'logistic_regression',
    algorithm: 'logistic_regression',
    params: linear.params,
    training: {
      iterations: linear.report.iterations,
      converged: linear.report.converged,
      objective: linear.report.loss,
    },
    seconds: (performance.now() - started) / 1000,
  });

  started = performance.now();
  const gb = config.training.gradient_boosting;
  context.progress.start('gradient boosting iterations', gb.max_iter);
  const boosted = trainGradientBoosting(train, columns, {
    ...gradientBoostingOptions(config.training),
    onIteration: (done) => context.progress.update(done),
  });
  const { iterations, bestIteration, validationScore } = boosted.report;
  if (iterations < gb.max_iter) context.progress.update(gb.max_iter);
  if (validationScore !== undefined) {
    context.log(
      `gradient boosting: ${iterations} of ${gb.max_iter} rounds, kept the best ${bestIteration} (validation ${validationScore.scoring} ${validationScore.value.toFixed(5)})`,
    );
  }
  models.push({
    name: 'gradient_boosting',
    algorithm: 'hist_gradient_boosting',
    params: boosted.params,
    training: {
      iterations: boosted.report.iterations,
      best_iteration: boosted.report.bestIteration,
      early_stopping: gb.early_stopping,
      leaves: boosted.report.leaves,
      train_log_loss: boosted.report.trainLoss,
      ...(validationScore === undefined
        ? {}
        : {
            [`validation_${validationScore.scoring}`]: validationScore.value,
            validation_rows: boosted.report.validationRows,
          }),
    },
    seconds: (performance.now() - started) / 1000,
  });
  return { models, features: columns.length };
}

/**
 * The metrics JSON of a model: test-split metrics at the threshold, row counts, churn
 * rates and dates. Plain data only, no timestamps: the same data and config give the
 * same bytes. The model card carries the same object.
 */
function metricsOf(
  model: TrainedModel,
  config: ResolvedConfig,
  split: TimeSplit,
  frames: { train: FeatureFrame; test: FeatureFrame },
  features: number,
  testScores: Float64Array,
) {
  const test = binaryMetrics(frames.test.label!, testScores, config.evaluation.threshold);
  return {
    name: model.name,
    algorithm: model.algorithm,
    primary_metric: config.evaluation.primary_metric,
    pr_auc: test.pr_auc,
    roc_auc: test.roc_auc,
    threshold: test.threshold,
    precision: test.precision,
    recall: test.recall,
    f1: test.f1,
    accuracy: test.accuracy,
    confusion_matrix: test.confusion_matrix,
    train_rows: frames.train.rows,
    test_rows: frames.test.rows,
    train_churn_rate: churnRate(frames.train),
    test_churn_rate: test.churn_rate,
    test_predicted_churn_rate: test.predicted_churn_rate,
    train_from: split.trainFrom,
    train_to: split.trainTo,
    test_from: split.testFrom,
    test_to: split.testTo,
    features,
    include_engagement_score: config.training.include_engagement_score,
    imbalance_strategy: config.training.imbalance_strategy,
    training: model.training,
  };
}

/**
 * The time split of the training set, its training part capped at
 * training.max_train_rows by a seeded uniform row sample. In a function of its own so the
 * whole frame, several GB at 100,000 users (docs/benchmarks.md, "Pipeline at scale"), can be
 * collected once it is split.
 */
async function splitTrainingSet(
  config: ResolvedConfig,
  file: string,
  handoff: StepContext['handoff'],
  log: StepContext['log'],
) {
  const frame =
    handoff?.take(TRAINING_SET)?.frame ??
    (await readFeatureFrame(file, {
      columns: modelFeatureColumns({
        windowsDays: config.features.windows_days,
        includeEngagementScore: config.training.include_engagement_score,
      }),
      withLabel: true,
    }));
  const split = timeSplit(frame, config.training.test_fraction);
  const cap = config.training.max_train_rows;
  const trainRows =
    cap > 0 && split.train.length > cap
      ? randomRows(split.train.length, cap, config.training.seed).map((i) => split.train[i]!)
      : split.train;
  const frames = splitFrame(frame, { ...split, train: trainRows });
  const sampled =
    trainRows === split.train
      ? ''
      : `, a random ${cap} of ${split.train.length} (training.max_train_rows)`;
  log(
    `${frames.train.rows} train rows (${split.trainFrom}..${split.trainTo}${sampled}), ${frames.test.rows} test rows (${split.testFrom}..${split.testTo})`,
  );
  return { split, frames, rows: frame.rows };
}

/**
 * train: both models on the time split of training_set.csv, evaluated on its last
 * test_fraction of dates; each exported as ONNX + model card under paths.models and
 * its metrics JSON under paths.metrics/<version>.json.
 */
export const trainStep: Step = {
  name: 'train',
  description: 'train logistic regression and gradient boosting, evaluate, export ONNX',
  async run(context) {
    const { config, handoff, log } = context;
    const file = join(config.paths.processed, TABLE_FILES.trainingSet);
    // Handed over, the training set's file may still be being written: waited for below.
    const written = handoff?.get(TRAINING_SET)?.file;
    if (!written) await requireInput(file, 'labels');
    const { split, frames, rows } = await splitTrainingSet(config, file, handoff, log);
    const { models, features } = trainBoth(config, frames.train, context);
    // hashed by the writer thread as it wrote the file, or read here when run alone
    const fingerprint = (await written?.done)?.fingerprint ?? (await fileFingerprint(file));
    const createdAt = new Date();
    const outputs: string[] = [];
    const scores: string[] = [];
    let profiled: ReferenceProfile | undefined;
    for (const model of models) {
      // Scored once: the metrics and the reference profile read the same scores.
      const testScores = await predictProbaOnThreads(model.params, frames.test);
      const metrics = metricsOf(model, config, split, frames, features, testScores);
      const exported = await exportModel(
        model.params,
        {
          name: model.name,
          createdAt,
          threshold: config.evaluation.threshold,
          primaryMetric: config.evaluation.primary_metric,
          metrics,
          trainingData: {
            fingerprint,
            rows,
            trainRows: frames.train.rows,
            testRows: frames.test.rows,
            fromDate: split.trainFrom,
            toDate: split.testTo,
          },
        },
        config.paths.models,
      );
      const metricsFile = join(config.paths.metrics, `${exported.version}.json`);
      const json = `${JSON.stringify(metrics, null, 2)}\n`;
      await writeFileAtomic(metricsFile, (write) => write(Buffer.from(json)));
      const { file: profileFile, profile } = await writeReferenceProfile({
        config,
        model: { name: model.name, version: exported.version },
        modelDir: exported.dir,
        split,
        frames,
        testScores,
        ...(profiled === undefined ? {} : { sameRows: profiled }),
      });
      profiled = profile;
      const evaluation = await writeModelEvaluation({
        model: { name: model.name, version: exported.version },
        modelDir: exported.dir,
        labels: frames.test.label!,
        scores: testScores,
        params: model.params,
        trainingCategoricals: frames.train.categorical,
      });
      outputs.push(exported.dir, metricsFile, profileFile, evaluation);
      log(
        `${model.name}: pr_auc ${metrics.pr_auc.toFixed(4)}, roc_auc ${metrics.roc_auc.toFixed(4)}, trained in ${model.seconds.toFixed(1)} s -> ${exported.version}`,
      );
      scores.push(`${model.name} pr_auc ${metrics.pr_auc.toFixed(4)}`);
    }
    return { summary: scores.join(', '), outputs };
  },
};
