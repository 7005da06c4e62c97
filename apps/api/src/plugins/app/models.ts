import fp from 'fastify-plugin';
import type { ModelSource } from '../../model/model-source.js';
import { type ServingModels, servingModels } from '../../model/serving-models.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The served model: `models.use(fn)` holds it for a request, `models.served()` reads it. */
    models: ServingModels;
  }
}

export interface ModelsPluginOptions {
  readonly source: ModelSource;
  readonly strict: boolean;
  readonly batchLimit: number;
  readonly reloadIntervalMs: number;
}

/**
 * Loads the production model when the app starts (the app starts without one: live, not ready),
 * polls the registry while it runs, and closes the model after the last request on close.
 */
export default fp<ModelsPluginOptions>(
  async function models(app, options) {
    const log = app.log.child({ component: 'model' });
    const holder = servingModels({
      ...options,
      log,
      onSwap: (model) => app.metrics.modelServed(model),
      onLoadFailure: () => app.metrics.modelLoadFailures.inc(),
      observer: app.metrics,
    });
    app.metrics.trackReadiness(() => holder.current !== null);
    app.decorate('models', holder);
    // Loading starts here, before fastify registers the routes and compiles their schemas: with
    // api.scoring_thread the thread starts and opens the session on another core meanwhile.
    // watch() never rejects; onReady waits for its first attempt.
    const firstLoad = holder.watch(options.reloadIntervalMs);
    app.addHook('onReady', async () => {
      await firstLoad;
      if (!holder.current) {
        log.warn({ reason: holder.reason }, 'starting without a model: live, not ready');
      }
    });
    app.addHook('onClose', async () => {
      await holder.close().catch((err: unknown) => {
        log.error({ err }, 'closing the model failed');
      });
    });
  },
  { name: 'models', dependencies: ['metrics'] },
);
