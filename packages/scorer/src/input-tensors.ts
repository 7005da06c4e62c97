import type { FeatureFrame } from '@churn/features';
import type { CardFeature } from '@churn/model';
import { Tensor } from 'onnxruntime-node';
import { ScorerError } from './errors.js';

/** The part of a `FeatureFrame` scoring reads; any FeatureFrame can be passed. */
export type ScorableFrame = Pick<FeatureFrame, 'rows' | 'numeric' | 'categorical'>;

export type Feeds = Record<string, Tensor>;

/**
 * Model columns of one run, already in tensor form, in the card's feature order: numerics
 * as one float32 matrix (column after column, NaN = missing), categoricals as string
 * arrays. One buffer crosses to a scoring thread far cheaper than one array per column.
 */
export interface ScoringColumns {
  readonly rows: number;
  /** numeric feature j, row i at [j * rows + i] */
  readonly numeric: Float32Array;
  readonly categorical: string[][];
}

function numericCount(features: readonly CardFeature[]): number {
  let count = 0;
  for (const feature of features) if (feature.type === 'numeric') count++;
  return count;
}

/**
 * The model columns of plain records. An absent (undefined or null) feature takes the
 * card default: the categorical default ("missing"), or NaN for a numeric, which the
 * graph imputes. Records are assumed valid.
 */
export function recordColumns(
  features: readonly CardFeature[],
  records: ReadonlyArray<Readonly<Record<string, unknown>>>,
): ScoringColumns {
  const n = records.length;
  const numeric = new Float32Array(numericCount(features) * n);
  const categorical: string[][] = [];
  let offset = 0;
  for (const feature of features) {
    const { name } = feature;
    if (feature.type === 'categorical') {
      const values = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const value = records[i]![name];
        values[i] = value === undefined || value === null ? feature.default : String(value);
      }
      categorical.push(values);
    } else {
      for (let i = 0; i < n; i++) numeric[offset + i] = toNumber(records[i]![name]);
      offset += n;
    }
  }
  return { rows: n, numeric, categorical };
}

/** The model columns of rows start..end-1 of a frame (copies); absent columns take the defaults. */
export function frameColumns(
  features: readonly CardFeature[],
  frame: ScorableFrame,
  start: number,
  end: number,
): ScoringColumns {
  if (
    !(
      Number.isInteger(start) &&
      Number.isInteger(end) &&
      start >= 0 &&
      start <= end &&
      end <= frame.rows
    )
  ) {
    throw new ScorerError(
      'CHURN_ERR_SCORER_BAD_RANGE',
      `rows ${start}..${end} are outside the frame (0..${frame.rows})`,
    );
  }
  const n = end - start;
  const numeric = new Float32Array(numericCount(features) * n);
  const categorical: string[][] = [];
  let offset = 0;
  for (const feature of features) {
    const { name } = feature;
    if (feature.type === 'categorical') {
      const column = frame.categorical.get(name);
      categorical.push(
        column ? column.slice(start, end) : new Array<string>(n).fill(feature.default),
      );
    } else {
      const column = frame.numeric.get(name);
      if (column) numeric.set(column.subarray(start, end), offset);
      else numeric.fill(Number.NaN, offset, offset + n);
      offset += n;
    }
  }
  return { rows: n, numeric, categorical };
}

/** One [N,1] tensor per model input, from columns in the card's feature order. */
export function columnFeeds(features: readonly CardFeature[], columns: ScoringColumns): Feeds {
  const n = columns.rows;
  const feeds: Feeds = {};
  let numeric = 0;
  let categorical = 0;
  for (const feature of features) {
    if (feature.type === 'categorical') {
      feeds[feature.name] = new Tensor('string', columns.categorical[categorical++]!, [n, 1]);
    } else {
      const values = columns.numeric.subarray(numeric * n, (numeric + 1) * n);
      numeric++;
      feeds[feature.name] = new Tensor('float32', values, [n, 1]);
    }
  }
  return feeds;
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === undefined || value === null || value === '') return Number.NaN;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number(value);
}
