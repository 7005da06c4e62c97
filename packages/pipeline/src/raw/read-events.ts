import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { EVENT_COLUMNS, EVENT_TYPES, type EventTable, type UserTable } from '@churn/features';
import { type CsvSource, float64Column, IoError, int32Column, uint8Column } from '@churn/io';
import { startModuleThread } from '@churn/io/thread';
import type { ValidationCode } from '../errors.js';
import { noRows, openRaw, readId, readMeasure } from './open-raw.js';
import { ProblemList, shown, type ValidationProblem } from './problems.js';

const TYPE_CODES = new Map<string, number>(EVENT_TYPES.map((name, index) => [name, index]));
const ANY = { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };
const NON_NEGATIVE = { min: 0, max: Number.POSITIVE_INFINITY };
const SCORE = { min: 0, max: 100 };
const PAYMENTS = new Set([TYPE_CODES.get('payment_success'), TYPE_CODES.get('payment_failed')]);

/** Below this size one thread reads events.csv: a second costs more to start than it saves. */
const SPLIT_MIN_BYTES = 32 << 20;

export interface ReadEventsOptions {
  /** Read files of at least this many bytes on two threads (default 32 MiB). */
  readonly splitMinBytes?: number;
}

/**
 * Reads and checks events.csv: event_id unique integers; user_id an integer of a known user
 * (when `users` is given); event_time an ISO date or datetime; event_type known;
 * watch_minutes >= 0, quiz_score in [0, 100], amount a number and > 0 for payments; the
 * measures may be empty. Adds every problem to `problems`; null when unreadable.
 *
 * A large file is read on two threads, each from one half: the second half begins at the
 * first line after the middle, which is a row's start unless that line end is inside a
 * quoted field. Reading the first half tells which (it ends inside quotes, or not); then
 * the file is read again on one thread. Either way the table and problems are the same.
 */
export async function readEvents(
  file: string,
  users: UserTable | null,
  problems: ProblemList,
  options: ReadEventsOptions = {},
): Promise<EventTable | null> {
  const size = (await stat(file).catch(() => null))?.size ?? 0;
  if (size >= (options.splitMinBytes ?? SPLIT_MIN_BYTES) && availableParallelism() > 1) {
    const split = await lineStartAfter(file, Math.floor(size / 2));
    if (split < size) {
      const halves = await readHalves(file, users, split);
      if (halves) return finish(file, merge(halves, problems), problems);
    }
  }
  const opened = await openRaw(file, EVENT_COLUMNS, problems);
  if (!opened) return null;
  return finish(file, await parseEvents(opened.csv, users, problems), problems);
}

/** The checks across all rows, once they are read. */
function finish(file: string, rows: EventRows, problems: ProblemList): EventTable {
  reportDuplicates(file, rows.eventId, rows.eventLine, problems);
  if (rows.rows === 0) problems.add(noRows(file));
  const { eventLine: _, ...table } = rows;
  return table;
}

/** events.csv's rows as read, with each row's line (for the duplicate check). */
export interface EventRows extends EventTable {
  readonly eventLine: Int32Array;
}

/** The rows of `csv` (the whole file, or a part of it), each checked on its own. */
export async function parseEvents(
  csv: CsvSource,
  users: { readonly userId: Int32Array } | null,
  problems: ProblemList,
): Promise<EventRows> {
  const file = csv.file;
  const [idCol, userCol, timeCol, typeCol, courseCol, watchCol, quizCol, amountCol] =
    EVENT_COLUMNS.map((name) => csv.columnIndex(name)) as [
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
    eventLine: eventLine.toArray(),
  };
}

/** Where the first line after byte `from` begins (the file's size when none does). */
async function lineStartAfter(file: string, from: number): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const bytes = Buffer.allocUnsafe(1 << 16);
    for (let at = from; ; at += bytes.length) {
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, at);
      if (bytesRead === 0) return at;
      const newline = bytes.subarray(0, bytesRead).indexOf(10);
      if (newline >= 0) return at + newline + 1;
    }
  } finally {
    await handle.close();
  }
}

/** What readHalves gives the thread reading the second half (read-events-thread.ts). */
export interface EventsPartRequest {
  readonly file: string;
  /** Byte where the half begins (a line's start). */
  readonly start: number;
  readonly header: readonly string[];
  /** users.csv's ids, or null when users.csv could not be read. */
  readonly userIds: Int32Array | null;
}

/** The half's rows, course_id as codes into its distinct values, and its problems. */
export interface EventsPart {
  readonly table: Omit<EventRows, 'courseId'>;
  readonly courseCodes: Uint32Array;
  readonly courseLabels: readonly string[];
  readonly problems: { readonly items: readonly ValidationProblem[]; readonly total: number };
}

export type EventsPartReply = EventsPart | { readonly error: string };

interface Halves {
  readonly first: EventRows;
  readonly firstProblems: ProblemList;
  /** Lines of the first half (its header included). */
  readonly firstLines: number;
  readonly second: EventsPart;
}

/**
 * Reads [0, split) here and [split, end) on a thread. Null when the first half ends inside
 * a quoted field (split is not a row's start) or its header cannot be read: the caller
 * reads the file on one thread, which reports what is wrong.
 */
async function readHalves(
  file: string,
  users: UserTable | null,
  split: number,
): Promise<Halves | null> {
  const firstProblems = new ProblemList();
  const opened = await openRaw(file, EVENT_COLUMNS, firstProblems, { end: split });
  if (!opened) return null;
  const request: EventsPartRequest = {
    file,
    start: split,
    header: opened.csv.header,
    userIds: users?.userId ?? null,
  };
  const thread = startModuleThread(import.meta.url, './read-events-thread', {
    workerData: request,
  });
  const secondHalf = new Promise<EventsPart>((resolve, reject) => {
    thread.once('message', (reply: EventsPartReply) =>
      'error' in reply ? reject(new Error(reply.error)) : resolve(reply),
    );
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the events reader thread exited (${code})`)));
  });
  secondHalf.catch(() => undefined); // awaited below, unless the first half ends the read
  try {
    const first = await parseEvents(opened.csv, users, firstProblems);
    return { first, firstProblems, firstLines: opened.csv.linesRead(), second: await secondHalf };
  } catch (error) {
    if (error instanceof IoError && error.code === 'CHURN_ERR_CSV_UNTERMINATED_QUOTE') return null;
    throw error;
  } finally {
    await thread.terminate();
  }
}

/** Both halves as one table; their problems, in file order, into `problems`. */
function merge({ first, firstProblems, firstLines, second }: Halves, problems: ProblemList) {
  const addAll = (
    from: { items: readonly ValidationProblem[]; total: number },
    lines: number,
    rows: number,
  ) => {
    for (const problem of from.items) {
      problems.add({ ...problem, line: problem.line + lines, row: problem.row + rows });
    }
    problems.total += from.total - from.items.length;
  };
  addAll(firstProblems, 0, 0);
  addAll(second.problems, firstLines, first.rows);
  const eventLine = concat(first.eventLine, second.table.eventLine);
  for (let i = first.rows; i < eventLine.length; i++) eventLine[i]! += firstLines;
  const courses = second.courseLabels;
  const courseId = first.courseId.concat(Array.from(second.courseCodes, (code) => courses[code]!));
  const table = second.table;
  return {
    rows: first.rows + table.rows,
    eventId: concat(first.eventId, table.eventId),
    userId: concat(first.userId, table.userId),
    eventTime: concat(first.eventTime, table.eventTime),
    eventType: concat(first.eventType, table.eventType),
    courseId,
    watchMinutes: concat(first.watchMinutes, table.watchMinutes),
    quizScore: concat(first.quizScore, table.quizScore),
    amount: concat(first.amount, table.amount),
    eventLine,
  };
}

function concat<T extends Float64Array | Int32Array | Uint8Array>(a: T, b: T): T {
  const joined = new (a.constructor as new (length: number) => T)(a.length + b.length);
  joined.set(a);
  joined.set(b as never, a.length);
  return joined;
}

/** Membership of user ids: a bitmap for the usual small positive ids, else a Set. */
function userLookup(users: { readonly userId: Int32Array } | null): (id: number) => boolean {
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
