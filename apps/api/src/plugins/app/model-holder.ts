import fp from 'fastify-plugin';
import { ModelHolder } from '../../model/model-holder.js';
import type { ModelSource } from '../../model/model-source.js';

declare module 'fastify' {
  interface FastifyInstance {
    models: ModelHolder;
  }
}

export interface ModelHolderPluginOptions {
  readonly source: ModelSource;
  readonly strict: boolean;
  readonly batchLimit: number;
  readonly reloadIntervalMs: number;
}

/**
 * Loads the production model when the app starts (the app starts without one: live, not ready),
 * polls the registry while it runs, and closes the model after the last request on close.
 */
export default fp<ModelHolderPluginOptions>(
  async function modelHolder(app, options) {
    const holder = new ModelHolder({
      ...options,
      log: app.log.child({ component: 'model' }),
      onSwap: (model) => app.metrics.modelServed(model),
      onLoadFailure: () => app.metrics.modelLoadFailures.inc(),
      observer: app.metrics,
    });
    app.metrics.trackReadiness(() => holder.current !== null);
    app.decorate('models', holder);
    app.addHook('onReady', async () => {
      await holder.start();
    });
    app.addHook('onClose', async () => {
      await holder.close();
    });
  },
  { name: 'model-holder', dependencies: ['metrics'] },
);
