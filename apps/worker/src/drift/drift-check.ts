import { join } from 'node:path';
import { type PsiBin, psi } from '@churn/features';
import { WorkerError } from '../errors.js';
import { OutputSet } from '../output-set.js';
import { readNumericColumns } from './read-columns.js';

export type DriftStatus = 'OK' | 'WARN' | 'FAIL';

export interface DriftRequest {
  /** Training set CSV (the reference distribution). */
  readonly reference: string;
  /** Features CSV; one as_of_date of it is compared. */
  readonly current: string;
  /** as_of_date to compare; default the latest in `current`. */
  readonly date?: string;
  /** drift.monitored_features */
  readonly features: readonly string[];
  /** Names a monitored feature may take: the numeric model feature columns. */
  readonly knownNumeric: readonly string[];
  readonly bins: number;
  readonly warnThreshold: number;
  readonly failThreshold: number;
  readonly reportsDir: string;
}

export interface FeatureDrift {
  readonly name: string;
  readonly psi: number;
  readonly status: DriftStatus;
  readonly referenceMissing: number;
  readonly currentMissing: number;
  /** Bounds are null for an open end; a missing-values bin has `missing: true`. */
  readonly bins: ReadonlyArray<{
    readonly lower: number | null;
    readonly upper: number | null;
    readonly missing?: true;
    readonly referenceShare: number;
    readonly currentShare: number;
  }>;
}

export interface DriftReport {
  readonly kind: 'churn-drift-report';
  readonly schemaVersion: 1;
  readonly createdAt: string;
  readonly status: DriftStatus;
  readonly method: string;
  readonly thresholds: { readonly warn: number; readonly fail: number };
  readonly reference: { readonly file: string; readonly rows: number };
  readonly current: { readonly file: string; readonly asOfDate: string; readonly rows: number };
  readonly features: readonly FeatureDrift[];
  readonly file: string;
}

/**
 * PSI of each monitored feature, training set vs. one day of the features,
 * written atomically as `drift_{date}.json` in the reports folder.
 * A monitored name that is not a numeric model feature is a configuration
 * error (CHURN_ERR_UNKNOWN_MONITORED_FEATURE), never skipped.
 */
export async function checkDrift(request: DriftRequest): Promise<DriftReport> {
  assertMonitoredFeatures(request.features, request.knownNumeric);
  const selection = request.date
    ? ({ kind: 'date', date: request.date } as const)
    : ({ kind: 'latest' } as const);
  const [reference, current] = await Promise.all([
    readNumericColumns(request.reference, request.features, { kind: 'all' }),
    readNumericColumns(request.current, request.features, selection),
  ]);
  if (reference.rows === 0) {
    throw new WorkerError('CHURN_ERR_NO_ROWS', `${request.reference}: no rows in the reference`);
  }
  if (current.rows === 0 || !current.asOfDate) {
    throw new WorkerError(
      'CHURN_ERR_NO_ROWS',
      `${request.current}: no rows for as_of_date ${request.date ?? '(none)'}`,
    );
  }
  const features = request.features.map((name): FeatureDrift => {
    const result = psi(reference.values.get(name)!, current.values.get(name)!, {
      bins: request.bins,
    });
    return {
      name,
      psi: result.psi,
      status: statusOf(result.psi, request),
      referenceMissing: result.referenceMissing,
      currentMissing: result.currentMissing,
      bins: result.bins.map(jsonBin),
    };
  });
  const worst = features.some((f) => f.status === 'FAIL')
    ? 'FAIL'
    : features.some((f) => f.status === 'WARN')
      ? 'WARN'
      : 'OK';
  const file = join(request.reportsDir, `drift_${current.asOfDate}.json`);
  const report: DriftReport = {
    kind: 'churn-drift-report',
    schemaVersion: 1,
    createdAt: new Date().toISOString(),
    status: worst,
    method: `psi, ${request.bins} quantile bins from the reference, epsilon 1e-4 for empty bins`,
    thresholds: { warn: request.warnThreshold, fail: request.failThreshold },
    reference: { file: reference.file, rows: reference.rows },
    current: { file: current.file, asOfDate: current.asOfDate, rows: current.rows },
    features,
    file,
  };
  const outputs = new OutputSet();
  try {
    const text = `${JSON.stringify(report, null, 2)}\n`;
    await outputs.write(file, [text]);
    await outputs.commit();
  } finally {
    await outputs.abort();
  }
  return report;
}

/** Throws CHURN_ERR_UNKNOWN_MONITORED_FEATURE naming every monitored name that is not known. */
export function assertMonitoredFeatures(
  features: readonly string[],
  knownNumeric: readonly string[],
): void {
  const known = new Set(knownNumeric);
  const unknown = features.filter((name) => !known.has(name));
  if (unknown.length > 0 || features.length === 0) {
    throw new WorkerError(
      'CHURN_ERR_UNKNOWN_MONITORED_FEATURE',
      unknown.length > 0
        ? `drift.monitored_features: unknown numeric feature(s) ${unknown.join(', ')}`
        : 'drift.monitored_features is empty',
    );
  }
}

function statusOf(value: number, thresholds: DriftRequest): DriftStatus {
  if (value >= thresholds.failThreshold) return 'FAIL';
  if (value >= thresholds.warnThreshold) return 'WARN';
  return 'OK';
}

function jsonBin(bin: PsiBin): FeatureDrift['bins'][number] {
  const shares = { referenceShare: bin.referenceShare, currentShare: bin.currentShare };
  if (Number.isNaN(bin.lower)) return { lower: null, upper: null, missing: true, ...shares };
  return {
    lower: Number.isFinite(bin.lower) ? bin.lower : null,
    upper: Number.isFinite(bin.upper) ? bin.upper : null,
    ...shares,
  };
}
