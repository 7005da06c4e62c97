import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_REPORT_FILE, reportContentSecurityPolicy } from '@churn/report';
import type { FastifyInstance } from 'fastify';
import { ApiError, errorBodySchema } from '../../../errors.js';

export interface ModelReportOptions {
  /** paths.models: the folder of `<version>/` model folders. */
  readonly modelsDir: string;
}

// A version names a folder under modelsDir: no separators, no leading dot.
const SAFE_VERSION = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * GET /model/report: the served model's report.html (written by the pipeline's promote step),
 * a self-contained page. Its own Content-Security-Policy replaces the API's for this response
 * only: no scripts, no network, the page's inline stylesheet allowed by its hash.
 */
export default async function modelReportRoutes(app: FastifyInstance, options: ModelReportOptions) {
  app.get(
    '/model/report',
    {
      schema: {
        tags: ['model'],
        summary: "The served model's report (HTML)",
        description:
          'Test-split metrics, precision-recall, ROC and calibration curves, score distribution, confusion matrix, feature importance, training data and the promotion gate, as one self-contained HTML page.',
        produces: ['text/html'],
        response: {
          200: {
            description: 'the report page',
            content: { 'text/html': { schema: { type: 'string' } } },
          },
          404: errorBodySchema,
          503: errorBodySchema,
        },
      },
    },
    async (_request, reply) => {
      const { version } = app.models.served();
      if (!SAFE_VERSION.test(version)) {
        throw new ApiError(
          'CHURN_ERR_NO_REPORT',
          `model version ${JSON.stringify(version)} has no report folder`,
        );
      }
      let page: string;
      try {
        page = await readFile(join(options.modelsDir, version, MODEL_REPORT_FILE), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        throw new ApiError(
          'CHURN_ERR_NO_REPORT',
          `model ${version} has no ${MODEL_REPORT_FILE}: it was trained before reports existed (retrain to get one; GET /model has its metrics)`,
        );
      }
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', reportContentSecurityPolicy(page))
        .send(page);
    },
  );
}
