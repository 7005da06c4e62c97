import { createRequire } from 'node:module';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type JsonSchema, unknownFeaturesSchema } from '../../model/feature-schema.js';
import type { LoadedModel } from '../../model/loaded-model.js';
import { type AuthOptions, isGuarded } from '../app/auth.js';

// By the package's own name, so the bundle (dist/bundle/server.js) finds it as well.
const { version } = createRequire(import.meta.url)('@churn/api/package.json') as {
  version: string;
};

/**
 * Routes document the `features` object with this placeholder; the served document replaces it
 * with the loaded model's schema, so the docs always list the features the API validates against.
 */
export const FEATURES_PLACEHOLDER = 'x-churn-features';
export const featuresPlaceholder: JsonSchema = {
  ...unknownFeaturesSchema,
  [FEATURES_PLACEHOLDER]: true,
};

function replacePlaceholders(node: unknown, features: JsonSchema): unknown {
  if (Array.isArray(node)) return node.map((item) => replacePlaceholders(item, features));
  if (node === null || typeof node !== 'object') return node;
  if ((node as Record<string, unknown>)[FEATURES_PLACEHOLDER] === true) return features;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = replacePlaceholders(value, features);
  return copy;
}

/**
 * OpenAPI 3.1 (JSON Schema types such as ['number', 'null'] are valid there) at /openapi.json,
 * Swagger UI at /docs. The document is rebuilt once per served model version and cached.
 */
export interface OpenApiOptions {
  /** With a token, guarded routes are documented as needing it (Swagger UI's Authorize button). */
  readonly auth: AuthOptions;
}

export default fp<OpenApiOptions>(
  async function openapi(app: FastifyInstance, options) {
    const { auth } = options;
    const authOn = auth.token !== '';
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'churn-mlops-ts prediction API',
          description:
            'Churn risk from the production ONNX model; the feature schema follows the loaded model card.',
          version,
        },
        ...(authOn && {
          components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
        }),
      },
      ...(authOn && {
        transform: ({ schema, url }) => ({
          schema: isGuarded(url, auth) ? { ...schema, security: [{ bearerAuth: [] }] } : schema,
          url,
        }),
      }),
    });

    let cached: { model: LoadedModel | null; document: unknown } | null = null;
    const documentFor = (model: LoadedModel | null): unknown => {
      if (cached?.model !== model) {
        const features = model ? model.featuresSchema : unknownFeaturesSchema;
        cached = { model, document: replacePlaceholders(app.swagger(), features) };
      }
      return cached.document;
    };

    await app.register(swaggerUi, {
      routePrefix: '/docs',
      transformSpecificationClone: false,
      transformSpecification: () => documentFor(app.models.current) as Record<string, unknown>,
    });

    app.get('/openapi.json', { schema: { hide: true } }, async () =>
      documentFor(app.models.current),
    );
  },
  { name: 'openapi', dependencies: ['models'] },
);
