import type { WorkerMetrics } from '../plugins/app/metrics.js';
import type { WorkerTasks } from '../tasks.js';
import type { JobExecutor, JobKind } from './job-runner.js';

/**
 * What each job kind runs, and the metrics it leaves: score, drift, retrain, accuracy, and the
 * scheduled job (score, then drift when `driftOnSchedule`, then retrain on a drift FAIL when
 * `retrainOnDriftFail`).
 */
export function jobExecutor(
  options: {
    readonly tasks: WorkerTasks;
    readonly driftOnSchedule?: boolean;
    readonly retrainOnDriftFail?: boolean;
  },
  metrics: WorkerMetrics,
): JobExecutor {
  const score = async (params: Record<string, unknown>, signal: AbortSignal) => {
    const summary = await options.tasks.score(params, signal);
    metrics.rowsScored.inc(summary.rows);
    metrics.lastSuccess.setToCurrentTime({ kind: 'score' });
    metrics.modelInfo.reset();
    metrics.modelInfo.set(summary.model, 1);
    return summary;
  };
  const drift = async (params: Record<string, unknown>) => {
    const report = await options.tasks.drift(params);
    for (const feature of report.features)
      metrics.driftPsi.set({ feature: feature.name }, feature.psi);
    if (report.predictions) metrics.driftPredictionPsi.set(report.predictions.psi);
    metrics.driftStatus.set({ OK: 0, WARN: 1, FAIL: 2 }[report.status]);
    metrics.lastSuccess.setToCurrentTime({ kind: 'drift' });
    return report;
  };
  const accuracy = async () => {
    const report = await options.tasks.accuracy();
    // The newest matured day of the production model: what the gauge shows.
    const latest = report.days.filter((day) => day.production && day.pr_auc !== null).at(-1);
    metrics.realizedAuc.reset();
    if (latest) {
      metrics.realizedAuc.set({ metric: 'pr_auc' }, latest.pr_auc!);
      metrics.realizedAuc.set({ metric: 'roc_auc' }, latest.roc_auc!);
      metrics.realizedDate.set(Date.parse(`${latest.asOfDate}T00:00:00Z`) / 1000);
    }
    return report;
  };
  return async (kind: JobKind, params, signal) => {
    if (kind === 'score') return score(params, signal);
    if (kind === 'drift') return drift(params);
    if (kind === 'retrain') return options.tasks.retrain();
    if (kind === 'accuracy') return accuracy();
    const scored = await score({}, signal);
    if (!options.driftOnSchedule) return { score: scored };
    const drifted = await drift({});
    // Inside the same job, so nothing else runs between the FAIL and the retrain.
    if (drifted.status !== 'FAIL' || !options.retrainOnDriftFail) {
      return { score: scored, drift: drifted };
    }
    return { score: scored, drift: drifted, retrain: await options.tasks.retrain() };
  };
}
