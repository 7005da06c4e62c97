import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@churn/io';
import { WorkerError } from '../errors.js';
import type { ScoredBatch } from './prediction-store.js';
import type { ModelName, ScoredPopulation } from './score-summary.js';
import type { Shard } from './shard.js';
import type { ScoredRows } from './write-outputs.js';

const PART_KIND = 'churn-score-part';

/**
 * `parts/{date}/part-{i}-of-{n}.json`: what shard i of n scored, for the merge. JSON keeps
 * every value exact (a float32 score as its float64 value, NaN as null), and the file
 * describes itself: the merge refuses parts of another model, day, input or population.
 */
export interface ScorePart {
  readonly kind: typeof PART_KIND;
  readonly schemaVersion: 1;
  readonly shard: Shard;
  /** The scored day; null for --all-dates. */
  readonly asOfDate: string | null;
  readonly newestDate: string;
  readonly model: ModelName;
  readonly input: {
    readonly file: string;
    readonly fingerprint: string;
    readonly rowsRead: number;
  };
  /** `excludedRows` counts this shard's users only. */
  readonly population: ScoredPopulation;
  /** Every skipped line the shard saw (rows of any shard with a bad date or field count). */
  readonly skippedLines: readonly number[];
  readonly startedAt: string;
  readonly rows: PartRows;
}

/** The scored rows, column by column, in the order the shard read them. */
interface PartRows {
  readonly user_id: readonly number[];
  readonly as_of_date: readonly string[];
  readonly plan: readonly string[];
  readonly is_paid: ReadonlyArray<number | null>;
  readonly country: readonly string[];
  readonly marketing_source: readonly string[];
  readonly days_since_signup: ReadonlyArray<number | null>;
  readonly days_since_last_activity: ReadonlyArray<number | null>;
  readonly churn_risk: readonly number[];
}

/** The folder of a day's parts (`label`: the date, or `all`). */
export function partsDir(outDir: string, label: string): string {
  return join(outDir, 'parts', label);
}

export function partFile(outDir: string, label: string, shard: Shard): string {
  return join(partsDir(outDir, label), `part-${shard.index}-of-${shard.count}.json`);
}

/** Writes a shard's scored rows as its part file (atomically); returns the part. */
export async function writeScorePart(
  scored: ScoredRows,
  shard: Shard,
  file: string,
): Promise<ScorePart> {
  const rows = scored.store.rows();
  const part: ScorePart = {
    kind: PART_KIND,
    schemaVersion: 1,
    shard,
    asOfDate: scored.asOfDate,
    newestDate: scored.newestDate,
    model: scored.model,
    input: { ...scored.input, fingerprint: await scored.input.fingerprint },
    population: scored.population,
    skippedLines: scored.skippedLines,
    startedAt: new Date(scored.startedAt).toISOString(),
    rows: {
      user_id: Array.from(rows.userId),
      as_of_date: rows.asOfDate,
      plan: rows.plan,
      // JSON writes NaN as null; `readScorePart` turns it back.
      is_paid: Array.from(rows.isPaid),
      country: rows.country,
      marketing_source: rows.marketingSource,
      days_since_signup: Array.from(rows.daysSinceSignup),
      days_since_last_activity: Array.from(rows.daysSinceLastActivity),
      churn_risk: Array.from(rows.scores),
    },
  };
  await writeFileAtomic(file, JSON.stringify(part));
  return part;
}

/** Reads a part file; null when there is none. Throws CHURN_ERR_SHARD_MISMATCH when it is not one. */
export async function readScorePart(file: string): Promise<ScorePart | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let part: Partial<ScorePart> | null = null;
  try {
    part = JSON.parse(text);
  } catch {}
  if (part?.kind !== PART_KIND || part.schemaVersion !== 1 || !part.rows) {
    throw new WorkerError(
      'CHURN_ERR_SHARD_MISMATCH',
      `${file} is not a ${PART_KIND} v1 file; score the shard again`,
    );
  }
  return part as ScorePart;
}

/** A part's rows as a batch for PredictionStore.append. */
export function partBatch(part: ScorePart): ScoredBatch {
  const { rows } = part;
  const numbers = (values: ReadonlyArray<number | null>) =>
    Float64Array.from(values, (value) => value ?? Number.NaN);
  return {
    rows: rows.user_id.length,
    userId: Int32Array.from(rows.user_id),
    asOfDate: rows.as_of_date,
    plan: rows.plan,
    country: rows.country,
    marketingSource: rows.marketing_source,
    isPaid: numbers(rows.is_paid),
    daysSinceSignup: numbers(rows.days_since_signup),
    daysSinceLastActivity: numbers(rows.days_since_last_activity),
    scores: Float32Array.from(rows.churn_risk),
  };
}
