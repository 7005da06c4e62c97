import underPressure, { type FastifyUnderPressureOptions } from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { RETRY_AFTER_SECONDS } from '../../errors.js';

export interface UnderPressurePluginOptions {
  readonly maxEventLoopDelayMs: number;
  /** Extra options, e.g. a failing healthCheck in tests. */
  readonly overrides?: Partial<FastifyUnderPressureOptions>;
}

/**
 * Sheds load with 503 + Retry-After while the event loop lags (the error handler gives it the
 * usual error shape). Probes and /metrics opt out with `config.pressureHandler`.
 */
export default fp<UnderPressurePluginOptions>(
  async function pressure(app: FastifyInstance, options) {
    await app.register(underPressure, {
      maxEventLoopDelay: options.maxEventLoopDelayMs,
      retryAfter: RETRY_AFTER_SECONDS,
      ...options.overrides,
    });
  },
  { name: 'under-pressure' },
);

/** Route config for routes that must answer even under pressure (liveness, metrics). */
export const exemptFromPressure = { pressureHandler: () => undefined };
