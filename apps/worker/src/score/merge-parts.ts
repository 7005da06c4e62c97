import { rm } from 'node:fs/promises';
import { parseEpochDay } from '@churn/features';
import { WorkerError } from '../errors.js';
import { openInputCsv } from '../input-csv.js';
import { PredictionStore } from './prediction-store.js';
import { publishScores } from './score-features.js';
import { partBatch, partFile, partsDir, readScorePart, type ScorePart } from './score-part.js';
import type { ScoreSummary } from './score-summary.js';
import type { OutputRequest, ScoredRows } from './write-outputs.js';

export interface MergeRequest extends OutputRequest {
  /** How many shards scored the day. */
  readonly shards: number;
  /** The day to merge; default the latest as_of_date of `input` (the day `score` picks). */
  readonly date?: string;
  /** Merge `score --all-dates` shards. */
  readonly allDates?: boolean;
  /** The features file the shards read (for the default date). */
  readonly input: string;
}

/**
 * Merges the part files of `shards` shards into the outputs a one-shot run writes
 * (predictions, top-K, latest copy, summary), byte for byte the same apart from the
 * summary's createdAt and durationSeconds (from the first shard's start to the merge's
 * end). Refuses, naming the shard, when a part is missing or was scored by another model,
 * for another day, from another input or population. Removes the parts once merged.
 */
export async function mergeScoreParts(request: MergeRequest): Promise<ScoreSummary> {
  const label = request.allDates ? 'all' : (request.date ?? (await latestDate(request.input)));
  const shards = Array.from({ length: request.shards }, (_, index) => ({
    index,
    count: request.shards,
  }));
  const files = shards.map((shard) => partFile(request.outDir, label, shard));
  const parts = await Promise.all(files.map(readScorePart));
  const missing = shards.filter((_, i) => parts[i] === null);
  if (missing.length > 0) {
    throw new WorkerError(
      'CHURN_ERR_MISSING_SHARD',
      `cannot merge ${label}: no part of shard ${missing.map((s) => `${s.index}/${s.count}`).join(', ')} ` +
        `(${missing.map((s) => files[s.index]).join(', ')}); run score --shard i/${request.shards} for it first`,
    );
  }
  const scored = combine(parts as ScorePart[], files, label);
  const summary = await publishScores(scored, request);
  await rm(partsDir(request.outDir, label), { recursive: true, force: true });
  return summary;
}

/** The parts as one run's scored rows, after checking they belong to the same run. */
function combine(parts: readonly ScorePart[], files: readonly string[], label: string): ScoredRows {
  const first = parts[0]!;
  const expected = {
    day: first.asOfDate ?? 'all',
    model: first.model.version,
    newest: first.newestDate,
    input: first.input.fingerprint,
    rows: first.input.rowsRead,
    population: `${first.population.kind}/${first.population.windowDays}`,
  };
  const store = new PredictionStore();
  const skipped = new Set<number>();
  let excludedRows = 0;
  let startedAt = Number.POSITIVE_INFINITY;
  parts.forEach((part, i) => {
    const actual = {
      day: part.asOfDate ?? 'all',
      model: part.model.version,
      newest: part.newestDate,
      input: part.input.fingerprint,
      rows: part.input.rowsRead,
      population: `${part.population.kind}/${part.population.windowDays}`,
    };
    const what = {
      day: 'is for as_of_date',
      model: 'was scored by model',
      newest: 'read an input whose newest date is',
      input: 'read an input with fingerprint',
      rows: 'read a number of rows of',
      population: 'scored the population',
    } as const;
    if (part.shard.index !== i || part.shard.count !== parts.length || actual.day !== label) {
      throw mismatch(
        files[i]!,
        `is shard ${part.shard.index}/${part.shard.count} of ${actual.day}`,
      );
    }
    for (const key of Object.keys(what) as Array<keyof typeof what>) {
      if (actual[key] !== expected[key]) {
        throw mismatch(
          files[i]!,
          `${what[key]} ${actual[key]}, shard 0 ${expected[key]}: score the shards of one run again`,
        );
      }
    }
    store.append(partBatch(part));
    for (const line of part.skippedLines) skipped.add(line);
    excludedRows += part.population.excludedRows;
    startedAt = Math.min(startedAt, Date.parse(part.startedAt));
  });
  return {
    store,
    asOfDate: first.asOfDate,
    newestDate: first.newestDate,
    model: first.model,
    input: first.input,
    population: { ...first.population, excludedRows },
    // Rows with a bad date or field count are skipped by every shard: each line once.
    skippedLines: [...skipped].sort((a, b) => a - b),
    startedAt,
  };
}

function mismatch(file: string, reason: string): WorkerError {
  return new WorkerError('CHURN_ERR_SHARD_MISMATCH', `cannot merge: ${file} ${reason}`);
}

/** The latest valid as_of_date of the features file: the day `score` picks by default. */
async function latestDate(file: string): Promise<string> {
  const csv = await openInputCsv(file, {
    notFound: `features file not found: ${file}`,
    // Only dates are read here; the shards have judged the rows.
    onMalformedRow: () => 'skip',
  });
  const dateCol = csv.columnIndex('as_of_date');
  if (dateCol < 0) {
    throw new WorkerError('CHURN_ERR_MISSING_COLUMN', `${file}: missing column(s) as_of_date`);
  }
  let latest = '';
  for await (const batch of csv.batches()) {
    for (let r = 0; r < batch.rows; r++) {
      const date = batch.text(r, dateCol);
      if (date > latest && date.length === 10 && !Number.isNaN(parseEpochDay(date))) latest = date;
    }
  }
  if (!latest) throw new WorkerError('CHURN_ERR_NO_ROWS', `${file}: no as_of_date to merge`);
  return latest;
}
