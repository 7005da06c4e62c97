import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../../errors.js';
import type { JsonSchema } from '../../../model/feature-schema.js';
import type { LoadedModel } from '../../../model/loaded-model.js';
import { compileStrict } from '../../../model/request-validator.js';
import { type InferRequest, inferRows } from './infer-request.js';
import { inferBody, inferResponse, metadataResponse, readyResponse } from './schemas.js';

/** The name this API serves its production model under in the Open Inference Protocol. */
export const KSERVE_MODEL_NAME = 'churn';

interface ModelParams {
  model: string;
  version?: string;
}

export interface V2ModelRouteOptions {
  readonly batchLimit: number;
}

/**
 * Open Inference Protocol (KServe v2) model endpoints: metadata, readiness and inference, at
 * /v2/models/churn and /v2/models/churn/versions/<served version>.
 */
export default async function v2ModelRoutes(app: FastifyInstance, options: V2ModelRouteOptions) {
  const tags = ['open inference protocol (KServe v2)'];

  /** The served model if these params name it; 404 for another name or version. */
  function served(params: ModelParams): LoadedModel {
    if (params.model !== KSERVE_MODEL_NAME) {
      throw new ApiError(
        'CHURN_ERR_UNKNOWN_MODEL',
        `this server serves model "${KSERVE_MODEL_NAME}"`,
      );
    }
    const model = app.models.served();
    if (params.version !== undefined && params.version !== model.version) {
      throw new ApiError('CHURN_ERR_UNKNOWN_MODEL', `the served version is ${model.version}`);
    }
    return model;
  }

  for (const base of ['/v2/models/:model', '/v2/models/:model/versions/:version']) {
    app.get<{ Params: ModelParams }>(
      base,
      { schema: { tags, summary: 'Model metadata', response: metadataResponse } },
      async (request) => {
        const model = served(request.params);
        return {
          name: KSERVE_MODEL_NAME,
          versions: [model.version],
          platform: 'onnxruntime_onnx',
          inputs: model.card.features.map((feature) => ({
            name: feature.name,
            datatype: feature.type === 'categorical' ? 'BYTES' : 'FP32',
            shape: [-1, 1],
          })),
          outputs: [
            {
              name: model.card.onnx.output.name,
              datatype: 'FP32',
              shape: [-1, 1],
            },
          ],
        };
      },
    );

    app.get<{ Params: ModelParams }>(
      `${base}/ready`,
      { schema: { tags, summary: 'Model readiness', response: readyResponse } },
      async (request) => {
        served(request.params);
        return { name: KSERVE_MODEL_NAME, ready: true };
      },
    );

    app.post<{ Params: ModelParams; Body: InferRequest }>(
      `${base}/infer`,
      {
        validatorCompiler: ({ schema }) => compileStrict(schema as JsonSchema),
        schema: {
          tags,
          summary: 'Inference: one input per feature',
          body: inferBody,
          response: inferResponse,
        },
      },
      (request) => {
        // Name, readiness and version are checked before use(), which holds that same model.
        served(request.params);
        return app.models.use(async (model) => {
          const { body } = request;
          const outputName = model.card.onnx.output.name;
          const unknownOutput = body.outputs?.find((output) => output.name !== outputName);
          if (unknownOutput) {
            throw new ApiError('CHURN_ERR_VALIDATION', undefined, {
              details: [
                {
                  path: 'outputs',
                  message: `the only output is ${outputName}, not ${unknownOutput.name}`,
                },
              ],
            });
          }
          const { records } = inferRows(model, body, options.batchLimit);
          const risks = await model.score(records, (row) => `inputs[*].data[${row}]`);
          app.metrics.predictions.inc({ endpoint: 'v2_infer' }, records.length);
          return {
            model_name: KSERVE_MODEL_NAME,
            model_version: model.version,
            id: body.id,
            outputs: [
              {
                name: outputName,
                datatype: 'FP32',
                shape: [records.length, 1],
                data: Array.from(risks),
              },
            ],
          };
        });
      },
    );
  }
}
