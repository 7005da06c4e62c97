import { FILE_DECIMALS, roundDecimals, sharedArray } from '@churn/io';
import { WINDOWED_BASES } from './columns.js';
import type { DailyGrid } from './daily-grid.js';
import { FeaturesError } from './errors.js';

/** The daily column each windowed base sums (quiz_avg_score is averaged instead). */
const DAILY_SOURCE: Record<(typeof WINDOWED_BASES)[number], string> = {
  active_days: 'is_active_day',
  events: 'total_events',
  logins: 'logins_count',
  enroll: 'enroll_count',
  watch_minutes: 'watch_minutes_sum',
  quiz_attempts: 'quiz_attempts_count',
  quiz_avg_score: 'quiz_avg_score',
  payment_success: 'payment_success_count',
  payment_failed: 'payment_failed_count',
  support_ticket: 'support_ticket_count',
};

/** payment_fail_rate_30d is over 30 days whatever features.windows_days says. */
const FAIL_RATE_DAYS = 30;

/**
 * features: for each window w, per user, over the last w days including the current one
 * (fewer at the start of the grid): sums of the daily counts as `<base>_<w>d`, and
 * quiz_avg_score_<w>d = mean of the daily quiz_avg_score over the days that had one (NaN
 * when none). Also payment_fail_rate_30d = failed / (failed + success) over 30 days (0
 * without payments) and days_since_last_activity (0 on an active day; days_since_signup
 * when the user had no active day yet). Returns a grid with the daily columns plus these,
 * in shared memory (`sharedArray`), so a CSV writer thread reads them without a copy.
 *
 * @example
 * rollingFeatures(buildDailyGrid(users, events), [7, 14, 30]).numeric.get('events_7d');
 */
export function rollingFeatures(grid: DailyGrid, windowsDays: readonly number[]): DailyGrid {
  if (windowsDays.length === 0 || windowsDays.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new FeaturesError(
      'CHURN_ERR_FEATURES_BAD_ARGUMENT',
      'windows_days must be positive integers',
    );
  }
  const { users, days } = grid;
  const daily = (name: string): Float64Array => {
    const values = grid.numeric.get(name);
    if (!values) throw new FeaturesError('CHURN_ERR_CSV_MISSING_COLUMN', `no daily column ${name}`);
    return values;
  };
  const numeric = new Map(grid.numeric);
  for (const w of [...windowsDays].sort((a, b) => a - b)) {
    for (const base of WINDOWED_BASES) {
      const source = daily(DAILY_SOURCE[base]);
      numeric.set(
        `${base}_${w}d`,
        base === 'quiz_avg_score'
          ? windowMean(source, users, days, w)
          : windowSum(source, users, days, w),
      );
    }
  }
  const failed = windowSum(daily('payment_failed_count'), users, days, FAIL_RATE_DAYS);
  const succeeded = windowSum(daily('payment_success_count'), users, days, FAIL_RATE_DAYS);
  const failRate = sharedArray(Float64Array, grid.rows);
  for (let cell = 0; cell < grid.rows; cell++) {
    const payments = failed[cell]! + succeeded[cell]!;
    failRate[cell] = payments > 0 ? roundDecimals(failed[cell]! / payments, FILE_DECIMALS) : 0;
  }
  numeric.set('payment_fail_rate_30d', failRate);
  numeric.set(
    'days_since_last_activity',
    daysSinceLastActivity(daily('is_active_day'), daily('days_since_signup'), users, days),
  );
  return { ...grid, numeric };
}

function windowSum(values: Float64Array, users: number, days: number, w: number): Float64Array {
  const out = sharedArray(Float64Array, users * days);
  for (let u = 0; u < users; u++) {
    const offset = u * days;
    let sum = 0;
    for (let d = 0; d < days; d++) {
      sum += values[offset + d]!;
      if (d >= w) sum -= values[offset + d - w]!;
      // Rounding removes the drift of adding and subtracting decimals.
      out[offset + d] = roundDecimals(sum, FILE_DECIMALS);
    }
  }
  return out;
}

function windowMean(values: Float64Array, users: number, days: number, w: number): Float64Array {
  const out = sharedArray(Float64Array, users * days);
  for (let u = 0; u < users; u++) {
    const offset = u * days;
    let sum = 0;
    let count = 0;
    for (let d = 0; d < days; d++) {
      const entering = values[offset + d]!;
      if (!Number.isNaN(entering)) {
        sum += entering;
        count++;
      }
      if (d >= w) {
        const leaving = values[offset + d - w]!;
        if (!Number.isNaN(leaving)) {
          sum -= leaving;
          count--;
        }
      }
      if (count === 0) sum = 0;
      out[offset + d] = count > 0 ? roundDecimals(sum / count, FILE_DECIMALS) : Number.NaN;
    }
  }
  return out;
}

function daysSinceLastActivity(
  active: Float64Array,
  sinceSignup: Float64Array,
  users: number,
  days: number,
): Float64Array {
  const out = sharedArray(Float64Array, users * days);
  for (let u = 0; u < users; u++) {
    let last = -1;
    for (let d = 0, cell = u * days; d < days; d++, cell++) {
      if (active[cell]! > 0) last = d;
      out[cell] = last >= 0 ? d - last : sinceSignup[cell]!;
    }
  }
  return out;
}
