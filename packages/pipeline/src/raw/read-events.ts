import {
  EVENT_COLUMNS,
  EVENT_TYPES,
  type EventTable,
  parseEpochSeconds,
  type UserTable,
} from '@churn/features';
import type { ValidationCode } from '../errors.js';
import { float64Column, int32Column, uint8Column } from './growing-column.js';
import { checkFieldCount, noRows, openRaw, readId, readMeasure } from './open-raw.js';
import { type ProblemList, shown } from './problems.js';

const TYPE_CODES = new Map<string, number>(EVENT_TYPES.map((name, index) => [name, index]));
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
  const knownUsers = users ? new Set(users.userId) : null;
  const eventId = float64Column();
  const userId = int32Column();
  const eventTime = float64Column();
  const eventType = uint8Column();
  const watch = float64Column();
  const quiz = float64Column();
  const amount = float64Column();
  const courseId: string[] = [];
  const seen = new Map<number, number>();
  let row = 0;
  for await (const batch of csv.batches()) {
    for (let r = 0; r < batch.rows; r++) {
      row++;
      const line = batch.line(r);
      const bad = (column: string, code: ValidationCode, message: string) =>
        problems.cell(code, file, line, row, column, message);
      checkFieldCount(batch, r, row, problems);
      const id = readId(batch, r, row, idCol, problems);
      if (!Number.isNaN(id)) {
        const first = seen.get(id);
        if (first !== undefined)
          bad(
            'event_id',
            'CHURN_ERR_VALIDATION_DUPLICATE_ID',
            `event_id ${id} repeats line ${first}`,
          );
        else seen.set(id, line);
      }
      const user = readId(batch, r, row, userCol, problems);
      if (knownUsers && !Number.isNaN(user) && !knownUsers.has(user)) {
        bad('user_id', 'CHURN_ERR_VALIDATION_UNKNOWN_USER', `user ${user} is not in users.csv`);
      }
      const timeText = batch.text(r, timeCol).trim();
      const time = parseEpochSeconds(timeText);
      if (Number.isNaN(time))
        bad(
          'event_time',
          'CHURN_ERR_VALIDATION_BAD_DATE',
          `must be an ISO datetime, got ${shown(timeText)}`,
        );
      const typeText = batch.text(r, typeCol).trim();
      const type = TYPE_CODES.get(typeText);
      if (type === undefined) {
        bad(
          'event_type',
          'CHURN_ERR_VALIDATION_UNKNOWN_EVENT_TYPE',
          `must be one of ${EVENT_TYPES.join(', ')}, got ${shown(typeText)}`,
        );
      }
      const money = readMeasure(batch, r, row, amountCol, problems, {
        min: Number.NEGATIVE_INFINITY,
        max: Number.POSITIVE_INFINITY,
      });
      if (PAYMENTS.has(type) && !(money > 0)) {
        bad(
          'amount',
          'CHURN_ERR_VALIDATION_OUT_OF_RANGE',
          `a payment's amount must be > 0, got ${shown(batch.text(r, amountCol))}`,
        );
      }
      eventId.push(id);
      userId.push(user);
      eventTime.push(time);
      eventType.push(type ?? 255);
      courseId.push(batch.text(r, courseCol).trim());
      watch.push(
        readMeasure(batch, r, row, watchCol, problems, { min: 0, max: Number.POSITIVE_INFINITY }),
      );
      quiz.push(readMeasure(batch, r, row, quizCol, problems, { min: 0, max: 100 }));
      amount.push(money);
    }
  }
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
