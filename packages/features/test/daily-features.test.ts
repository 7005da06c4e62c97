import { join } from 'node:path';
import { writeCsv } from '@churn/io';
import { describe, expect, it } from 'vitest';
import {
  buildDailyGrid,
  churnLabels,
  FeaturesErrorCodes,
  featureTableColumns,
  frameCsvColumns,
  joinTrainingSet,
  readFeatureFrame,
  rollingFeatures,
  selectRows,
  toDailyGrid,
} from '../src/index.js';
import { series, temporaryDir, tinyTables } from './fixtures.js';

// Ten days, 2025-01-01 .. 2025-01-10. User 1 is active on days 0, 1, 3 and 6 (0-based);
// user 2 signs up on day 4 and is active only on the last day.
const { users, events } = tinyTables(
  [
    { id: 1, signup: '2025-01-01', paid: true },
    { id: 2, signup: '2025-01-05' },
  ],
  [
    { user: 1, date: '2025-01-01', type: 'login' },
    { user: 1, date: '2025-01-01', type: 'video_watch', watch: 10.5 },
    { user: 1, date: '2025-01-01', type: 'quiz_attempt', quiz: 80 },
    { user: 1, date: '2025-01-01', type: 'payment_success', amount: 100 },
    { user: 1, date: '2025-01-02', type: 'login' },
    { user: 1, date: '2025-01-02', type: 'quiz_attempt', quiz: 60 },
    { user: 1, date: '2025-01-02', type: 'quiz_attempt', quiz: 70 },
    { user: 1, date: '2025-01-04', type: 'payment_failed', amount: 50 },
    { user: 1, date: '2025-01-07', type: 'login' },
    { user: 2, date: '2025-01-10', type: 'login' },
  ],
);
const WINDOWS = [3, 2];
const NaN_ = Number.NaN;

describe('buildDailyGrid (prepare)', () => {
  const grid = buildDailyGrid(users, events);

  it('has every user for every day from the first to the last event date', () => {
    expect(grid.rows).toBe(20);
    expect(grid.days).toBe(10);
    expect(grid.asOfDate.slice(0, 2)).toEqual(['2025-01-01', '2025-01-02']);
    expect(grid.asOfDate[19]).toBe('2025-01-10');
    expect(Array.from(grid.userId.subarray(9, 11))).toEqual([1, 2]);
  });

  it('counts each day', () => {
    expect(series(grid, 'total_events', 1)).toEqual([4, 3, 0, 1, 0, 0, 1, 0, 0, 0]);
    expect(series(grid, 'is_active_day', 1)).toEqual([1, 1, 0, 1, 0, 0, 1, 0, 0, 0]);
    expect(series(grid, 'logins_count', 1)).toEqual([1, 1, 0, 0, 0, 0, 1, 0, 0, 0]);
    expect(series(grid, 'watch_minutes_sum', 1).slice(0, 3)).toEqual([10.5, 0, 0]);
    expect(series(grid, 'quiz_attempts_count', 1).slice(0, 3)).toEqual([1, 2, 0]);
    expect(series(grid, 'quiz_avg_score', 1).slice(0, 3)).toEqual([80, 65, NaN_]);
    expect(series(grid, 'payment_failed_count', 1)[3]).toBe(1);
    expect(series(grid, 'payment_success_count', 1)[0]).toBe(1);
  });

  it('keeps days_since_signup >= 0 and copies the user attributes', () => {
    expect(series(grid, 'days_since_signup', 1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(series(grid, 'days_since_signup', 2)).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 4, 5]);
    expect(series(grid, 'is_paid', 1)[0]).toBe(1);
    expect(grid.categorical.get('plan')?.[10]).toBe('free');
    expect(grid.categorical.get('signup_date')?.[10]).toBe('2025-01-05');
  });
});

describe('rollingFeatures (features)', () => {
  const features = rollingFeatures(buildDailyGrid(users, events), WINDOWS);

  it('sums over the last w days including today, fewer at the start', () => {
    expect(series(features, 'events_2d', 1)).toEqual([4, 7, 3, 1, 1, 0, 1, 1, 0, 0]);
    expect(series(features, 'active_days_2d', 1)).toEqual([1, 2, 1, 1, 1, 0, 1, 1, 0, 0]);
    expect(series(features, 'active_days_3d', 1)).toEqual([1, 2, 2, 2, 1, 1, 1, 1, 1, 0]);
    expect(series(features, 'watch_minutes_3d', 1).slice(0, 4)).toEqual([10.5, 10.5, 10.5, 0]);
  });

  it('averages quiz_avg_score over the days that had quizzes, empty when none', () => {
    expect(series(features, 'quiz_avg_score_2d', 1).slice(0, 5)).toEqual([
      80,
      72.5,
      65,
      NaN_,
      NaN_,
    ]);
    expect(series(features, 'quiz_avg_score_3d', 1).slice(0, 5)).toEqual([
      80,
      72.5,
      72.5,
      65,
      NaN_,
    ]);
  });

  it('computes payment_fail_rate_30d over 30 days whatever the windows, 0 without payments', () => {
    expect(series(features, 'payment_fail_rate_30d', 1)).toEqual([
      0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
    ]);
    expect(series(features, 'payment_fail_rate_30d', 2).every((rate) => rate === 0)).toBe(true);
  });

  it('counts days since the last active day, days_since_signup before the first one', () => {
    expect(series(features, 'days_since_last_activity', 1)).toEqual([0, 0, 1, 0, 1, 2, 0, 1, 2, 3]);
    expect(series(features, 'days_since_last_activity', 2)).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 4, 0]);
  });

  it('has exactly the feature table columns', () => {
    const names = featureTableColumns(WINDOWS).filter(
      (name) => name !== 'user_id' && name !== 'as_of_date',
    );
    const present = [...features.numeric.keys(), ...features.categorical.keys()].sort();
    expect(present).toEqual([...names].sort());
  });
});

describe('churnLabels and the training set (labels)', () => {
  const features = rollingFeatures(buildDailyGrid(users, events), WINDOWS);
  const labels = churnLabels(features, 2);

  it('labels 1 when the user has no active day in the next window, and drops the last window days', () => {
    expect(labels.rows).toBe(16);
    expect(Array.from(labels.label.subarray(0, 8))).toEqual([0, 0, 0, 1, 0, 0, 1, 1]);
    expect(Array.from(labels.label.subarray(8))).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(labels.asOfDate).not.toContain('2025-01-09');
    expect(labels.asOfDate).not.toContain('2025-01-10');
    expect(labels.asOfDate[7]).toBe('2025-01-08');
  });

  it('joins features and labels on (user_id, as_of_date)', () => {
    const joined = joinTrainingSet(features, labels);
    expect(joined.rows).toBe(16);
    expect(Array.from(joined.label ?? [])).toEqual(Array.from(labels.label));
    expect(joined.numeric.get('events_2d')?.[1]).toBe(7);
    const direct = selectRows(features, labels.gridRow, labels.label);
    expect(direct.asOfDate).toEqual(joined.asOfDate);
  });

  it('round-trips through CSV: the file reads back to the same frame', async () => {
    const file = join(temporaryDir(), 'training_set.csv');
    const training = joinTrainingSet(features, labels);
    await writeCsv(
      file,
      frameCsvColumns(training, [...featureTableColumns(WINDOWS), 'churn_label']),
    );
    const back = await readFeatureFrame(file);
    expect(back.rows).toBe(training.rows);
    expect(Array.from(back.label ?? [])).toEqual(Array.from(training.label ?? []));
    for (const [name, values] of training.numeric) {
      expect(Array.from(back.numeric.get(name) ?? []), name).toEqual(Array.from(values));
    }
    expect(back.categorical.get('plan')).toEqual(training.categorical.get('plan'));
  });
});

describe('toDailyGrid', () => {
  const grid = buildDailyGrid(users, events);

  it('puts shuffled rows back in grid order', () => {
    const shuffled = selectRows(
      grid,
      Int32Array.from({ length: grid.rows }, (_, i) => grid.rows - 1 - i),
    );
    const back = toDailyGrid(shuffled);
    expect(back.days).toBe(10);
    expect(back.users).toBe(2);
    expect(Array.from(back.userId)).toEqual(Array.from(grid.userId));
    expect(back.numeric.get('total_events')).toEqual(grid.numeric.get('total_events'));
  });

  it('refuses a grid with a missing day', () => {
    const holed = selectRows(
      grid,
      Int32Array.from({ length: grid.rows - 1 }, (_, i) => i + 1),
    );
    expect(() => toDailyGrid(holed)).toThrow(
      expect.objectContaining({ code: FeaturesErrorCodes.CHURN_ERR_GRID_INCOMPLETE }),
    );
  });
});
