import bearerAuth from '@fastify/bearer-auth';
import type { FastifyInstance } from 'fastify';
import { WorkerError } from '../../errors.js';

/** Who may start jobs (POST /jobs/*); see SECURITY.md. */
export interface JobAccess {
  /** Bearer token required on state-changing requests; null: none (a local setup). */
  readonly token: string | null;
  /** Browser origins (`scheme://host[:port]`) allowed to send them; every other Origin is refused. */
  readonly allowedOrigins: readonly string[];
}

/**
 * Guards the routes registered in the same scope: a request carrying a browser's
 * `Origin` that is not listed gets 403 (a web page cannot start jobs, and a
 * DNS-rebound name is refused too); with a token, a request without the right
 * `Authorization: Bearer` gets 401. @fastify/bearer-auth compares in constant time.
 */
export async function jobAccess(app: FastifyInstance, access: JobAccess): Promise<void> {
  const allowed = new Set(access.allowedOrigins);
  app.addHook('onRequest', async (request) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) {
      throw new WorkerError(
        'CHURN_ERR_FORBIDDEN_ORIGIN',
        `requests from ${origin.slice(0, 100)} are not allowed`,
      );
    }
  });
  if (access.token === null) return;
  await app.register(bearerAuth, {
    keys: [access.token],
    addHook: 'onRequest',
    verifyErrorLogLevel: 'warn',
    errorResponse: (error) =>
      ({ error: 'CHURN_ERR_UNAUTHORIZED', message: error.message }) as { error: string },
  });
}
