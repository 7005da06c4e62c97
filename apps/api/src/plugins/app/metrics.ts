import { AppMetrics } from '@churn/metrics';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { LoadedModel, ScoringObserver, ScoringPath } from '../../model/loaded-model.js';

/**
 * The API's Prometheus metrics. One registry per app, so tests can build many apps.
 * Label values are bounded: routes are Fastify's route patterns (or "unmatched"), and
 * model versions are the few loaded since the process started.
 */
export class ApiMetrics extends AppMetrics implements ScoringObserver {
  readonly requests = this.counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
  });
  readonly duration = this.histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });
  readonly predictions = this.counter({
    name: 'churn_predictions_total',
    help: 'Rows scored, by endpoint',
    labelNames: ['endpoint'] as const,
  });
  readonly modelInfo = this.gauge({
    name: 'churn_model_info',
    help: 'The model being served (value 1)',
    labelNames: ['name', 'version', 'algorithm'] as const,
  });
  readonly modelLoadSeconds = this.gauge({
    name: 'churn_model_load_seconds',
    help: 'Seconds the served model took to load',
  });
  readonly modelLoadedAt = this.gauge({
    name: 'churn_model_loaded_timestamp_seconds',
    help: 'Unix time the served model was loaded',
  });
  readonly modelLoadFailures = this.counter({
    name: 'churn_model_load_failures_total',
    help: 'Production models that failed to load and were rejected',
  });
  readonly modelReady = this.gauge({
    name: 'churn_model_ready',
    help: '1 while a model is served (ready), 0 while requests get 503',
    collect: () => {
      this.modelReady.set(this.#isReady() ? 1 : 0);
    },
  });
  /** Its _count is the number of predictions by model version. */
  readonly predictedRisk = this.histogram({
    name: 'churn_predicted_risk',
    help: 'Served churn risk (predicted probability), by model version',
    labelNames: ['model_version'] as const,
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
  });
  readonly scoringDuration = this.histogram({
    name: 'churn_scoring_duration_seconds',
    help: 'onnxruntime run time, without HTTP or queueing, by path (micro_batch for /predict, batch)',
    labelNames: ['path'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  });
  readonly microBatchRows = this.histogram({
    name: 'churn_micro_batch_rows',
    help: 'Single-row /predict requests coalesced into one onnxruntime run',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  });
  /** Label lookups cached per version: observe() then skips hashing the labels per row. */
  readonly #riskByVersion = new Map<string, { observe(value: number): void }>();
  #isReady: () => boolean = () => false;

  modelServed(model: LoadedModel): void {
    this.modelInfo.reset();
    this.modelInfo.set(
      { name: model.name, version: model.version, algorithm: model.card.algorithm },
      1,
    );
    this.modelLoadSeconds.set(model.scorer.loadSeconds);
    this.modelLoadedAt.set(model.scorer.loadedAt.getTime() / 1000);
  }

  /** churn_model_ready reads `isReady` at each scrape. */
  trackReadiness(isReady: () => boolean): void {
    this.#isReady = isReady;
  }

  scored(model: LoadedModel, path: ScoringPath, risks: Float32Array, seconds: number): void {
    this.scoringDuration.observe({ path }, seconds);
    if (path === 'micro_batch') this.microBatchRows.observe(risks.length);
    let histogram = this.#riskByVersion.get(model.version);
    if (!histogram) {
      histogram = this.predictedRisk.labels({ model_version: model.version });
      this.#riskByVersion.set(model.version, histogram);
    }
    for (const risk of risks) histogram.observe(risk);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ApiMetrics;
  }
}

/** Counts every response (404s under route "unmatched") and times it. */
export default fp(
  async function metrics(app: FastifyInstance) {
    const apiMetrics = new ApiMetrics();
    app.decorate('metrics', apiMetrics);
    app.addHook('onResponse', (request, reply, done) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: reply.statusCode,
      };
      apiMetrics.requests.inc(labels);
      apiMetrics.duration.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  },
  { name: 'metrics' },
);
