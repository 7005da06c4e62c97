import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { LoadedModel, ScoringObserver, ScoringPath } from '../../model/loaded-model.js';

type RiskHistogram = ReturnType<Histogram<'model_version'>['labels']>;

/**
 * The API's Prometheus metrics. One registry per app, so tests can build many apps.
 * Label values are bounded: routes are Fastify's route patterns (or "unmatched"), and
 * model versions are the few loaded since the process started.
 */
export class ApiMetrics implements ScoringObserver {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly predictions = new Counter({
    name: 'churn_predictions_total',
    help: 'Rows scored, by endpoint',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });
  readonly modelInfo = new Gauge({
    name: 'churn_model_info',
    help: 'The model being served (value 1)',
    labelNames: ['name', 'version', 'algorithm'] as const,
    registers: [this.registry],
  });
  readonly modelLoadSeconds = new Gauge({
    name: 'churn_model_load_seconds',
    help: 'Seconds the served model took to load',
    registers: [this.registry],
  });
  readonly modelLoadedAt = new Gauge({
    name: 'churn_model_loaded_timestamp_seconds',
    help: 'Unix time the served model was loaded',
    registers: [this.registry],
  });
  readonly modelLoadFailures = new Counter({
    name: 'churn_model_load_failures_total',
    help: 'Production models that failed to load and were rejected',
    registers: [this.registry],
  });
  readonly modelReady = new Gauge({
    name: 'churn_model_ready',
    help: '1 while a model is served (ready), 0 while requests get 503',
    registers: [this.registry],
    collect: () => {
      this.modelReady.set(this.#isReady() ? 1 : 0);
    },
  });
  /** Its _count is the number of predictions by model version. */
  readonly predictedRisk = new Histogram({
    name: 'churn_predicted_risk',
    help: 'Served churn risk (predicted probability), by model version',
    labelNames: ['model_version'] as const,
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    registers: [this.registry],
  });
  readonly scoringDuration = new Histogram({
    name: 'churn_scoring_duration_seconds',
    help: 'onnxruntime run time, without HTTP or queueing, by path (micro_batch for /predict, batch)',
    labelNames: ['path'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly microBatchRows = new Histogram({
    name: 'churn_micro_batch_rows',
    help: 'Single-row /predict requests coalesced into one onnxruntime run',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });
  readonly #riskByVersion = new Map<string, RiskHistogram>();
  #isReady: () => boolean = () => false;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

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
