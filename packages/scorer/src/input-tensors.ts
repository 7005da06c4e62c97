import type { FeatureFrame } from '@churn/features';
import type { CardFeature } from '@churn/model';
import { Tensor } from 'onnxruntime-node';
import { ScorerError } from './errors.js';

/** The part of a `FeatureFrame` scoring reads; any FeatureFrame can be passed. */
export type ScorableFrame = Pick<FeatureFrame, 'rows' | 'numeric' | 'categorical'>;

export type Feeds = Record<string, Tensor>;

/**
 * One [N,1] tensor per model input from plain records. An absent (undefined or
 * null) feature takes the card default: the categorical default ("missing"), or NaN
 * for a numeric, which the graph imputes. Records are assumed valid.
 */
export function recordFeeds(
  features: readonly CardFeature[],
  records: ReadonlyArray<Readonly<Record<string, unknown>>>,
): Feeds {
  const n = records.length;
  const feeds: Feeds = {};
  for (const feature of features) {
    const { name } = feature;
    if (feature.type === 'categorical') {
      const values = new Array<string>(n);
      for (let i = 0; i < n; i++) {
        const value = records[i]![name];
        values[i] = value === undefined || value === null ? feature.default : String(value);
      }
      feeds[name] = new Tensor('string', values, [n, 1]);
    } else {
      const values = new Float32Array(n);
      for (let i = 0; i < n; i++) values[i] = toNumber(records[i]![name]);
      feeds[name] = new Tensor('float32', values, [n, 1]);
    }
  }
  return feeds;
}

/** One [end-start,1] tensor per model input from rows start..end-1 of a frame; absent columns take the defaults. */
export function frameFeeds(
  features: readonly CardFeature[],
  frame: ScorableFrame,
  start: number,
  end: number,
): Feeds {
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
  const feeds: Feeds = {};
  for (const feature of features) {
    const { name } = feature;
    if (feature.type === 'categorical') {
      const column = frame.categorical.get(name);
      const values = column ? column.slice(start, end) : new Array<string>(n).fill(feature.default);
      feeds[name] = new Tensor('string', values, [n, 1]);
    } else {
      const column = frame.numeric.get(name);
      const values = column
        ? new Float32Array(column.subarray(start, end))
        : new Float32Array(n).fill(Number.NaN);
      feeds[name] = new Tensor('float32', values, [n, 1]);
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
