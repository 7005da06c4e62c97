/**
 * The data contract: column names of the pipeline's tables and the model's
 * feature columns. Training, the API and the worker all take their columns
 * from here, so a feature is added in one place.
 */

export const CATEGORICAL_FEATURES = ['plan', 'country', 'marketing_source'] as const;

/** Per user and day, from prepare (user_daily). */
export const DAILY_COUNT_COLUMNS = [
  'logins_count',
  'enroll_count',
  'watch_minutes_sum',
  'quiz_attempts_count',
  'quiz_avg_score',
  'payment_success_count',
  'payment_failed_count',
  'support_ticket_count',
  'total_events',
  'is_active_day',
] as const;

/** Rolled over each window w, giving `<name>_<w>d`. quiz_avg_score is a mean of quiz days, the rest are sums. */
export const WINDOWED_BASES = [
  'active_days',
  'events',
  'logins',
  'enroll',
  'watch_minutes',
  'quiz_attempts',
  'quiz_avg_score',
  'payment_success',
  'payment_failed',
  'support_ticket',
] as const;

/** Leaks the generator's hidden cause of churn; a model feature only when training.include_engagement_score is on. */
export const LEAKY_FEATURES = ['engagement_score'] as const;

export type FeatureType = 'numeric' | 'categorical';

export interface FeatureColumn {
  readonly name: string;
  readonly type: FeatureType;
}

export interface FeatureColumnOptions {
  /** features.windows_days */
  readonly windowsDays: readonly number[];
  /** training.include_engagement_score */
  readonly includeEngagementScore: boolean;
}

export function windowedColumnNames(windowsDays: readonly number[]): string[] {
  return [...windowsDays]
    .sort((a, b) => a - b)
    .flatMap((days) => WINDOWED_BASES.map((base) => `${base}_${days}d`));
}

/**
 * The model's input columns, in a fixed order. Everything in user_features_daily
 * except keys (user_id, as_of_date, signup_date) and, by default, leaky columns.
 *
 * @example
 * modelFeatureColumns({ windowsDays: [7], includeEngagementScore: false }).length; // => 27
 */
export function modelFeatureColumns(options: FeatureColumnOptions): FeatureColumn[] {
  const numeric = [
    'is_paid',
    'days_since_signup',
    ...DAILY_COUNT_COLUMNS,
    ...windowedColumnNames(options.windowsDays),
    'payment_fail_rate_30d',
    'days_since_last_activity',
    ...(options.includeEngagementScore ? LEAKY_FEATURES : []),
  ];
  return [
    ...CATEGORICAL_FEATURES.map((name) => ({ name, type: 'categorical' as const })),
    ...numeric.map((name) => ({ name, type: 'numeric' as const })),
  ];
}

/** The value a categorical feature takes when it is absent or null. */
export const MISSING_CATEGORY = 'missing';
