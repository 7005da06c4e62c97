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

/** Columns of `paths.raw/users.csv`. */
export const USER_COLUMNS = [
  'user_id',
  'signup_date',
  'plan',
  'is_paid',
  'country',
  'marketing_source',
  'engagement_score',
] as const;

/** Columns of `paths.raw/events.csv`. */
export const EVENT_COLUMNS = [
  'event_id',
  'user_id',
  'event_time',
  'event_type',
  'course_id',
  'watch_minutes',
  'quiz_score',
  'amount',
] as const;

/** The known event types; an event's type is stored as its index here. */
export const EVENT_TYPES = [
  'login',
  'video_watch',
  'quiz_attempt',
  'course_enroll',
  'payment_success',
  'payment_failed',
  'support_ticket',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** User attributes copied onto every daily and feature row, in file order. */
export const USER_ATTRIBUTE_COLUMNS = [
  'signup_date',
  'plan',
  'is_paid',
  'country',
  'marketing_source',
  'engagement_score',
] as const;

/** Text columns of the daily, feature and training files (besides the date keys). */
export const TEXT_COLUMNS = ['signup_date', ...CATEGORICAL_FEATURES] as const;

/** Columns of `paths.processed/user_daily.csv`, in file order. */
export const USER_DAILY_COLUMNS = [
  'user_id',
  'date',
  ...USER_ATTRIBUTE_COLUMNS,
  'days_since_signup',
  ...DAILY_COUNT_COLUMNS,
] as const;

/** Columns of `paths.features/user_features_daily.csv`, in file order. */
export function featureTableColumns(windowsDays: readonly number[]): string[] {
  return [
    'user_id',
    'as_of_date',
    ...USER_ATTRIBUTE_COLUMNS,
    'days_since_signup',
    ...DAILY_COUNT_COLUMNS,
    ...windowedColumnNames(windowsDays),
    'payment_fail_rate_30d',
    'days_since_last_activity',
  ];
}

/** The label column of labels.csv and training_set.csv. */
export const LABEL_COLUMN = 'churn_label';

/** Columns of `paths.processed/labels.csv`. */
export const LABEL_COLUMNS = ['user_id', 'as_of_date', LABEL_COLUMN] as const;

/** Columns of `paths.processed/training_set.csv`: the feature table plus the label. */
export function trainingSetColumns(windowsDays: readonly number[]): string[] {
  return [...featureTableColumns(windowsDays), LABEL_COLUMN];
}

/** The file names of the pipeline's tables, inside their configured folders. */
export const TABLE_FILES = {
  users: 'users.csv',
  events: 'events.csv',
  userDaily: 'user_daily.csv',
  features: 'user_features_daily.csv',
  labels: 'labels.csv',
  trainingSet: 'training_set.csv',
} as const;
