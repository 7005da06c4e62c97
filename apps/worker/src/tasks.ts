import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '@churn/config';
import {
  modelFeatureColumns,
  type Population,
  parseReferenceProfile,
  REFERENCE_PROFILE_FILE,
  type ReferenceProfile,
  TABLE_FILES,
} from '@churn/features';
import { removeStaleTemporaryFiles } from '@churn/io';
import type { RetrainReport } from '@churn/pipeline';
import { openRegistry } from '@churn/registry';
import { type AccuracyReport, realizedAccuracy } from './accuracy/realized-accuracy.js';
import { assertMonitoredFeatures, checkDrift, type DriftReport } from './drift/drift-check.js';
import { type ShiftResult, writeShiftedDay } from './drift/shift-demo.js';
import { churnErrorCode, WorkerError } from './errors.js';
import type { ProductionModels } from './production-models.js';
import { type MergeRequest, mergeScoreParts } from './score/merge-parts.js';
import {
  type ScoreRequest,
  type ShardSummary,
  scoreFeatures,
  scoreShard,
} from './score/score-features.js';
import type { ScoreSummary } from './score/score-summary.js';
import type { Shard } from './score/shard.js';

export interface ScoreParams {
  readonly date?: string;
  readonly input?: string;
  readonly out?: string;
  readonly topK?: number;
  readonly allDates?: boolean;
  readonly skipInvalid?: boolean;
  /** Score every user, also those inactive for the whole churn window. */
  readonly includeChurned?: boolean;
}

export interface MergeParams {
  readonly shards: number;
  readonly date?: string;
  readonly allDates?: boolean;
  readonly out?: string;
  readonly topK?: number;
}

export interface DriftParams {
  readonly date?: string;
  readonly input?: string;
  /** A reference profile JSON instead of the production model's own. */
  readonly reference?: string;
  readonly includeChurned?: boolean;
}

export interface WorkerTasks {
  score(params: ScoreParams, signal?: AbortSignal): Promise<ScoreSummary>;
  drift(params: DriftParams, signal?: AbortSignal): Promise<DriftReport>;
  /**
   * Retrains from the newest raw data through the promotion gate (@churn/pipeline
   * `retrain`), then loads the production model it leaves.
   */
  retrain(): Promise<RetrainReport>;
  /** Realized pr_auc/roc_auc of the stored predictions whose labels have matured. */
  accuracy(): Promise<AccuracyReport>;
  /** Writes one day of the features with the drift demo's shift. */
  shiftDemo(params: { date?: string; input?: string; out?: string }): Promise<ShiftResult>;
  /** Throws the configuration errors a job would meet later (unknown monitored feature). */
  checkConfig(): void;
  /** Removes temp files a killed run left in the output folders; returns how many. */
  removeStaleTemporaryFiles(): Promise<number>;
}

/** Sharded scoring, run from the command line (an Indexed Job), not through the job API. */
export interface ShardTasks {
  /** Scores one shard of the users into its part file. */
  scoreShard(params: ScoreParams, shard: Shard): Promise<ShardSummary>;
  /** Merges the shards' part files into the outputs of one score run. */
  merge(params: MergeParams): Promise<ScoreSummary>;
}

/** The worker's jobs, with paths and settings taken from the configuration. */
export function createTasks(
  config: ResolvedConfig,
  models: ProductionModels,
  options: { onProgress?: (rowsRead: number) => void } = {},
): WorkerTasks & ShardTasks {
  const featuresFile = join(config.paths.features, TABLE_FILES.features);
  const featureNames = modelFeatureColumns({
    windowsDays: config.features.windows_days,
    includeEngagementScore: true,
  }).map((column) => column.name);
  const outputDirs = [config.paths.predictions, config.paths.metrics, config.paths.reports];
  const removeStale = async () => {
    const removed = await Promise.all(outputDirs.map((dir) => removeStaleTemporaryFiles(dir)));
    return removed.flat().length;
  };
  // --out is a trial run: its summary goes with its predictions, never over production's.
  const outputsOf = (out: string | undefined) => {
    const dir = out ? resolve(out) : null;
    return { outDir: dir ?? config.paths.predictions, metricsDir: dir ?? config.paths.metrics };
  };
  const scoreRequest = (params: ScoreParams, signal?: AbortSignal): ScoreRequest => ({
    input: params.input ? resolve(params.input) : featuresFile,
    ...outputsOf(params.out),
    ...(params.date !== undefined && { date: params.date }),
    allDates: params.allDates ?? false,
    topK: params.topK ?? config.worker.top_k,
    batchSize: config.worker.batch_size,
    highRiskThreshold: config.worker.high_risk_threshold,
    skipInvalid: params.skipInvalid ?? false,
    population: populationOf(config, params.includeChurned),
    ...(signal && { signal }),
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
  return {
    checkConfig() {
      assertMonitoredFeatures(config.drift.monitored_features, featureNames);
    },
    removeStaleTemporaryFiles: removeStale,
    async score(params, signal) {
      // One run at a time: temp files of ours that exist now are a killed run's.
      await removeStale();
      await models.ensure({ refresh: true });
      const request = scoreRequest(params, signal);
      // Held for the whole run: a model promoted meanwhile closes this one only after it.
      return models.use((scorer) => scoreFeatures(scorer, request));
    },
    async scoreShard(params, shard) {
      await models.ensure({ refresh: true });
      const request = scoreRequest(params);
      return models.use((scorer) => scoreShard(scorer, request, shard));
    },
    async merge(params) {
      await removeStale();
      const request: MergeRequest = {
        shards: params.shards,
        ...outputsOf(params.out),
        ...(params.date !== undefined && { date: params.date }),
        allDates: params.allDates ?? false,
        topK: params.topK ?? config.worker.top_k,
        highRiskThreshold: config.worker.high_risk_threshold,
      };
      return mergeScoreParts(request);
    },
    async retrain() {
      // Loaded on demand: training code is not needed to score.
      const { retrain } = await import('@churn/pipeline');
      const report = await retrain(config);
      await models.ensure({ refresh: true });
      return report;
    },
    async accuracy() {
      const registry = openRegistry({ dir: config.paths.registry, modelsDir: config.paths.models });
      const production = (await registry.read()).production;
      return realizedAccuracy({
        predictionsDir: config.paths.predictions,
        metricsDir: config.paths.metrics,
        processedDir: config.paths.processed,
        reportsDir: config.paths.reports,
        windowDays: config.churn.window_days,
        production,
      });
    },
    shiftDemo(params) {
      return writeShiftedDay({
        input: params.input ? resolve(params.input) : featuresFile,
        out: params.out
          ? resolve(params.out)
          : join(config.paths.features, 'user_features_daily_shifted.csv'),
        ...(params.date !== undefined && { date: params.date }),
      });
    },
    async drift(params) {
      await removeStale();
      const scorer = await models.ensure({ refresh: true }).catch((error: unknown) => {
        // An explicit profile needs no production model; the scores' drift is then left out.
        if (params.reference && churnErrorCode(error) === 'CHURN_ERR_NO_PRODUCTION_MODEL')
          return null;
        throw error;
      });
      const modelDir = models.pointer?.modelDir;
      const profileFile = params.reference
        ? resolve(params.reference)
        : join(modelDir ?? '', REFERENCE_PROFILE_FILE);
      const profile = await readProfile(profileFile, scorer?.version ?? '');
      const check = (model: typeof scorer) =>
        checkDrift({
          profile,
          profileFile,
          current: params.input ? resolve(params.input) : featuresFile,
          ...(params.date !== undefined && { date: params.date }),
          population: populationOf(config, params.includeChurned),
          features: config.drift.monitored_features,
          // The scores are compared only against the profile of the model that gives them.
          scorer: model && profile.model.version === model.version ? model : null,
          batchSize: config.worker.batch_size,
          warnThreshold: config.drift.warn_threshold,
          failThreshold: config.drift.fail_threshold,
          reportsDir: config.paths.reports,
        });
      return scorer ? models.use(check) : check(null);
    },
  };
}

async function readProfile(file: string, productionVersion: string): Promise<ReferenceProfile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new WorkerError(
      'CHURN_ERR_NO_REFERENCE_PROFILE',
      `no reference profile at ${file}${productionVersion ? ` for ${productionVersion}` : ''}: models trained before profiles existed have none; retrain (npm run pipeline -- --from validate) or pass --reference`,
      { cause: error },
    );
  }
  return parseReferenceProfile(text, file);
}

/** The scoring population: worker.include_churned, overridden per job. */
export function populationOf(config: ResolvedConfig, includeChurned?: boolean): Population {
  return {
    kind: (includeChurned ?? config.worker.include_churned) ? 'all' : 'active',
    windowDays: config.churn.window_days,
  };
}
