import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../../errors.js';
import type { BatchBody } from '../prediction.js';
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
    async (request) => {
      const rows = (request.body as Partial<BatchBody> | null)?.rows;
      // Checked before validation, so an oversized batch is refused without walking every row.
      if (Array.isArray(rows) && rows.length > batchLimit) {
        throw new ApiError('CHURN_ERR_BATCH_LIMIT', `at most ${batchLimit} rows in one batch`, {
          limit: batchLimit,
          rows: rows.length,
        });
      }
      const model = app.models.acquireOrThrow();
      try {
        model.assertBatch(request.body);
        const batch = (request.body as BatchBody).rows;
        const records = new Array<Record<string, unknown>>(batch.length);
        const ignored = new Set<string>();
        for (let i = 0; i < batch.length; i++) {
          const features = (batch[i] as BatchBody['rows'][number]).features;
          records[i] = features;
          if (!model.strict) model.collectIgnored(features, ignored);
        }
        const risks = await model.score(records, (row) => `rows[${row}]`);
        app.metrics.predictions.inc({ endpoint: 'batch' }, batch.length);
        return {
          predictions: batch.map((row, i) => ({
            user_id: row.user_id,
            snapshot_date: row.snapshot_date,
            churn_risk: risks[i],
          })),
          model: model.ref,
          ignored_features: [...ignored],
        };
      } finally {
        model.release();
      }
    },
  );
}
