import { Server } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

/**
 * Closes the service without resetting a request a client already sent:
 * 1. drain: `/ready` answers 503 and every response carries `Connection: close`, so
 *    clients leave their keep-alive connections and a balancer stops routing here;
 * 2. stop accepting connections, but unlike http.Server#close leave the open ones alone:
 *    a connection just opened has a request on its way, and each closes after its answer;
 * 3. after at most `settleMs`, `app.close()` ends what is left (idle for the whole
 *    drain), waits for the running job and releases the model.
 */
export async function closeGracefully(
  app: FastifyInstance,
  options: { drainMs: number; settleMs: number },
): Promise<void> {
  app.worker.drain();
  await delay(options.drainMs);
  if (app.server.listening) Server.prototype.close.call(app.server);
  const deadline = performance.now() + options.settleMs;
  while (performance.now() < deadline && (await openConnections(app)) > 0) await delay(20);
  await app.close();
}

function openConnections(app: FastifyInstance): Promise<number> {
  return new Promise((resolve) => app.server.getConnections((_error, count) => resolve(count)));
}
