import { EVENT_COLUMNS, EVENT_TYPES, type EventTable, type UserTable } from '@churn/features';
import { float64Column, int32Column, uint8Column } from '@churn/io';
import type { ValidationCode } from '../errors.js';
import { noRows, openRaw, readId, readMeasure } from './open-raw.js';
import { type ProblemList, shown } from './problems.js';

const TYPE_CODES = new Map<string, number>(EVENT_TYPES.map((name, index) => [name, index]));
const ANY = { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };
const NON_NEGATIVE = { min: 0, max: Number.POSITIVE_INFINITY };
const SCORE = { min: 0, max: 100 };
const PAYMENTS = new Set([TYPE_CODES.get('payment_success'), TYPE_CODES.get('payment_failed')]);

/**
 * Reads and checks events.csv: event_id unique integers; user_id an integer of a known user
 * (when `users` is given); event_time an ISO date or datetime; event_type known;
 * watch_minutes >= 0, quiz_score in [0, 100], amount a number and > 0 for payments; the
 * measures may be empty. Adds every problem to `problems`; null when unreadable.
 */
export async function readEvents(
  file: string,
  users: UserTable | null,
  problems: ProblemList,
): Promise<EventTable | null> {
  const opened = await openRaw(file, EVENT_COLUMNS, problems);
  if (!opened) return null;
  const { csv, col } = opened;
  const cols = EVENT_COLUMNS.map(col);
  const [idCol, userCol, timeCol, typeCol, courseCol, watchCol, quizCol, amountCol] = cols as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const isKnownUser = userLookup(users);
  const eventId = float64Column();
  const userId = int32Column();
  const eventTime = float64Column();
  const eventType = uint8Column();
  const watch = float64Column();
  const quiz = float64Column();
  const amount = float64Column();
  const courseId: string[] = [];
  const eventLine = int32Column();
  let line = 0;
  let row = 0;
  const bad = (column: string, code: ValidationCode, message: string) =>
    problems.cell(code, file, line, row, column, message);
  for await (const batch of csv.batches()) {
    for (let r = 0; r < batch.rows; r++) {
      row++;
      line = batch.line(r);
      const id = readId(batch, r, row, idCol, problems);
      const user = readId(batch, r, row, userCol, problems);
      if (!Number.isNaN(user) && !isKnownUser(user)) {
        bad('user_id', 'CHURN_ERR_VALIDATION_UNKNOWN_USER', `user ${user} is not in users.csv`);
      }
      const time = batch.epochSeconds(r, timeCol);
      if (Number.isNaN(time)) {
        const shownTime = shown(batch.text(r, timeCol));
        bad(
          'event_time',
          'CHURN_ERR_VALIDATION_BAD_DATE',
          `must be an ISO datetime, got ${shownTime}`,
        );
      }
      const typeText = batch.text(r, typeCol).trim();
      const type = TYPE_CODES.get(typeText);
      if (type === undefined) {
        const expected = EVENT_TYPES.join(', ');
        bad(
          'event_type',
          'CHURN_ERR_VALIDATION_UNKNOWN_EVENT_TYPE',
          `must be one of ${expected}, got ${shown(typeText)}`,
        );
      }
      const money = readMeasure(batch, r, row, amountCol, problems, ANY);
      if (PAYMENTS.has(type) && !(money > 0)) {
        const shownAmount = shown(batch.text(r, amountCol));
        bad(
          'amount',
          'CHURN_ERR_VALIDATION_OUT_OF_RANGE',
          `a payment's amount must be > 0, got ${shownAmount}`,
        );
      }
      eventId.push(id);
      eventLine.push(line);
      userId.push(user);
      eventTime.push(time);
      eventType.push(type ?? 255);
      courseId.push(batch.text(r, courseCol).trim());
      watch.push(readMeasure(batch, r, row, watchCol, problems, NON_NEGATIVE));
      quiz.push(readMeasure(batch, r, row, quizCol, problems, SCORE));
      amount.push(money);
    }
  }
  reportDuplicates(file, eventId.toArray(), eventLine.toArray(), problems);
  if (row === 0) problems.add(noRows(file));
  return {
    rows: row,
    eventId: eventId.toArray(),
    userId: userId.toArray(),
    eventTime: eventTime.toArray(),
    eventType: eventType.toArray(),
    courseId,
    watchMinutes: watch.toArray(),
    quizScore: quiz.toArray(),
    amount: amount.toArray(),
  };
}

/** Membership of user ids: a bitmap for the usual small positive ids, else a Set. */
function userLookup(users: UserTable | null): (id: number) => boolean {
  if (!users) return () => true;
  let max = 0;
  for (const id of users.userId) max = Math.max(max, id);
  if (max > 50_000_000 || users.userId.some((id) => id < 0)) {
    const known = new Set(users.userId);
    return (id) => known.has(id);
  }
  const known = new Uint8Array(max + 1);
  for (const id of users.userId) known[id] = 1;
  return (id) => id >= 0 && id <= max && known[id] === 1;
}

/**
 * Reports each repeated event_id at its later lines. Sorting a copy finds repeats without
 * a hash set of every id; the lines are looked up only when there are repeats.
 */
function reportDuplicates(
  file: string,
  ids: Float64Array,
  lines: Int32Array,
  problems: ProblemList,
): void {
  const sorted = ids.slice().sort();
  const repeated = new Set<number>();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1] && !Number.isNaN(sorted[i]!)) repeated.add(sorted[i]!);
  }
  if (repeated.size === 0) return;
  const firstLine = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!repeated.has(id)) continue;
    const first = firstLine.get(id);
    if (first === undefined) firstLine.set(id, lines[i]!);
    else {
      const message = `event_id ${id} repeats line ${first}`;
      problems.cell(
        'CHURN_ERR_VALIDATION_DUPLICATE_ID',
        file,
        lines[i]!,
        i + 1,
        'event_id',
        message,
      );
    }
  }
}
