import type { FeatureColumn } from './columns.js';
import { FeaturesError } from './errors.js';
import type { FeatureFrame } from './frame.js';
import { inPopulation, POPULATION_COLUMN, type PopulationKind } from './population.js';
import { type BinnedDistribution, binnedDistribution } from './psi.js';
import { type CategoryDistribution, categoryDistribution } from './psi-categorical.js';

/**
 * The reference profile: what a model saw, reduced to bins and shares, written next to
 * the model at training. The drift check reads the served model's profile, so the
 * reference always matches the model being served and no training data is needed.
 */
export const REFERENCE_PROFILE_KIND = 'churn-reference-profile';
export const REFERENCE_PROFILE_SCHEMA_VERSION = 1;
export const REFERENCE_PROFILE_FILE = 'reference-profile.json';

/** One scoring population's reference: the same rows for features and scores. */
export interface PopulationProfile {
  readonly rows: number;
  readonly numeric: Readonly<Record<string, BinnedDistribution>>;
  readonly categorical: Readonly<Record<string, CategoryDistribution>>;
  /** The model's own scores on these rows. */
  readonly predictions: BinnedDistribution;
}

export interface ReferenceProfile {
  readonly kind: typeof REFERENCE_PROFILE_KIND;
  readonly schemaVersion: typeof REFERENCE_PROFILE_SCHEMA_VERSION;
  readonly model: { readonly name: string; readonly version: string };
  /** Which rows were profiled, e.g. the test split of the training set. */
  readonly source: string;
  /** First and last as_of_date of the profiled rows. */
  readonly window: { readonly from: string; readonly to: string };
  /** The training window of the model (train and test split). */
  readonly trainingWindow: { readonly from: string; readonly to: string };
  readonly rows: { readonly train: number; readonly test: number };
  readonly bins: number;
  /** churn.window_days, which decides the `active` population. */
  readonly windowDays: number;
  readonly populations: Readonly<Record<PopulationKind, PopulationProfile>>;
}

export interface ReferenceProfileInput {
  readonly model: { readonly name: string; readonly version: string };
  readonly source: string;
  /** The profiled rows. */
  readonly frame: FeatureFrame;
  /** The model's score of each row of `frame`. */
  readonly scores: ArrayLike<number>;
  readonly features: readonly FeatureColumn[];
  readonly trainingWindow: { readonly from: string; readonly to: string };
  readonly rows: { readonly train: number; readonly test: number };
  readonly bins: number;
  readonly windowDays: number;
}

/** Profiles `frame` for both populations (every row, and the users active in the window). */
export function buildReferenceProfile(input: ReferenceProfileInput): ReferenceProfile {
  const { frame } = input;
  const { everyRow, active } = populationRows(input);
  let from = frame.asOfDate[0]!;
  let to = from;
  for (const date of frame.asOfDate) {
    if (date < from) from = date;
    if (date > to) to = date;
  }
  return {
    kind: REFERENCE_PROFILE_KIND,
    schemaVersion: REFERENCE_PROFILE_SCHEMA_VERSION,
    model: input.model,
    source: input.source,
    window: { from, to },
    trainingWindow: input.trainingWindow,
    rows: input.rows,
    bins: input.bins,
    windowDays: input.windowDays,
    populations: {
      active: profileRows(input, active),
      all: profileRows(input, everyRow),
    },
  };
}

/**
 * The profile of another model on the same rows: `profile`'s feature distributions (built
 * from `input.frame`) with `input.model` and its `input.scores`. Profiling the features
 * is most of the work, and they do not depend on the model.
 */
export function withModelScores(
  profile: ReferenceProfile,
  input: Pick<ReferenceProfileInput, 'model' | 'frame' | 'scores' | 'bins' | 'windowDays'>,
): ReferenceProfile {
  const { everyRow, active } = populationRows(input);
  const predictions = (rows: Int32Array) => {
    const scores = new Float64Array(rows.length);
    for (let j = 0; j < rows.length; j++) scores[j] = input.scores[rows[j]!]!;
    return binnedDistribution(scores, input.bins);
  };
  return {
    ...profile,
    model: input.model,
    populations: {
      active: { ...profile.populations.active, predictions: predictions(active) },
      all: { ...profile.populations.all, predictions: predictions(everyRow) },
    },
  };
}

/** Rows of both populations, after checking the input's shape. */
function populationRows(input: Pick<ReferenceProfileInput, 'frame' | 'scores' | 'windowDays'>): {
  everyRow: Int32Array;
  active: Int32Array;
} {
  const { frame, scores } = input;
  if (frame.rows === 0) throw new RangeError('buildReferenceProfile requires at least one row');
  if (scores.length !== frame.rows) {
    throw new RangeError(`buildReferenceProfile: ${scores.length} scores for ${frame.rows} rows`);
  }
  const dsla = frame.numeric.get(POPULATION_COLUMN);
  if (!dsla) throw new RangeError(`buildReferenceProfile requires ${POPULATION_COLUMN}`);
  const everyRow = new Int32Array(frame.rows);
  const active = new Int32Array(frame.rows);
  const population = { kind: 'active', windowDays: input.windowDays } as const;
  let count = 0;
  for (let i = 0; i < frame.rows; i++) {
    everyRow[i] = i;
    if (inPopulation(population, dsla[i]!)) active[count++] = i;
  }
  if (count === 0) {
    throw new RangeError('buildReferenceProfile: no row of the active population to profile');
  }
  return { everyRow, active: active.subarray(0, count) };
}

function profileRows(input: ReferenceProfileInput, rows: Int32Array): PopulationProfile {
  const numeric: Record<string, BinnedDistribution> = {};
  const categorical: Record<string, CategoryDistribution> = {};
  const count = rows.length;
  for (const feature of input.features) {
    if (feature.type === 'numeric') {
      const values = input.frame.numeric.get(feature.name);
      if (!values) throw new RangeError(`buildReferenceProfile: no column ${feature.name}`);
      const picked = new Float64Array(count);
      for (let j = 0; j < count; j++) picked[j] = values[rows[j]!]!;
      numeric[feature.name] = allMissing(picked)
        ? { cuts: [], shares: [0], missingShare: 1, count }
        : binnedDistribution(picked, input.bins);
    } else {
      const values = input.frame.categorical.get(feature.name);
      if (!values) throw new RangeError(`buildReferenceProfile: no column ${feature.name}`);
      const picked = new Array<string>(count);
      for (let j = 0; j < count; j++) picked[j] = values[rows[j]!]!;
      categorical[feature.name] = categoryDistribution(picked);
    }
  }
  const scores = new Float64Array(count);
  for (let j = 0; j < count; j++) scores[j] = input.scores[rows[j]!]!;
  return { rows: count, numeric, categorical, predictions: binnedDistribution(scores, input.bins) };
}

function allMissing(values: Float64Array): boolean {
  return values.every((value) => Number.isNaN(value));
}

/**
 * Reads a reference profile's JSON. Refuses another kind or schemaVersion and a profile
 * without both populations (CHURN_ERR_PROFILE_INVALID, naming the file).
 */
export function parseReferenceProfile(text: string, file: string): ReferenceProfile {
  const invalid = (why: string) => new FeaturesError('CHURN_ERR_PROFILE_INVALID', why, { file });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('not valid JSON');
  }
  const record = (value ?? {}) as Partial<ReferenceProfile>;
  if (record.kind !== REFERENCE_PROFILE_KIND) {
    throw invalid(`not a reference profile (kind ${JSON.stringify(record.kind)})`);
  }
  if (record.schemaVersion !== REFERENCE_PROFILE_SCHEMA_VERSION) {
    throw invalid(
      `schemaVersion ${JSON.stringify(record.schemaVersion)}; this reader knows ${REFERENCE_PROFILE_SCHEMA_VERSION}`,
    );
  }
  for (const kind of ['active', 'all'] as const) {
    const population = record.populations?.[kind];
    if (!population || typeof population.rows !== 'number' || !population.predictions) {
      throw invalid(`populations.${kind} is missing or incomplete`);
    }
    for (const [name, binned] of Object.entries(population.numeric ?? {})) {
      if (!Array.isArray(binned.cuts) || binned.shares?.length !== binned.cuts.length + 1) {
        throw invalid(`populations.${kind}.numeric.${name}: shares do not match the cuts`);
      }
    }
  }
  return record as ReferenceProfile;
}
