import Type, { type Static } from 'typebox';

/**
 * The single source of configuration keys and their defaults.
 * `config/config.yaml` and the environment only override what is here.
 * Relative paths are resolved by `loadConfig` (see paths.ts).
 */

const PositiveInt = (defaultValue: number, description: string) =>
  Type.Integer({ minimum: 1, default: defaultValue, description });
const Probability = (defaultValue: number, description: string) =>
  Type.Number({ minimum: 0, maximum: 1, default: defaultValue, description });
const Port = (defaultValue: number) =>
  Type.Integer({ minimum: 0, maximum: 65535, default: defaultValue });
const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) =>
    Type.Literal(level),
  ),
  { default: 'info' },
);
const IsoDate = (defaultValue: string) =>
  Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    default: defaultValue,
    description: 'YYYY-MM-DD',
  });

const section = <T extends Type.TProperties>(properties: T) =>
  Type.Object(properties, { additionalProperties: false, default: {} });

export const ConfigSchema = Type.Object(
  {
    app: section({
      name: Type.String({ minLength: 1, default: 'churn-mlops-ts' }),
      log_level: LogLevel,
    }),
    paths: section({
      // `data` and `artifacts` resolve against the project root (the repo, or /app in a
      // container); the others against `data` or `artifacts`, so moving one moves its children.
      // Absolute paths are kept as they are.
      data: Type.String({ minLength: 1, default: 'data' }),
      raw: Type.String({ minLength: 1, default: 'raw', description: 'under data' }),
      processed: Type.String({ minLength: 1, default: 'processed', description: 'under data' }),
      features: Type.String({ minLength: 1, default: 'features', description: 'under data' }),
      predictions: Type.String({ minLength: 1, default: 'predictions', description: 'under data' }),
      artifacts: Type.String({ minLength: 1, default: 'artifacts' }),
      models: Type.String({ minLength: 1, default: 'models', description: 'under artifacts' }),
      metrics: Type.String({ minLength: 1, default: 'metrics', description: 'under artifacts' }),
      registry: Type.String({ minLength: 1, default: 'registry', description: 'under artifacts' }),
      reports: Type.String({ minLength: 1, default: 'reports', description: 'under artifacts' }),
    }),
    generate: section({
      n_users: PositiveInt(2000, 'number of synthetic users'),
      days: PositiveInt(120, 'days of synthetic events'),
      start_date: IsoDate('2025-01-01'),
      seed: Type.Integer({ minimum: 0, default: 42 }),
      paid_ratio: Probability(0.35, 'share of paid users'),
      churn_base_rate: Probability(0.35, 'base churn probability before engagement'),
      churn_trend: Type.Number({
        minimum: 0,
        default: 0,
        description:
          'rising churn: a churner is 1 + churn_trend times likelier to leave on the last day than on the first possible one (0 = uniform)',
      }),
    }),
    features: section({
      windows_days: Type.Array(Type.Integer({ minimum: 1 }), {
        minItems: 1,
        uniqueItems: true,
        default: [7, 14, 30],
      }),
    }),
    churn: section({
      window_days: PositiveInt(
        30,
        'a user churns when inactive for this many days after as_of_date',
      ),
    }),
    training: section({
      test_fraction: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.2 }),
      imbalance_strategy: Type.Union([Type.Literal('class_weight'), Type.Literal('none')], {
        default: 'class_weight',
      }),
      /** engagement_score is the generator's hidden cause of churn: as a feature it leaks. */
      include_engagement_score: Type.Boolean({ default: false }),
      seed: Type.Integer({ minimum: 0, default: 42 }),
      max_train_rows: Type.Integer({
        minimum: 0,
        // Rows of one user on consecutive days are near copies: at 20,000 users, 250,000 of
        // the 1.44 M training rows give pr_auc within 0.001 of 500,000 in half the time.
        default: 250_000,
        description:
          'train on a seeded random sample of at most this many rows (0 = all); bounds training time and memory at large data',
      }),
      logistic_regression: section({
        l2: Type.Number({ minimum: 0, default: 1e-4 }),
        max_iter: PositiveInt(200, 'optimizer iterations'),
        tolerance: Type.Number({ exclusiveMinimum: 0, default: 1e-6 }),
      }),
      gradient_boosting: section({
        learning_rate: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.08 }),
        max_iter: PositiveInt(250, 'boosting iterations'),
        max_depth: PositiveInt(6, 'maximum tree depth'),
        max_leaf_nodes: Type.Integer({ minimum: 2, default: 31 }),
        min_samples_leaf: PositiveInt(20, 'minimum rows in a leaf'),
        l2_regularization: Type.Number({ minimum: 0, default: 0 }),
        max_bins: Type.Integer({ minimum: 2, maximum: 255, default: 255 }),
        early_stopping: Type.Boolean({
          default: true,
          description: 'stop when the validation log-loss stops improving; keep the best round',
        }),
        validation_fraction: Type.Number({
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
          default: 0.1,
          description:
            'share of the training users (stratified, seeded by training.seed) held out for early stopping',
        }),
        scoring: Type.Union([Type.Literal('average_precision'), Type.Literal('loss')], {
          default: 'average_precision',
          description: "early stopping watches the held-out users' average precision or log-loss",
        }),
        n_iter_no_change: PositiveInt(20, 'rounds without improvement before stopping'),
        tol: Type.Number({ minimum: 0, default: 1e-7, description: 'smallest loss improvement' }),
      }),
    }),
    evaluation: section({
      primary_metric: Type.Union([Type.Literal('pr_auc'), Type.Literal('roc_auc')], {
        default: 'pr_auc',
      }),
      threshold: Probability(0.5, 'decision threshold for precision, recall, F1'),
    }),
    promotion: section({
      min_improvement: Type.Number({
        minimum: 0,
        default: 0.001,
        description: 'a candidate must beat production on the primary metric by at least this',
      }),
    }),
    api: section({
      host: Type.String({ minLength: 1, default: '0.0.0.0' }),
      port: Port(8000),
      body_limit_bytes: PositiveInt(1_048_576, 'largest accepted request body'),
      batch_limit: PositiveInt(1000, 'most rows in one /predict/batch call'),
      strict_features: Type.Boolean({ default: false }),
      reload_interval_ms: Type.Integer({ minimum: 0, default: 5000 }),
      shutdown_timeout_ms: PositiveInt(10_000, 'deadline for in-flight requests on SIGTERM'),
      max_event_loop_delay_ms: Type.Integer({
        minimum: 0,
        default: 1000,
        description: 'answer 503 with Retry-After while the event loop lags more; 0 turns it off',
      }),
      scoring_thread: Type.Boolean({
        default: true,
        description: 'run onnxruntime in a worker thread, in parallel with request parsing',
      }),
      auth_token: Type.String({
        default: '',
        description:
          'bearer token for /predict, /predict/batch and /v2 (not /v2/health); empty: no authentication (local demo)',
      }),
      auth_token_file: Type.String({
        default: '',
        description: 'file holding auth_token (a mounted secret); use instead of auth_token',
      }),
      auth_extras: Type.Boolean({
        default: true,
        description:
          'with a token, /docs, /openapi.json, /model and /metrics need it too; false leaves them public',
      }),
    }),
    worker: section({
      // Loopback by default: `npm run worker -- serve` is reachable from this machine only
      // (the images set WORKER_HOST=0.0.0.0 and then need a token, see auth_token).
      host: Type.String({ minLength: 1, default: '127.0.0.1' }),
      port: Port(8001),
      batch_size: PositiveInt(4096, 'rows per onnxruntime run'),
      top_k: PositiveInt(50, 'rows in the churn_top file'),
      high_risk_threshold: Probability(0.7, 'churn_risk above this counts as high risk'),
      schedule: Type.String({ minLength: 1, default: '0 2 * * *', description: 'cron expression' }),
      drift_on_schedule: Type.Boolean({ default: true }),
      include_churned: Type.Boolean({
        default: false,
        description:
          'score every user; by default only users active within churn.window_days are scored',
      }),
      shutdown_timeout_ms: PositiveInt(30_000, 'deadline for a running job on SIGTERM'),
      intra_op_threads: Type.Integer({
        minimum: 0,
        default: 1,
        description:
          'onnxruntime threads per scoring batch; 0 = onnxruntime default (one per core)',
      }),
      scoring_thread: Type.Boolean({
        default: true,
        description: 'run onnxruntime in a worker thread, in parallel with CSV parsing',
      }),
      auth_token: Type.String({
        default: '',
        description:
          'bearer token for POST /jobs/*; required by serve unless host is loopback or allow_unauthenticated',
      }),
      auth_token_file: Type.String({
        default: '',
        description: 'file holding auth_token (a mounted secret); use instead of auth_token',
      }),
      allow_unauthenticated: Type.Boolean({
        default: false,
        description: 'serve the job API without a token on a non-loopback host (a local demo only)',
      }),
      allowed_origins: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        default: [],
        description:
          'browser origins (scheme://host[:port]) allowed to POST /jobs/*; any other Origin is refused',
      }),
    }),
    retrain: section({
      enabled: Type.Boolean({
        default: false,
        description:
          'the worker retrains on retrain.schedule and after a scheduled drift FAIL; on-demand retrain jobs run either way',
      }),
      schedule: Type.String({ minLength: 1, default: '0 3 * * 0', description: 'cron expression' }),
      on_drift_fail: Type.Boolean({
        default: true,
        description: 'when enabled, a scheduled drift FAIL retrains in the same job',
      }),
    }),
    drift: section({
      monitored_features: Type.Array(Type.String({ minLength: 1 }), {
        default: [
          'days_since_last_activity',
          'active_days_7d',
          'active_days_30d',
          'events_30d',
          'watch_minutes_30d',
          'quiz_attempts_30d',
          'payment_fail_rate_30d',
          'plan',
          'country',
          'marketing_source',
        ],
        description: 'numeric or categorical model features whose drift is checked',
      }),
      bins: Type.Integer({ minimum: 2, default: 10 }),
      warn_threshold: Type.Number({ minimum: 0, default: 0.1 }),
      fail_threshold: Type.Number({ minimum: 0, default: 0.25 }),
    }),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
