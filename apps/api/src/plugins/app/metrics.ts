import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { LoadedModel } from '../../model/loaded-model.js';

/** The API's Prometheus metrics. One registry per app, so tests can build many apps. */
export class ApiMetrics {
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
