import type { FeatureFrame } from '@churn/features';
import type { CardFeature, ModelCard } from '@churn/model';
import { ScorerError } from './errors.js';

/** The part of a `FeatureFrame` scoring reads; any FeatureFrame can be passed. */
export type ScorableFrame = Pick<FeatureFrame, 'rows' | 'numeric' | 'categorical'>;

/**
 * The model inputs of one run, row-major, exactly the graph's two inputs: the numeric
 * features as one float32 matrix (NaN = missing) and the categorical ones as one string
 * matrix, columns as the card's `onnx.inputs[].columns` list them. One buffer crosses to a
 * scoring thread far cheaper than one array per column.
 */
export interface ScoringColumns {
  readonly rows: number;
  /** row i, numeric column j at [i * K + j] */
  readonly numeric: Float32Array;
  /** row i, categorical column j at [i * C + j] */
  readonly categorical: string[];
}

type Column<T extends CardFeature['type']> = Extract<CardFeature, { type: T }>;

/**
 * Packs records or frame rows into a model's input matrices. The column layout is read from
 * the card once, when a scorer loads, so a run only copies values.
 */
export class InputPacker {
  readonly #numeric: ReadonlyArray<Column<'numeric'>>;
  readonly #categorical: ReadonlyArray<Column<'categorical'>>;

  constructor(card: ModelCard) {
    const byName = new Map(card.features.map((feature) => [feature.name, feature]));
    const columnsOf = (type: 'string' | 'float32') =>
      (card.onnx.inputs.find((input) => input.type === type)?.columns ?? []).map(
        (name) => byName.get(name)!,
      );
    this.#numeric = columnsOf('float32') as Array<Column<'numeric'>>;
    this.#categorical = columnsOf('string') as Array<Column<'categorical'>>;
  }

  /**
   * The inputs of plain records. An absent (undefined or null) feature takes the card
   * default: the categorical default ("missing"), or NaN for a numeric, which the graph
   * imputes. Records are assumed valid.
   */
  records(records: ReadonlyArray<Readonly<Record<string, unknown>>>): ScoringColumns {
    const n = records.length;
    const k = this.#numeric.length;
    const c = this.#categorical.length;
    const numbers = new Float32Array(n * k);
    const strings = new Array<string>(n * c);
    for (let i = 0; i < n; i++) {
      const record = records[i]!;
      for (let j = 0; j < k; j++) numbers[i * k + j] = toNumber(record[this.#numeric[j]!.name]);
      for (let j = 0; j < c; j++) {
        const feature = this.#categorical[j]!;
        const value = record[feature.name];
        strings[i * c + j] =
          value === undefined || value === null ? feature.default : String(value);
      }
    }
    return { rows: n, numeric: numbers, categorical: strings };
  }

  /** The inputs of rows start..end-1 of a frame (copies); absent columns take the defaults. */
  frame(frame: ScorableFrame, start: number, end: number): ScoringColumns {
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
    const k = this.#numeric.length;
    const c = this.#categorical.length;
    const numbers = new Float32Array(n * k).fill(Number.NaN);
    this.#numeric.forEach((feature, j) => {
      const column = frame.numeric.get(feature.name);
      if (column) for (let i = 0; i < n; i++) numbers[i * k + j] = column[start + i]!;
    });
    const strings = new Array<string>(n * c);
    this.#categorical.forEach((feature, j) => {
      const column = frame.categorical.get(feature.name);
      for (let i = 0; i < n; i++)
        strings[i * c + j] = column ? column[start + i]! : feature.default;
    });
    return { rows: n, numeric: numbers, categorical: strings };
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === undefined || value === null || value === '') return Number.NaN;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number(value);
}
