import { MISSING_CATEGORY, USER_COLUMNS, type UserTable } from '@churn/features';
import { float64Column, int32Column, uint8Column } from '@churn/io';
import type { ValidationCode } from '../errors.js';
import { noRows, openRaw, readId, readMeasure } from './open-raw.js';
import { type ProblemList, shown } from './problems.js';

const PLANS = new Set(['free', 'paid']);
const PAID_FLAGS = new Map([
  ['0', 0],
  ['1', 1],
  ['false', 0],
  ['true', 1],
]);

/**
 * Reads and checks users.csv: user_id unique integers, signup_date a date, plan free|paid,
 * is_paid 0|1, engagement_score empty or in [0, 1]. Adds every problem to `problems`;
 * returns null when the file could not be read at all.
 */
export async function readUsers(file: string, problems: ProblemList): Promise<UserTable | null> {
  const opened = await openRaw(file, USER_COLUMNS, problems);
  if (!opened) return null;
  const { csv, col } = opened;
  const [idCol, signupCol, planCol, paidCol, countryCol, sourceCol, scoreCol] = USER_COLUMNS.map(
    col,
  ) as [number, number, number, number, number, number, number];
  const userId = int32Column();
  const signupDay = int32Column();
  const isPaid = uint8Column();
  const engagement = float64Column();
  const plan: string[] = [];
  const country: string[] = [];
  const source: string[] = [];
  const seen = new Map<number, number>();
  let row = 0;
  let line = 0;
  const bad = (column: number, code: ValidationCode, message: string) =>
    problems.cell(code, file, line, row, USER_COLUMNS[column]!, message);
  for await (const batch of csv.batches()) {
    for (let r = 0; r < batch.rows; r++) {
      row++;
      line = batch.line(r);
      const id = readId(batch, r, row, idCol, problems);
      if (!Number.isNaN(id)) {
        const first = seen.get(id);
        if (first !== undefined)
          bad(0, 'CHURN_ERR_VALIDATION_DUPLICATE_ID', `user_id ${id} repeats line ${first}`);
        else seen.set(id, line);
      }
      const day = batch.epochDay(r, signupCol);
      if (Number.isNaN(day)) {
        const signupText = shown(batch.text(r, signupCol));
        bad(1, 'CHURN_ERR_VALIDATION_BAD_DATE', `must be a YYYY-MM-DD date, got ${signupText}`);
      }
      const planText = batch.text(r, planCol).trim();
      if (!PLANS.has(planText))
        bad(2, 'CHURN_ERR_VALIDATION_BAD_CATEGORY', `must be free or paid, got ${shown(planText)}`);
      const paidText = batch.text(r, paidCol).trim();
      const paid =
        PAID_FLAGS.get(paidText.toLowerCase()) ?? PAID_FLAGS.get(String(Number(paidText)));
      if (paid === undefined)
        bad(3, 'CHURN_ERR_VALIDATION_BAD_CATEGORY', `must be 0 or 1, got ${shown(paidText)}`);
      userId.push(id);
      signupDay.push(day);
      isPaid.push(paid ?? 0);
      plan.push(planText);
      country.push(batch.text(r, countryCol).trim() || MISSING_CATEGORY);
      source.push(batch.text(r, sourceCol).trim() || MISSING_CATEGORY);
      engagement.push(readMeasure(batch, r, row, scoreCol, problems, { min: 0, max: 1 }));
    }
  }
  if (row === 0) problems.add(noRows(file));
  return {
    rows: row,
    userId: userId.toArray(),
    signupDay: signupDay.toArray(),
    plan,
    isPaid: isPaid.toArray(),
    country,
    marketingSource: source,
    engagementScore: engagement.toArray(),
  };
}
