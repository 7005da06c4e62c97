import { type FeatureFrame, MISSING_CATEGORY } from '@churn/features';
import { type CsvBatch, fitsFloat32 } from '@churn/io';
import type { ScoredBatch } from './prediction-store.js';

export interface FeatureSpec {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
}

/** Columns every scored row needs besides the model's features. */
export const KEY_COLUMNS = ['user_id', 'as_of_date'] as const;
export const OUTPUT_NUMERIC = ['is_paid', 'days_since_signup', 'days_since_last_activity'] as const;
export const OUTPUT_TEXT = ['plan', 'country', 'marketing_source'] as const;

/** Why a row cannot be scored. */
export interface RowProblem {
  readonly line: number;
  readonly reason: string;
}

/**
 * A reusable columnar batch of rows to score. `add` parses one CSV row into the
 * next slot and validates it; `frame` is the scorer's view of the filled slots.
 * Empty numeric cells are missing (NaN); empty categorical cells are 'missing'; a
 * number must fit the model's float32 input. The reader has checked field counts.
 */
export class FrameBatch {
  rows = 0;
  readonly userId: Int32Array;
  /** The file line of each slot, to name a row the scorer refuses. */
  readonly line: Int32Array;
  readonly asOfDate: string[];
  readonly numeric = new Map<string, Float64Array>();
  readonly categorical = new Map<string, string[]>();
  readonly #out: { num: Float64Array[]; text: string[][] };
  readonly #numericCols: Array<{ name: string; col: number; values: Float64Array }>;
  readonly #textCols: Array<{ name: string; col: number; values: string[] }>;

  constructor(
    features: readonly FeatureSpec[],
    columnIndex: (name: string) => number,
    readonly capacity: number,
  ) {
    this.userId = new Int32Array(capacity);
    this.line = new Int32Array(capacity);
    this.asOfDate = new Array<string>(capacity).fill('');
    this.#numericCols = [];
    this.#textCols = [];
    for (const feature of features) {
      if (feature.type === 'numeric') {
        const values = new Float64Array(capacity);
        this.numeric.set(feature.name, values);
        this.#numericCols.push({ name: feature.name, col: columnIndex(feature.name), values });
      } else {
        const values = new Array<string>(capacity).fill(MISSING_CATEGORY);
        this.categorical.set(feature.name, values);
        this.#textCols.push({ name: feature.name, col: columnIndex(feature.name), values });
      }
    }
    const num = OUTPUT_NUMERIC.map((name) => {
      const shared = this.numeric.get(name);
      if (shared) return shared;
      const values = new Float64Array(capacity);
      this.#numericCols.push({ name, col: columnIndex(name), values });
      return values;
    });
    const text = OUTPUT_TEXT.map((name) => {
      const shared = this.categorical.get(name);
      if (shared) return shared;
      const values = new Array<string>(capacity).fill(MISSING_CATEGORY);
      this.#textCols.push({ name, col: columnIndex(name), values });
      return values;
    });
    this.#out = { num, text };
  }

  get full(): boolean {
    return this.rows === this.capacity;
  }

  /** The filled rows as a feature frame (arrays are longer than `rows`; score [0, rows)). */
  get frame(): FeatureFrame {
    return {
      rows: this.rows,
      userId: this.userId,
      asOfDate: this.asOfDate,
      numeric: this.numeric,
      categorical: this.categorical,
    };
  }

  /**
   * Parses row `r` of `batch` (whose as_of_date is `date`) into the next slot.
   * Returns the problem instead when a value is bad; the slot is then reused.
   */
  add(batch: CsvBatch, r: number, userCol: number, date: string): RowProblem | null {
    const i = this.rows;
    const userId = batch.number(r, userCol);
    if (!Number.isInteger(userId) || userId < 0 || userId > 2_147_483_647) {
      return badValue(batch, r, userCol, 'user_id', 'is not a user id');
    }
    this.userId[i] = userId;
    this.asOfDate[i] = date;
    this.line[i] = batch.line(r);
    for (const { name, col, values } of this.#numericCols) {
      const value = batch.number(r, col);
      if (fitsFloat32(value)) values[i] = value;
      else if (Number.isNaN(value) && batch.isEmpty(r, col)) values[i] = Number.NaN;
      else return badValue(batch, r, col, name, 'is not a number within the float32 range');
    }
    for (const { col, values } of this.#textCols) {
      const text = batch.text(r, col);
      values[i] = text === '' ? MISSING_CATEGORY : text;
    }
    this.rows = i + 1;
    return null;
  }

  /**
   * Appends every row of `batch` at once with the CSV reader's bulk column parsers.
   * Returns false, having added nothing, when a row has a problem or there is no room:
   * the caller then takes the row-by-row path, which reports or skips the bad row.
   */
  addAll(batch: CsvBatch, userCol: number, dates: readonly string[]): boolean {
    const at = this.rows;
    const n = batch.rows;
    if (at + n > this.capacity) return false;
    for (let r = 0; r < n; r++) {
      const userId = batch.number(r, userCol);
      const validUser = Number.isInteger(userId) && userId >= 0 && userId <= 2_147_483_647;
      if (!validUser) return false;
      this.userId[at + r] = userId;
      this.asOfDate[at + r] = dates[r]!;
      this.line[at + r] = batch.line(r);
    }
    const cols = this.#numericCols.map((column) => column.col);
    const outs = this.#numericCols.map((column) => column.values);
    if (batch.numberColumns(cols, outs, at) >= 0) return false;
    for (const { values } of this.#numericCols) {
      for (let i = at; i < at + n; i++)
        if (!fitsFloat32(values[i]!) && !Number.isNaN(values[i]!)) return false;
    }
    for (const { col, values } of this.#textCols) batch.texts(col, values, at, MISSING_CATEGORY);
    this.rows = at + n;
    return true;
  }

  /**
   * Keeps the rows from `from` on (batch row `r` is slot `from + r`) for which `keep(r)`
   * holds, moving them down in order. Returns how many were dropped.
   */
  keepFrom(from: number, keep: (r: number) => boolean): number {
    let to = from;
    for (let i = from; i < this.rows; i++) {
      if (!keep(i - from)) continue;
      if (to !== i) {
        this.userId[to] = this.userId[i]!;
        this.line[to] = this.line[i]!;
        this.asOfDate[to] = this.asOfDate[i]!;
        for (const { values } of this.#numericCols) values[to] = values[i]!;
        for (const { values } of this.#textCols) values[to] = values[i]!;
      }
      to++;
    }
    const dropped = this.rows - to;
    this.rows = to;
    return dropped;
  }

  /** The output fields of the filled rows with their scores. */
  scored(scores: Float32Array): ScoredBatch {
    const [isPaid, daysSinceSignup, daysSinceLastActivity] = this.#out.num as [
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const [plan, country, marketingSource] = this.#out.text as [string[], string[], string[]];
    return {
      rows: this.rows,
      userId: this.userId,
      asOfDate: this.asOfDate,
      plan,
      country,
      marketingSource,
      isPaid,
      daysSinceSignup,
      daysSinceLastActivity,
      scores,
    };
  }
}

function badValue(batch: CsvBatch, r: number, col: number, name: string, why: string): RowProblem {
  const text = batch.text(r, col);
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return { line: batch.line(r), reason: `column ${name}: ${JSON.stringify(shown)} ${why}` };
}
