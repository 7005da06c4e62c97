import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '@churn/config';
import { modelFeatureColumns, type Population, TABLE_FILES } from '@churn/features';
import { assertMonitoredFeatures, checkDrift, type DriftReport } from './drift/drift-check.js';
import type { ModelHolder } from './model-holder.js';
import { type ScoreSummary, scoreFeatures } from './score/score-features.js';

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

export interface DriftParams {
  readonly date?: string;
  readonly input?: string;
  readonly reference?: string;
}

export interface WorkerTasks {
  score(params: ScoreParams, signal?: AbortSignal): Promise<ScoreSummary>;
  drift(params: DriftParams, signal?: AbortSignal): Promise<DriftReport>;
  /** Throws the configuration errors a job would meet later (unknown monitored feature). */
  checkConfig(): void;
}

/** The worker's two jobs, with paths and settings taken from the configuration. */
export function createTasks(
  config: ResolvedConfig,
  models: ModelHolder,
  options: { onProgress?: (rowsRead: number) => void } = {},
): WorkerTasks {
  const featuresFile = join(config.paths.features, TABLE_FILES.features);
  const numeric = modelFeatureColumns({
    windowsDays: config.features.windows_days,
    includeEngagementScore: true,
  })
    .filter((column) => column.type === 'numeric')
    .map((column) => column.name);
  return {
    checkConfig() {
      assertMonitoredFeatures(config.drift.monitored_features, numeric);
    },
    async score(params, signal) {
      const scorer = await models.ensure({ refresh: true });
      return scoreFeatures(scorer, {
        input: params.input ? resolve(params.input) : featuresFile,
        outDir: params.out ? resolve(params.out) : config.paths.predictions,
        metricsDir: config.paths.metrics,
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
    },
    async drift(params) {
      return checkDrift({
        reference: params.reference
          ? resolve(params.reference)
          : join(config.paths.processed, TABLE_FILES.trainingSet),
        current: params.input ? resolve(params.input) : featuresFile,
        ...(params.date !== undefined && { date: params.date }),
        features: config.drift.monitored_features,
        knownNumeric: numeric,
        bins: config.drift.bins,
        warnThreshold: config.drift.warn_threshold,
        failThreshold: config.drift.fail_threshold,
        reportsDir: config.paths.reports,
      });
    },
  };
}

/** The scoring population: worker.include_churned, overridden per job. */
export function populationOf(config: ResolvedConfig, includeChurned?: boolean): Population {
  return {
    kind: (includeChurned ?? config.worker.include_churned) ? 'all' : 'active',
    windowDays: config.churn.window_days,
  };
}
