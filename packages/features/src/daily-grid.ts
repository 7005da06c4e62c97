import {
  FILE_DECIMALS,
  formatDayRange,
  formatEpochDay,
  roundDecimals,
  sharedArray,
} from '@churn/io';
import { DAILY_COUNT_COLUMNS, EVENT_TYPES } from './columns.js';
import { FeaturesError } from './errors.js';
import type { FeatureFrame } from './frame.js';
import type { EventTable, UserTable } from './raw-tables.js';

/**
 * A frame on a complete user x day grid: row `u * days + d` is the u-th user (by user_id)
 * on day `firstDay + d`. user_daily, the feature table and its labels all have this shape.
 */
export interface DailyGrid extends FeatureFrame {
  readonly users: number;
  readonly days: number;
  /** Epoch day of column 0. */
  readonly firstDay: number;
}

const type = (name: (typeof EVENT_TYPES)[number]) => EVENT_TYPES.indexOf(name);
const LOGIN = type('login');
const ENROLL = type('course_enroll');
const QUIZ = type('quiz_attempt');
const PAY_OK = type('payment_success');
const PAY_FAIL = type('payment_failed');
const TICKET = type('support_ticket');

/**
 * prepare: every user for every day from the first to the last event date, with the day's
 * counts and the user's attributes. quiz_avg_score is NaN on days without a scored quiz;
 * days_since_signup is clipped at 0. Events of unknown users are an error (validate first).
 */
export function buildDailyGrid(users: UserTable, events: EventTable): DailyGrid {
  if (events.rows === 0) {
    throw new FeaturesError(
      'CHURN_ERR_FEATURES_BAD_ARGUMENT',
      'no events: the daily grid has no days',
    );
  }
  const order = Array.from(users.userId.keys()).sort((a, b) => users.userId[a]! - users.userId[b]!);
  const indexOf = new Map<number, number>(order.map((row, index) => [users.userId[row]!, index]));
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  const eventDay = new Int32Array(events.rows);
  for (let e = 0; e < events.rows; e++) {
    const day = Math.floor(events.eventTime[e]! / 86_400);
    eventDay[e] = day;
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
  }
  const days = lastDay - firstDay + 1;
  const size = order.length * days;
  // Columns in shared memory: the pipeline's CSV writer thread reads them where they are.
  const counts = new Map(
    DAILY_COUNT_COLUMNS.map((name) => [name, sharedArray(Float64Array, size)]),
  );
  const column = (name: (typeof DAILY_COUNT_COLUMNS)[number]) => counts.get(name)!;
  const byType = new Map<number, Float64Array>([
    [LOGIN, column('logins_count')],
    [ENROLL, column('enroll_count')],
    [QUIZ, column('quiz_attempts_count')],
    [PAY_OK, column('payment_success_count')],
    [PAY_FAIL, column('payment_failed_count')],
    [TICKET, column('support_ticket_count')],
  ]);
  const typeCounts = EVENT_TYPES.map((_, t) => byType.get(t));
  const total = column('total_events');
  const watch = column('watch_minutes_sum');
  const quizSum = column('quiz_avg_score');
  const quizScored = new Float64Array(size);
  for (let e = 0; e < events.rows; e++) {
    const user = indexOf.get(events.userId[e]!);
    if (user === undefined) {
      throw new FeaturesError(
        'CHURN_ERR_FEATURES_BAD_ARGUMENT',
        `event of unknown user ${events.userId[e]}`,
      );
    }
    const cell = user * days + (eventDay[e]! - firstDay);
    total[cell]!++;
    const counted = typeCounts[events.eventType[e]!];
    if (counted) counted[cell]!++;
    const minutes = events.watchMinutes[e]!;
    if (!Number.isNaN(minutes)) watch[cell]! += minutes;
    const score = events.quizScore[e]!;
    if (events.eventType[e] === QUIZ && !Number.isNaN(score)) {
      quizSum[cell]! += score;
      quizScored[cell]!++;
    }
  }
  const active = column('is_active_day');
  for (let cell = 0; cell < size; cell++) {
    active[cell] = total[cell]! > 0 ? 1 : 0;
    watch[cell] = roundDecimals(watch[cell]!, FILE_DECIMALS);
    quizSum[cell] =
      quizScored[cell]! > 0
        ? roundDecimals(quizSum[cell]! / quizScored[cell]!, FILE_DECIMALS)
        : Number.NaN;
  }
  const keys = userAttributes(users, order, firstDay, days);
  return { ...keys, numeric: numericAttributes(users, order, firstDay, days, counts) };
}

function userAttributes(users: UserTable, order: number[], firstDay: number, days: number) {
  const size = order.length * days;
  const userId = sharedArray(Int32Array, size);
  const dates = formatDayRange(firstDay, days);
  const asOfDate = new Array<string>(size);
  const texts = {
    signup_date: new Array<string>(size),
    plan: new Array<string>(size),
    country: new Array<string>(size),
    marketing_source: new Array<string>(size),
  };
  for (let u = 0; u < order.length; u++) {
    const row = order[u]!;
    const signup = formatEpochDay(users.signupDay[row]!);
    for (let d = 0, cell = u * days; d < days; d++, cell++) {
      userId[cell] = users.userId[row]!;
      asOfDate[cell] = dates[d]!;
      texts.signup_date[cell] = signup;
      texts.plan[cell] = users.plan[row]!;
      texts.country[cell] = users.country[row]!;
      texts.marketing_source[cell] = users.marketingSource[row]!;
    }
  }
  return {
    rows: size,
    users: order.length,
    days,
    firstDay,
    userId,
    asOfDate,
    categorical: new Map(Object.entries(texts)),
  };
}

function numericAttributes(
  users: UserTable,
  order: number[],
  firstDay: number,
  days: number,
  counts: Map<string, Float64Array>,
): Map<string, Float64Array> {
  const size = order.length * days;
  const isPaid = sharedArray(Float64Array, size);
  const engagement = sharedArray(Float64Array, size);
  const sinceSignup = sharedArray(Float64Array, size);
  for (let u = 0; u < order.length; u++) {
    const row = order[u]!;
    for (let d = 0, cell = u * days; d < days; d++, cell++) {
      isPaid[cell] = users.isPaid[row]!;
      engagement[cell] = users.engagementScore[row]!;
      sinceSignup[cell] = Math.max(0, firstDay + d - users.signupDay[row]!);
    }
  }
  return new Map([
    ['is_paid', isPaid],
    ['engagement_score', engagement],
    ['days_since_signup', sinceSignup],
    ...counts,
  ]);
}
