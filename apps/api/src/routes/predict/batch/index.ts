import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../../errors.js';
import type { LoadedModel } from '../../../model/loaded-model.js';
import type { BatchBody } from '../../../model/prediction.js';
import { batchBodyDoc, batchResponse, skipBodyValidation } from '../schemas.js';

export interface BatchRouteOptions {
  readonly batchLimit: number;
}

/** POST /predict/batch: up to batch_limit rows scored in one onnxruntime run. */
export default async function batchRoutes(app: FastifyInstance, options: BatchRouteOptions) {
  const { batchLimit } = options;
  app.post(
    '/predict/batch',
    {
      validatorCompiler: skipBodyValidation,
      schema: {
        tags: ['predict'],
        summary: `Churn risk of up to ${batchLimit} users in one model run`,
        body: batchBodyDoc(batchLimit),
        response: batchResponse,
      },
    },
    (request) => {
      const rows = (request.body as Partial<BatchBody> | null)?.rows;
      // Checked before validation, so an oversized batch is refused without walking every row.
      if (Array.isArray(rows) && rows.length > batchLimit) {
        throw new ApiError('CHURN_ERR_BATCH_LIMIT', `at most ${batchLimit} rows in one batch`, {
          details: { limit: batchLimit, rows: rows.length },
        });
      }
      return app.models.use(async (model: LoadedModel) => {
        const { body } = request;
        model.assertBatch(body);
        const records = body.rows.map((row) => row.features);
        const ignored = new Set<string>();
        if (!model.strict) for (const features of records) model.collectIgnored(features, ignored);
        const risks = await model.score(records, (row) => `rows[${row}]`);
        app.metrics.predictions.inc({ endpoint: 'batch' }, records.length);
        return {
          predictions: body.rows.map((row, i) => ({
            user_id: row.user_id,
            snapshot_date: row.snapshot_date,
            churn_risk: risks[i],
          })),
          model: model.ref,
          ignored_features: [...ignored],
        };
      });
    },
  );
}
