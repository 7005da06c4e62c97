import { ModelHolder } from '@churn/scorer/holder';
import type { FastifyBaseLogger } from 'fastify';
import { ApiError } from '../errors.js';
import { LoadedModel, type LoadedModelOptions } from './loaded-model.js';
import type { ModelSource } from './model-source.js';

/** The production model the API serves, hot-swapped by @churn/scorer's ModelHolder. */
export type ServingModels = ModelHolder<LoadedModel>;

export interface ServingModelsOptions extends LoadedModelOptions {
  readonly source: ModelSource;
  readonly log: FastifyBaseLogger;
  /** Called after a model starts serving (metrics). */
  readonly onSwap?: (model: LoadedModel) => void;
  /** Called when a production model could not be loaded. */
  readonly onLoadFailure?: () => void;
  /** How long a rejected version is left alone while another model serves (default 60 s). */
  readonly retryFailedMs?: number;
}

/**
 * The API's model holder: a version loads only if it also scores a smoke row, so a model
 * whose inputs do not match its card never replaces one that works. While none serves,
 * requests get 503 with the reason.
 */
export function servingModels(options: ServingModelsOptions): ServingModels {
  const { log, source } = options;
  return new ModelHolder<LoadedModel>({
    production: () => source.production(),
    async load(pointer) {
      const scorer = await source.load(pointer);
      let model: LoadedModel | undefined;
      try {
        model = new LoadedModel(scorer, options);
        const [risk] = await scorer.scoreRecords([{}]);
        if (risk === undefined || !(risk >= 0 && risk <= 1)) {
          throw new RangeError(`smoke score ${risk} is not a probability`);
        }
        return model;
      } catch (error) {
        await (model ?? scorer).close().catch(() => undefined);
        throw error;
      }
    },
    notServing: (reason) => new ApiError('CHURN_ERR_MODEL_NOT_READY', reason),
    ...(options.retryFailedMs !== undefined && { retryFailedMs: options.retryFailedMs }),
    events: {
      swapped(model, previous) {
        options.onSwap?.(model);
        log.info(
          {
            model: model.ref,
            previous: previous?.ref ?? null,
            loadSeconds: model.scorer.loadSeconds,
          },
          'serving model',
        );
      },
      failed(err, pointer) {
        if (pointer) {
          log.error(
            {
              err,
              model: { name: pointer.name, version: pointer.version, dir: pointer.modelDir },
            },
            'rejected new production model; keeping the current one',
          );
          options.onLoadFailure?.();
        } else if (!(err instanceof ApiError)) {
          log.error({ err }, 'reading the model registry failed; keeping the current model');
        }
      },
      closeFailed(err, model) {
        log.error({ err, model: model.ref }, 'closing the previous model failed');
      },
    },
  });
}
