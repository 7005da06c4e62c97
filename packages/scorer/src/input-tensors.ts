import type { FeatureFrame } from '@churn/features';
import type {
  CardFeature,
  CategoricalCardFeature,
  ModelCard,
  NumericCardFeature,
} from '@churn/model';
import { Tensor } from 'onnxruntime-node';
import { ScorerError } from './errors.js';

/** The part of a `FeatureFrame` scoring reads; any FeatureFrame can be passed. */
export type ScorableFrame = Pick<FeatureFrame, 'rows' | 'numeric' | 'categorical'>;

export type Feeds = Record<string, Tensor>;

/**
 * The model inputs of one run, row-major, columns in the card's feature order: the numeric
 * features as one float32 matrix (NaN = missing) and the categorical ones as one string
 * matrix, exactly the graph's two inputs. One buffer crosses to a scoring thread far
 * cheaper than one array per column.
 */
export interface ScoringColumns {
  readonly rows: number;
  /** row i, numeric feature j at [i * K + j] */
  readonly numeric: Float32Array;
  /** row i, categorical feature j at [i * C + j] */
  readonly categorical: string[];
}

function split(features: readonly CardFeature[]) {
  const numeric: NumericCardFeature[] = [];
  const categorical: CategoricalCardFeature[] = [];
  for (const feature of features) {
    if (feature.type === 'categorical') categorical.push(feature);
    else numeric.push(feature);
  }
  return { numeric, categorical };
}

/**
 * The model inputs of plain records. An absent (undefined or null) feature takes the
 * card default: the categorical default ("missing"), or NaN for a numeric, which the
 * graph imputes. Records are assumed valid.
 */
export function recordColumns(
  features: readonly CardFeature[],
  records: ReadonlyArray<Readonly<Record<string, unknown>>>,
): ScoringColumns {
  const n = records.length;
  const { numeric, categorical } = split(features);
  const k = numeric.length;
  const c = categorical.length;
  const numbers = new Float32Array(n * k);
  const strings = new Array<string>(n * c);
  for (let i = 0; i < n; i++) {
    const record = records[i]!;
    for (let j = 0; j < k; j++) numbers[i * k + j] = toNumber(record[numeric[j]!.name]);
    for (let j = 0; j < c; j++) {
      const feature = categorical[j]!;
      const value = record[feature.name];
      strings[i * c + j] = value === undefined || value === null ? feature.default : String(value);
    }
  }
  return { rows: n, numeric: numbers, categorical: strings };
}

/** The model inputs of rows start..end-1 of a frame (copies); absent columns take the defaults. */
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
  const { numeric, categorical } = split(features);
  const k = numeric.length;
  const c = categorical.length;
  const numbers = new Float32Array(n * k);
  numeric.forEach((feature, j) => {
    const column = frame.numeric.get(feature.name);
    for (let i = 0; i < n; i++) numbers[i * k + j] = column ? column[start + i]! : Number.NaN;
  });
  const strings = new Array<string>(n * c);
  categorical.forEach((feature, j) => {
    const column = frame.categorical.get(feature.name);
    for (let i = 0; i < n; i++) strings[i * c + j] = column ? column[start + i]! : feature.default;
  });
  return { rows: n, numeric: numbers, categorical: strings };
}

/** The graph's inputs (the card's `onnx.inputs`: one string and/or one float32 matrix). */
export function columnFeeds(card: ModelCard, columns: ScoringColumns): Feeds {
  const feeds: Feeds = {};
  for (const input of card.onnx.inputs) {
    const dims = [columns.rows, input.columns.length];
    feeds[input.name] =
      input.type === 'string'
        ? new Tensor('string', columns.categorical, dims)
        : new Tensor('float32', columns.numeric, dims);
  }
  return feeds;
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === undefined || value === null || value === '') return Number.NaN;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number(value);
}
