import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TABLE_FILES } from '@churn/features';
import { openCsv, writeFileAtomic } from '@churn/io';
import { renderAccuracyReport } from '@churn/report';
import { inputFileError, WorkerError } from '../errors.js';
import { CSV_CHUNK_BYTES, openInputCsv } from '../input-csv.js';

export interface AccuracyRequest {
  /** Folder of predictions_{date}.csv (paths.predictions). */
  readonly predictionsDir: string;
  /** Folder of score_summary_{date}.json, which names the model of each day (paths.metrics). */
  readonly metricsDir: string;
  /** Folder of labels.csv (paths.processed). */
  readonly processedDir: string;
  readonly reportsDir: string;
  /** churn.window_days: how long a label takes to mature. */
  readonly windowDays: number;
  /** The production model now, to mark the days it predicted. */
  readonly production: { readonly name: string; readonly version: string } | null;
}

export interface RealizedDay {
  readonly asOfDate: string;
  /** The model that made the day's predictions (from its score summary), when known. */
  readonly model: { readonly name: string; readonly version: string } | null;
  readonly production: boolean;
  /** Predictions joined with a matured label. */
  readonly rows: number;
  /** Predictions without a label (users the labels file does not have for that day). */
  readonly unlabelled: number;
  readonly churnRate: number;
  /** null when the day's labels are all one class (the AUCs are undefined). */
  readonly pr_auc: number | null;
  readonly roc_auc: number | null;
}

export interface AccuracyReport {
  readonly kind: 'churn-realized-accuracy';
  readonly schemaVersion: 1;
  readonly createdAt: string;
  readonly windowDays: number;
  readonly labels: { readonly file: string; readonly lastDate: string | null };
  /** Prediction days with matured labels, oldest first. */
  readonly days: readonly RealizedDay[];
  /** Prediction days whose labels have not matured yet (within window_days of the data's end). */
  readonly pending: readonly string[];
  readonly file: string;
  /** The same report as an HTML page with charts, next to `file`. */
  readonly page: string;
}

const PREDICTIONS_FILE = /^predictions_(\d{4}-\d{2}-\d{2})\.csv$/;

/**
 * Realized accuracy: joins each stored day of predictions with the churn labels that have
 * matured since (a label needs `windowDays` days after its date; labels.csv holds exactly
 * those) and reports pr_auc and roc_auc per prediction date, with the model that made them.
 * Written atomically as `realized_accuracy.json` in the reports folder, and as a page with charts,
 * `realized_accuracy.html`.
 */
export async function realizedAccuracy(request: AccuracyRequest): Promise<AccuracyReport> {
  const names = await readdir(request.predictionsDir).catch(() => [] as string[]);
  const dates = names
    .map((name) => PREDICTIONS_FILE.exec(name)?.[1])
    .filter((date): date is string => date !== undefined)
    .sort();
  if (dates.length === 0) {
    throw new WorkerError(
      'CHURN_ERR_NO_ROWS',
      `${request.predictionsDir}: no predictions_{date}.csv to evaluate (run score first)`,
    );
  }
  const labelsFile = join(request.processedDir, TABLE_FILES.labels);
  const { labels, lastDate } = await readLabels(labelsFile, new Set(dates));
  const { binaryMetrics } = await import('@churn/model/train');
  const days: RealizedDay[] = [];
  const pending: string[] = [];
  for (const date of dates) {
    const byUser = labels.get(date);
    if (!byUser) {
      pending.push(date);
      continue;
    }
    const predictions = await readPredictions(
      join(request.predictionsDir, `predictions_${date}.csv`),
    );
    const y: number[] = [];
    const scores: number[] = [];
    for (const [user, risk] of predictions) {
      const label = byUser.get(user);
      if (label === undefined) continue;
      y.push(label);
      scores.push(risk);
    }
    const positives = y.reduce((sum, value) => sum + value, 0);
    const defined = positives > 0 && positives < y.length;
    const metrics = defined ? binaryMetrics(y, scores, 0.5) : null;
    const model = await modelOf(request.metricsDir, date);
    days.push({
      asOfDate: date,
      model,
      production: model !== null && model.version === request.production?.version,
      rows: y.length,
      unlabelled: predictions.size - y.length,
      churnRate: y.length > 0 ? positives / y.length : 0,
      pr_auc: metrics?.pr_auc ?? null,
      roc_auc: metrics?.roc_auc ?? null,
    });
  }
  const file = join(request.reportsDir, 'realized_accuracy.json');
  const page = join(request.reportsDir, 'realized_accuracy.html');
  const report: AccuracyReport = {
    kind: 'churn-realized-accuracy',
    schemaVersion: 1,
    createdAt: new Date().toISOString(),
    windowDays: request.windowDays,
    labels: { file: labelsFile, lastDate },
    days,
    pending,
    file,
    page,
  };
  // Rendered before anything is written, so a report that cannot be drawn writes neither file.
  const html = renderAccuracyReport(report);
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(page, html);
  return report;
}

/** Labels of the wanted dates: date -> user -> 0/1; and the last labelled date of the file. */
async function readLabels(file: string, wanted: ReadonlySet<string>) {
  const csv = await openInputCsv(file, {
    notFound: `labels not found: ${file} (the pipeline's labels step writes it)`,
  });
  const [user, date, label] = ['user_id', 'as_of_date', 'churn_label'].map((name) =>
    csv.columnIndex(name),
  ) as [number, number, number];
  if (user < 0 || date < 0 || label < 0) {
    throw new WorkerError(
      'CHURN_ERR_MISSING_COLUMN',
      `${file}: needs user_id, as_of_date, churn_label`,
    );
  }
  const labels = new Map<string, Map<number, number>>();
  let lastDate: string | null = null;
  try {
    for await (const batch of csv.batches()) {
      for (let r = 0; r < batch.rows; r++) {
        const day = batch.text(r, date);
        if (lastDate === null || day > lastDate) lastDate = day;
        if (!wanted.has(day)) continue;
        const value = batch.number(r, label);
        if (value !== 0 && value !== 1) {
          throw new WorkerError(
            'CHURN_ERR_INVALID_ROW',
            `${file}:${batch.line(r)}: column churn_label: ${JSON.stringify(batch.text(r, label))} is not 0 or 1`,
          );
        }
        let byUser = labels.get(day);
        if (!byUser) {
          byUser = new Map();
          labels.set(day, byUser);
        }
        byUser.set(batch.number(r, user), value);
      }
    }
  } catch (error) {
    throw inputFileError(error);
  }
  return { labels, lastDate };
}

/** user_id -> churn_risk of one predictions file. */
async function readPredictions(file: string): Promise<Map<number, number>> {
  const csv = await openCsv(file, { chunkBytes: CSV_CHUNK_BYTES });
  const user = csv.columnIndex('user_id');
  const risk = csv.columnIndex('churn_risk');
  if (user < 0 || risk < 0) {
    throw new WorkerError('CHURN_ERR_MISSING_COLUMN', `${file}: needs user_id and churn_risk`);
  }
  const scores = new Map<number, number>();
  try {
    for await (const batch of csv.batches()) {
      for (let r = 0; r < batch.rows; r++) scores.set(batch.number(r, user), batch.number(r, risk));
    }
  } catch (error) {
    throw inputFileError(error);
  }
  return scores;
}

async function modelOf(metricsDir: string, date: string) {
  try {
    const summary = JSON.parse(
      await readFile(join(metricsDir, `score_summary_${date}.json`), 'utf8'),
    );
    const model = summary?.model;
    return typeof model?.version === 'string' && typeof model?.name === 'string'
      ? { name: model.name as string, version: model.version as string }
      : null;
  } catch {
    return null;
  }
}
