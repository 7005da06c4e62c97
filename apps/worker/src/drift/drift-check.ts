import { join } from 'node:path';
import {
  categoricalPsi,
  type FeatureFrame,
  type Population,
  type PopulationKind,
  type PsiBin,
  psiAgainst,
  type ReferenceProfile,
} from '@churn/features';
import { writeFileAtomic } from '@churn/io';
import {
  type DriftBin,
  type DriftReportData,
  type DriftStatus,
  type FeatureDrift,
  type PredictionDrift,
  renderDriftReport,
} from '@churn/report';
import { WorkerError } from '../errors.js';
import type { FeatureSpec } from '../score/frame-batch.js';
import type { BatchScorer } from '../score/scorer-port.js';
import { readDayFrame } from './read-day.js';

export type { DriftStatus, FeatureDrift, PredictionDrift } from '@churn/report';

export interface DriftRequest {
  /** The served model's reference profile and where it was read. */
  readonly profile: ReferenceProfile;
  readonly profileFile: string;
  /** Features CSV; one as_of_date of it is compared. */
  readonly current: string;
  /** as_of_date to compare; default the latest in `current`. */
  readonly date?: string;
  /** The scoring population; the profile's matching population is the reference. */
  readonly population: Population;
  /** drift.monitored_features: numeric or categorical feature names. */
  readonly features: readonly string[];
  /** The served model, for the drift of its scores; null leaves predictions out. */
  readonly scorer: BatchScorer | null;
  readonly batchSize: number;
  readonly warnThreshold: number;
  readonly failThreshold: number;
  readonly reportsDir: string;
}

/**
 * The drift report written as `drift_{date}.json`: what the page shows (`DriftReportData`,
 * whose types live with its renderer in @churn/report) and where its inputs and outputs are.
 */
export interface DriftReport extends DriftReportData {
  readonly kind: 'churn-drift-report';
  /** 2: the reference is the model's profile; categoricals and predictions are checked. */
  readonly schemaVersion: 2;
  readonly reference: DriftReportData['reference'] & { readonly profile: string };
  readonly current: DriftReportData['current'] & {
    readonly population: Population & { readonly excludedRows: number };
  };
  readonly file: string;
  /** The same report as an HTML page with charts, next to `file`. */
  readonly page: string;
}

/**
 * PSI of each monitored feature (numeric: the profile's quantile bins; categorical: one
 * bin per category) and of the model's scores, the served model's reference profile vs.
 * one day of the same population, written atomically as `drift_{date}.json` and as a page with
 * charts, `drift_{date}.html`. A monitored
 * name the profile does not know is a configuration error, never skipped.
 */
export async function checkDrift(request: DriftRequest): Promise<DriftReport> {
  const reference = request.profile.populations[request.population.kind];
  const columns = monitoredColumns(request.features, request.profile, request.population.kind);
  const modelColumns: FeatureSpec[] = request.scorer ? [...request.scorer.card.features] : [];
  const wanted = new Map([...modelColumns, ...columns].map((c) => [c.name, c]));
  const day = await readDayFrame(
    request.current,
    [...wanted.values()],
    request.date ? { kind: 'date', date: request.date } : { kind: 'latest' },
    request.population,
  );
  if (day.frame.rows === 0 || !day.asOfDate) {
    throw new WorkerError(
      'CHURN_ERR_NO_ROWS',
      `${request.current}: no rows for as_of_date ${day.asOfDate ?? request.date ?? '(none)'}${day.excludedRows > 0 ? ` in the population (${day.excludedRows} outside it)` : ''}`,
    );
  }
  const status = (value: number): DriftStatus =>
    value >= request.failThreshold ? 'FAIL' : value >= request.warnThreshold ? 'WARN' : 'OK';
  const features = columns.map((column): FeatureDrift => {
    if (column.type === 'categorical') {
      const result = categoricalPsi(
        reference.categorical[column.name]!,
        day.frame.categorical.get(column.name)!,
      );
      return {
        name: column.name,
        type: 'categorical',
        psi: result.psi,
        status: status(result.psi),
        categories: result.categories.map(({ category, referenceShare, currentShare }) => ({
          category,
          referenceShare,
          currentShare,
        })),
      };
    }
    const result = psiAgainst(reference.numeric[column.name]!, day.frame.numeric.get(column.name)!);
    return {
      name: column.name,
      type: 'numeric',
      psi: result.psi,
      status: status(result.psi),
      currentMissing: result.currentMissing,
      bins: result.bins.map(jsonBin),
    };
  });
  let predictions: PredictionDrift | null = null;
  if (request.scorer) {
    const scores = await scoreDay(request.scorer, day.frame, request.batchSize);
    const result = psiAgainst(reference.predictions, scores);
    predictions = {
      psi: result.psi,
      status: status(result.psi),
      currentMean: scores.reduce((sum, value) => sum + value, 0) / scores.length,
      bins: result.bins.map(jsonBin),
    };
  }
  const statuses = [...features.map((f) => f.status), ...(predictions ? [predictions.status] : [])];
  const worst = statuses.includes('FAIL') ? 'FAIL' : statuses.includes('WARN') ? 'WARN' : 'OK';
  const file = join(request.reportsDir, `drift_${day.asOfDate}.json`);
  const page = join(request.reportsDir, `drift_${day.asOfDate}.html`);
  const { profile } = request;
  const report: DriftReport = {
    kind: 'churn-drift-report',
    schemaVersion: 2,
    createdAt: new Date().toISOString(),
    status: worst,
    method: `psi against the model's reference profile (${profile.bins} quantile bins per numeric feature, one bin per category, epsilon 1e-4 for empty bins)`,
    thresholds: { warn: request.warnThreshold, fail: request.failThreshold },
    reference: {
      profile: request.profileFile,
      model: profile.model,
      source: profile.source,
      window: profile.window,
      rows: reference.rows,
    },
    current: {
      file: day.file,
      asOfDate: day.asOfDate,
      rows: day.frame.rows,
      population: { ...request.population, excludedRows: day.excludedRows },
    },
    features,
    predictions,
    failing: [
      ...features.filter((f) => f.status === 'FAIL').map((f) => f.name),
      ...(predictions?.status === 'FAIL' ? ['predictions'] : []),
    ],
    file,
    page,
  };
  // Rendered before anything is written, so a report that cannot be drawn writes neither file.
  const html = renderDriftReport(report);
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(page, html);
  return report;
}

/**
 * The monitored features with their type, as the profile knows them. Throws
 * CHURN_ERR_UNKNOWN_MONITORED_FEATURE naming every name it does not know.
 */
function monitoredColumns(
  features: readonly string[],
  profile: ReferenceProfile,
  kind: PopulationKind,
): FeatureSpec[] {
  const { numeric, categorical } = profile.populations[kind];
  assertMonitoredFeatures(features, [...Object.keys(numeric), ...Object.keys(categorical)]);
  return features.map((name) => ({ name, type: name in numeric ? 'numeric' : 'categorical' }));
}

/** Throws CHURN_ERR_UNKNOWN_MONITORED_FEATURE naming every monitored name that is not known. */
export function assertMonitoredFeatures(
  features: readonly string[],
  known: readonly string[],
): void {
  const names = new Set(known);
  const unknown = features.filter((name) => !names.has(name));
  if (unknown.length > 0 || features.length === 0) {
    throw new WorkerError(
      'CHURN_ERR_UNKNOWN_MONITORED_FEATURE',
      unknown.length > 0
        ? `drift.monitored_features: unknown feature(s) ${unknown.join(', ')}`
        : 'drift.monitored_features is empty',
    );
  }
}

async function scoreDay(
  scorer: BatchScorer,
  frame: FeatureFrame,
  batchSize: number,
): Promise<Float64Array> {
  const scores = new Float64Array(frame.rows);
  for (let start = 0; start < frame.rows; start += batchSize) {
    const end = Math.min(frame.rows, start + batchSize);
    scores.set(await scorer.scoreFrame(frame, start, end), start);
  }
  return scores;
}

function jsonBin(bin: PsiBin): DriftBin {
  const shares = { referenceShare: bin.referenceShare, currentShare: bin.currentShare };
  if (Number.isNaN(bin.lower)) return { lower: null, upper: null, missing: true, ...shares };
  return {
    lower: Number.isFinite(bin.lower) ? bin.lower : null,
    upper: Number.isFinite(bin.upper) ? bin.upper : null,
    ...shares,
  };
}
