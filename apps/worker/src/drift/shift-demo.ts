import { parseEpochDay, writeFileAtomic } from '@churn/io';
import { WorkerError } from '../errors.js';
import { openInputCsv } from '../input-csv.js';

/**
 * The drift demo's shift, applied to one day of the features: engagement halves (every
 * windowed count of activity, events, logins, enrolments, watch minutes and quiz attempts
 * is halved) and a paid campaign brings 60 % of the users in through `ads`
 * (user_id % 5 < 3). Recency (days_since_last_activity), payments, plan and country are
 * left alone, so the drift check must name exactly the shifted features.
 */
export const SHIFTED_BASES = [
  'active_days',
  'events',
  'logins',
  'enroll',
  'watch_minutes',
  'quiz_attempts',
] as const;
export const SHIFTED_CATEGORY = { column: 'marketing_source', value: 'ads' } as const;

export interface ShiftRequest {
  /** Features CSV to take the day from. */
  readonly input: string;
  readonly out: string;
  /** Default: the latest as_of_date of the input. */
  readonly date?: string;
}

export interface ShiftResult {
  readonly file: string;
  readonly asOfDate: string;
  readonly rows: number;
  /** The columns whose values were changed. */
  readonly shifted: readonly string[];
}

/** Writes the shifted copy of one day of `input` to `out` (atomically), same header. */
export async function writeShiftedDay(request: ShiftRequest): Promise<ShiftResult> {
  const csv = await openInputCsv(request.input);
  const halved = csv.header.filter((name) =>
    SHIFTED_BASES.some((base) => new RegExp(`^${base}_\\d+d$`).test(name)),
  );
  const userCol = csv.columnIndex('user_id');
  const dateCol = csv.columnIndex('as_of_date');
  const sourceCol = csv.columnIndex(SHIFTED_CATEGORY.column);
  if (userCol < 0 || dateCol < 0 || sourceCol < 0 || halved.length === 0) {
    throw new WorkerError(
      'CHURN_ERR_MISSING_COLUMN',
      `${request.input}: needs user_id, as_of_date, ${SHIFTED_CATEGORY.column} and windowed activity columns`,
    );
  }
  const halvedCols = new Set(halved.map((name) => csv.columnIndex(name)));
  let target = request.date ?? '';
  let lines: string[] = [];
  for await (const batch of csv.batches()) {
    for (let r = 0; r < batch.rows; r++) {
      const date = batch.text(r, dateCol);
      if (request.date === undefined && date > target) {
        if (Number.isNaN(parseEpochDay(date)) || date.length !== 10) {
          throw new WorkerError(
            'CHURN_ERR_INVALID_ROW',
            `${request.input}:${batch.line(r)}: column as_of_date: ${JSON.stringify(date)} is not a YYYY-MM-DD date`,
          );
        }
        target = date;
        lines = [];
      }
      if (date !== target) continue;
      const ads = batch.number(r, userCol) % 5 < 3;
      const cells = csv.header.map((_, c) => {
        if (c === sourceCol && ads) return SHIFTED_CATEGORY.value;
        const text = batch.text(r, c);
        if (!halvedCols.has(c) || text === '') return text;
        return String(Math.round(batch.number(r, c) * 50) / 100);
      });
      lines.push(`${cells.join(',')}\n`);
    }
  }
  if (lines.length === 0) {
    throw new WorkerError(
      'CHURN_ERR_NO_ROWS',
      `${request.input}: no rows for as_of_date ${target || '(none)'}`,
    );
  }
  await writeFileAtomic(request.out, `${csv.header.join(',')}\n${lines.join('')}`);
  return {
    file: request.out,
    asOfDate: target,
    rows: lines.length,
    shifted: [...halved, SHIFTED_CATEGORY.column],
  };
}
