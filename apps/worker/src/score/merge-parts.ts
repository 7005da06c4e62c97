import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkerError } from '../errors.js';
import { PredictionStore } from './prediction-store.js';
import { publishScores } from './score-features.js';
import { partBatch, partFile, partsDir, readScorePart, type ScorePart } from './score-part.js';
import type { ScoreSummary } from './score-summary.js';
import type { OutputRequest, ScoredRows } from './write-outputs.js';

export interface MergeRequest extends OutputRequest {
  /** How many shards scored the day. */
  readonly shards: number;
  /** The day to merge; default the newest day with parts (`newestPartsDay`). */
  readonly date?: string;
  /** Merge `score --all-dates` shards. */
  readonly allDates?: boolean;
}

/**
 * Merges the part files of `shards` shards into the outputs a one-shot run writes
 * (predictions, top-K, latest copy, summary), byte for byte the same apart from the
 * summary's createdAt and durationSeconds (from the first shard's start to the merge's
 * end). Refuses, naming the shard, when a part is missing or was scored by another model,
 * for another day, from another input or population. Removes the parts once merged.
 */
export async function mergeScoreParts(request: MergeRequest): Promise<ScoreSummary> {
  const label = request.allDates ? 'all' : (request.date ?? (await newestPartsDay(request.outDir)));
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

const DAY_FOLDER = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The newest day of `<outDir>/parts/`: the day the shards of the latest run scored, since a
 * merge removes the parts it merged. Reading the folder, not the features file, keeps the
 * merge from reading the whole input again. A day left by a failed merge is older than the
 * new run's; when no shard of the new run wrote a part, that day is merged, or refused if
 * its parts are incomplete.
 */
async function newestPartsDay(outDir: string): Promise<string> {
  const dir = join(outDir, 'parts');
  const days = (await readdir(dir).catch(() => [] as string[])).filter((name) =>
    DAY_FOLDER.test(name),
  );
  if (days.length === 0) {
    throw new WorkerError(
      'CHURN_ERR_MISSING_SHARD',
      `cannot merge: no parts in ${dir}; run score --shard i/n for every shard first`,
    );
  }
  return days.sort().at(-1)!;
}
