import { AppMetrics } from '@churn/metrics';
import { JOB_KINDS } from '../../jobs/job-runner.js';

const JOB_OUTCOMES = ['succeeded', 'failed', 'rejected'] as const;

/** The worker's Prometheus metrics, in a registry of their own (tests build many apps). */
export class WorkerMetrics extends AppMetrics {
  readonly jobs = this.counter({
    name: 'churn_worker_jobs_total',
    help: 'Jobs by kind and final status (succeeded, failed, rejected while another ran)',
    labelNames: ['kind', 'status'] as const,
  });
  readonly jobDuration = this.histogram({
    name: 'churn_worker_job_duration_seconds',
    help: 'Duration of finished jobs',
    labelNames: ['kind', 'status'] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
  });
  readonly rowsScored = this.counter({
    name: 'churn_worker_rows_scored_total',
    help: 'Rows scored by successful score jobs',
  });
  readonly lastSuccess = this.gauge({
    name: 'churn_worker_last_success_timestamp_seconds',
    help: 'Unix time of the last successful job by kind; score and drift include those run by the schedule',
    labelNames: ['kind'] as const,
  });
  readonly running = this.gauge({
    name: 'churn_worker_job_running',
    help: '1 while a job runs',
  });
  readonly driftPsi = this.gauge({
    name: 'churn_worker_drift_psi',
    help: 'Population stability index of the last drift check, by feature',
    labelNames: ['feature'] as const,
  });
  readonly driftPredictionPsi = this.gauge({
    name: 'churn_worker_drift_prediction_psi',
    help: "Population stability index of the model's scores in the last drift check",
  });
  readonly driftStatus = this.gauge({
    name: 'churn_worker_drift_status',
    help: 'Last drift check: 0 OK, 1 WARN, 2 FAIL',
  });
  readonly realizedAuc = this.gauge({
    name: 'churn_worker_realized_auc',
    help: "The production model's realized pr_auc and roc_auc on its newest prediction day with matured labels",
    labelNames: ['metric'] as const,
  });
  readonly realizedDate = this.gauge({
    name: 'churn_worker_realized_prediction_date_seconds',
    help: 'Unix time of the prediction day churn_worker_realized_auc is measured on',
  });
  readonly modelInfo = this.gauge({
    name: 'churn_worker_model_info',
    help: 'The loaded production model (value 1)',
    labelNames: ['name', 'version'] as const,
  });

  /** Registered only with a schedule: an unset gauge would read 0, as if it ran continuously. */
  scheduled(longestGapSeconds: number): void {
    this.gauge({
      name: 'churn_worker_schedule_interval_seconds',
      help: 'Longest gap between the next scheduled runs (absent without a schedule)',
    }).set(longestGapSeconds);
  }

  constructor(options: { defaultMetrics?: boolean } = {}) {
    super({ prefix: 'churn_worker_', defaultMetrics: options.defaultMetrics ?? true });
    // Series at 0 from the start: increase() and rate() cannot see a series' first value, so a
    // first failure would otherwise never alert, nor a first job's duration show.
    for (const kind of JOB_KINDS) {
      for (const status of JOB_OUTCOMES) this.jobs.inc({ kind, status }, 0);
      for (const status of ['succeeded', 'failed']) this.jobDuration.zero({ kind, status });
    }
  }
}
