import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

// By the package's own name, so the bundle (dist/bundle/server.js) finds it as well.
const { version } = createRequire(import.meta.url)('@churn/api/package.json') as {
  version: string;
};

/** GET /v2: Open Inference Protocol server metadata. */
export default async function v2Routes(app: FastifyInstance) {
  app.get(
    '/v2',
    {
      schema: {
        tags: ['open inference protocol (KServe v2)'],
        summary: 'Server metadata',
        response: {
          200: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              version: { type: 'string' },
              extensions: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
    async () => ({ name: 'churn-mlops-ts', version, extensions: [] }),
  );
}
