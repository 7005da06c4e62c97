import type { ResolvedConfig } from '@churn/config';
import type { FastifyUnderPressureOptions } from '@fastify/under-pressure';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { ModelSource } from './model/model-source.js';
import accessLog from './plugins/app/access-log.js';
import auth from './plugins/app/auth.js';
import errorHandler, { clientErrorHandler } from './plugins/app/error-handler.js';
import metrics from './plugins/app/metrics.js';
import models from './plugins/app/models.js';
import requestId, { genReqId } from './plugins/app/request-id.js';
import shutdown from './plugins/app/shutdown.js';
import securityHeaders from './plugins/external/helmet.js';
import swagger from './plugins/external/swagger.js';
import underPressure from './plugins/external/under-pressure.js';
import healthRoutes from './routes/health/index.js';
import liveRoutes from './routes/live/index.js';
import metricsRoutes from './routes/metrics/index.js';
import modelRoutes from './routes/model/index.js';
import modelReportRoutes from './routes/model/report/index.js';
import batchRoutes from './routes/predict/batch/index.js';
import predictRoutes from './routes/predict/index.js';
import readyRoutes from './routes/ready/index.js';
import v2HealthRoutes from './routes/v2/health/index.js';
import v2Routes from './routes/v2/index.js';
import v2ModelRoutes from './routes/v2/models/index.js';
import { sharedSerializers } from './shared-serializers.js';

export interface AppDeps {
  /** Where the production model comes from: registryModelSource(config) in production, a fixture in tests. */
  readonly modelSource: ModelSource;
  /** Pino options or instance; default: JSON logs at config.app.log_level. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Extra @fastify/under-pressure options (tests force the overloaded state with a healthCheck). */
  readonly pressure?: Partial<FastifyUnderPressureOptions>;
}

/**
 * Builds the API without listening: tests `inject` into it, server.ts listens. The production
 * model loads during `ready()`; the app also starts without one (live, not ready).
 */
export function buildApp(config: ResolvedConfig, deps: AppDeps): FastifyInstance {
  const { api } = config;
  const app = Fastify({
    logger: deps.logger ?? { level: config.app.log_level },
    bodyLimit: api.body_limit_bytes,
    genReqId,
    // Per-request lines are the access-log plugin's (debug level); see its comment.
    logController: new LogController({ disableRequestLogging: true }),
    // The shutdown plugin answers requests arriving while closing, in the usual error shape.
    return503OnClosing: false,
    clientErrorHandler,
    // Routes share one serializer per response schema object instead of one per route and status.
    schemaController: { compilersFactory: { buildSerializer: sharedSerializers() } },
  });
  // Only JSON bodies: fastify would parse text/plain into a string, which then fails validation
  // with a 400 instead of the 415 that names the problem.
  app.removeContentTypeParser('text/plain');

  app.register(errorHandler);
  app.register(securityHeaders);
  app.register(requestId);
  app.register(accessLog);
  app.register(shutdown);
  app.register(auth, { token: api.auth_token, extras: api.auth_extras });
  app.register(underPressure, {
    maxEventLoopDelayMs: api.max_event_loop_delay_ms,
    ...(deps.pressure ? { overrides: deps.pressure } : {}),
  });
  app.register(metrics);
  app.register(models, {
    source: deps.modelSource,
    strict: api.strict_features,
    batchLimit: api.batch_limit,
    reloadIntervalMs: api.reload_interval_ms,
  });
  // Before the routes: @fastify/swagger collects routes as they are added.
  app.register(swagger, { auth: { token: api.auth_token, extras: api.auth_extras } });

  app.register(liveRoutes);
  app.register(readyRoutes);
  app.register(healthRoutes);
  app.register(predictRoutes);
  app.register(batchRoutes, { batchLimit: api.batch_limit });
  app.register(modelRoutes);
  app.register(modelReportRoutes, { modelsDir: config.paths.models });
  app.register(metricsRoutes);
  app.register(v2Routes);
  app.register(v2HealthRoutes);
  app.register(v2ModelRoutes, { batchLimit: api.batch_limit });
  return app;
}
