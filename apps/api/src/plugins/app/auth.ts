import bearerAuth from '@fastify/bearer-auth';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface AuthOptions {
  /** api.auth_token; empty turns authentication off (the local demo). */
  readonly token: string;
  /** api.auth_extras: the token also guards /docs, /openapi.json, /model, /model/report and /metrics. */
  readonly extras: boolean;
}

// Route patterns, not raw URLs, so `/predict/../x` or percent-encoding cannot slip past.
const SCORING_ROUTES = /^\/(predict(\/|$)|v2$|v2\/models\/)/;
const EXTRA_ROUTES = /^\/(docs($|\/)|openapi\.json$|model(\/report)?$|metrics$)/;

/** Whether the route (its pattern, e.g. `/v2/models/:model/infer`) needs the token. */
export function isGuarded(route: string, options: Pick<AuthOptions, 'extras'>): boolean {
  return SCORING_ROUTES.test(route) || (options.extras && EXTRA_ROUTES.test(route));
}

/**
 * Optional bearer-token authentication (@fastify/bearer-auth compares in constant time) for
 * the scoring routes and, with `extras`, the documentation and metrics. Probes (/live, /ready,
 * /health, /v2/health/*) stay open for the orchestrator. A refusal is a 401 in the usual error
 * shape with `WWW-Authenticate: Bearer` (error handler).
 */
export default fp<AuthOptions>(
  async function auth(app: FastifyInstance, options) {
    if (options.token === '') return;
    await app.register(bearerAuth, {
      keys: [options.token],
      addHook: false,
      // 401s are counted in /metrics; a log line each would let anyone flood the log.
      verifyErrorLogLevel: 'debug',
    });
    const verify = app.verifyBearerAuth!;
    app.addHook('onRequest', (request, reply, done) => {
      const route = request.routeOptions.url;
      if (route === undefined || !isGuarded(route, options)) return done();
      verify(request, reply, done);
    });
  },
  { name: 'auth' },
);
