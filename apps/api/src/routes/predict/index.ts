import type { FastifyInstance } from 'fastify';
import type { LoadedModel } from '../../model/loaded-model.js';
import { predictBodyDoc, predictResponse, skipBodyValidation } from './schemas.js';

/** POST /predict: the original's body `{user_id, snapshot_date?, features}` -> one churn risk. */
export default async function predictRoutes(app: FastifyInstance) {
  app.post(
    '/predict',
    {
      validatorCompiler: skipBodyValidation,
      schema: {
        tags: ['predict'],
        summary: 'Churn risk of one user',
        description:
          'Missing features take the model defaults; unknown ones are listed in ignored_features (400 with strict_features).',
        body: predictBodyDoc,
        response: predictResponse,
      },
    },
    (request) =>
      app.models.use(async (model: LoadedModel) => {
        const row = request.body;
        model.assertPredict(row);
        const risk = await model.scoreOne(row.features);
        app.metrics.predictions.inc({ endpoint: 'predict' });
        return {
          user_id: row.user_id,
          snapshot_date: row.snapshot_date,
          churn_risk: risk,
          model: model.ref,
          ignored_features: model.strict ? [] : model.ignoredIn(row.features),
        };
      }),
  );
}
