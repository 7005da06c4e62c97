import {
  type CsvColumn,
  float32Column,
  float64Column,
  type GrowingColumn,
  int32Column,
  TextCodes,
  uint32Column,
} from '@churn/io';

/** Columns of predictions_{date}.csv and churn_top_{K}_{date}.csv, in order. */
export const PREDICTION_COLUMNS = [
  'user_id',
  'as_of_date',
  'plan',
  'is_paid',
  'country',
  'marketing_source',
  'days_since_signup',
  'days_since_last_activity',
  'churn_risk',
  'risk_rank',
] as const;

/** Row order of the output and each row's rank within its as_of_date (see `rank`). */
export interface Ranking {
  readonly order: Uint32Array;
  readonly rank: Uint32Array;
}

/** The output fields of one scored batch; index i of every array is one row. */
export interface ScoredBatch {
  readonly rows: number;
  readonly userId: Int32Array;
  readonly asOfDate: readonly string[];
  readonly plan: readonly string[];
  readonly country: readonly string[];
  readonly marketingSource: readonly string[];
  readonly isPaid: Float64Array;
  readonly daysSinceSignup: Float64Array;
  readonly daysSinceLastActivity: Float64Array;
  readonly scores: Float32Array;
}

/**
 * Scored rows kept compactly (48 bytes a row: typed columns of @churn/io, strings as
 * dictionary codes) until they are ranked, because ranking needs every score.
 */
export class PredictionStore {
  readonly #userId = int32Column();
  readonly #date = uint32Column();
  readonly #plan = uint32Column();
  readonly #country = uint32Column();
  readonly #source = uint32Column();
  readonly #isPaid = float64Column();
  readonly #dss = float64Column();
  readonly #dsla = float64Column();
  readonly #risk = float32Column();
  readonly #dates = new TextCodes();
  readonly #strings = new TextCodes();

  get size(): number {
    return this.#risk.length;
  }

  /** Scores of every stored row, in insertion order. */
  get scores(): Float32Array {
    return this.#risk.view();
  }

  append(batch: ScoredBatch): void {
    for (let i = 0; i < batch.rows; i++) {
      this.#userId.push(batch.userId[i]!);
      this.#date.push(this.#dates.code(batch.asOfDate[i]!));
      this.#plan.push(this.#strings.code(batch.plan[i]!));
      this.#country.push(this.#strings.code(batch.country[i]!));
      this.#source.push(this.#strings.code(batch.marketingSource[i]!));
      this.#isPaid.push(batch.isPaid[i]!);
      this.#dss.push(batch.daysSinceSignup[i]!);
      this.#dsla.push(batch.daysSinceLastActivity[i]!);
      this.#risk.push(batch.scores[i]!);
    }
  }

  /**
   * Row order of the output: as_of_date ascending, then churn_risk descending,
   * then user_id ascending (a stable tie-break). `rank[i]` is 1 for the highest
   * risk of its as_of_date.
   */
  rank(): Ranking {
    const size = this.size;
    const order = new Uint32Array(size);
    for (let i = 0; i < order.length; i++) order[i] = i;
    // One number per row orders date ascending, then risk descending: the bits of a
    // non-negative float32 sort like its value, so 2^32 - 1 - bits reverses the order.
    const dateOrder = this.#dates.sortedCodeRanks();
    const risk = this.#risk.view();
    const bits = new Uint32Array(risk.buffer, risk.byteOffset, size);
    const date = this.#date.view();
    const key = new Float64Array(size);
    for (let i = 0; i < key.length; i++) {
      key[i] = dateOrder[date[i]!]! * 2 ** 32 + (0xffffffff - bits[i]!);
    }
    const user = this.#userId.view();
    order.sort((a, b) => key[a]! - key[b]! || user[a]! - user[b]!);
    const rank = new Uint32Array(size);
    for (let k = 0; k < order.length; k++) {
      const sameDate = k > 0 && date[order[k]!] === date[order[k - 1]!];
      rank[k] = sameDate ? rank[k - 1]! + 1 : 1;
    }
    return { order, rank };
  }

  /**
   * The columns of the predictions file (PREDICTION_COLUMNS) for the ranked rows whose
   * rank is at most `maxRank`, in output order, for @churn/features `writeCsv`.
   */
  columns(ranked: Ranking, maxRank = Infinity): CsvColumn[] {
    let rows = 0;
    for (let k = 0; k < ranked.order.length; k++) if (ranked.rank[k]! <= maxRank) rows++;
    const pick = new Uint32Array(rows);
    const rank = new Uint32Array(rows);
    for (let k = 0, j = 0; k < ranked.order.length; k++) {
      if (ranked.rank[k]! > maxRank) continue;
      pick[j] = ranked.order[k]!;
      rank[j++] = ranked.rank[k]!;
    }
    const gather = <T extends Int32Array | Uint32Array | Float64Array>(
      from: GrowingColumn<Int32Array | Uint32Array | Float64Array | Float32Array>,
      to: T,
    ): T => {
      const values = from.view();
      for (let j = 0; j < rows; j++) to[j] = values[pick[j]!]!;
      return to;
    };
    const strings = this.#strings.values;
    return [
      { name: 'user_id', values: gather(this.#userId, new Int32Array(rows)) },
      {
        name: 'as_of_date',
        codes: gather(this.#date, new Uint32Array(rows)),
        labels: this.#dates.values,
      },
      { name: 'plan', codes: gather(this.#plan, new Uint32Array(rows)), labels: strings },
      { name: 'is_paid', values: gather(this.#isPaid, new Float64Array(rows)) },
      { name: 'country', codes: gather(this.#country, new Uint32Array(rows)), labels: strings },
      {
        name: 'marketing_source',
        codes: gather(this.#source, new Uint32Array(rows)),
        labels: strings,
      },
      { name: 'days_since_signup', values: gather(this.#dss, new Float64Array(rows)) },
      { name: 'days_since_last_activity', values: gather(this.#dsla, new Float64Array(rows)) },
      // 9 significant digits read back as the exact float32 the model returned.
      {
        name: 'churn_risk',
        values: gather(this.#risk, new Float64Array(rows)),
        significantDigits: 9,
      },
      { name: 'risk_rank', values: rank },
    ];
  }

  /** Every stored row in insertion order, as one batch (a shard's part file keeps them). */
  rows(): ScoredBatch {
    const decode = (codes: GrowingColumn<Uint32Array>, values: readonly string[]) =>
      Array.from(codes.view(), (code) => values[code]!);
    return {
      rows: this.size,
      userId: this.#userId.toArray(),
      asOfDate: decode(this.#date, this.#dates.values),
      plan: decode(this.#plan, this.#strings.values),
      country: decode(this.#country, this.#strings.values),
      marketingSource: decode(this.#source, this.#strings.values),
      isPaid: this.#isPaid.toArray(),
      daysSinceSignup: this.#dss.toArray(),
      daysSinceLastActivity: this.#dsla.toArray(),
      scores: this.#risk.toArray(),
    };
  }

  /** Distinct as_of_dates, sorted. */
  dates(): string[] {
    return [...this.#dates.values].sort();
  }
}
