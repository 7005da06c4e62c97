import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';

/** How often drain() looks at the open connections. */
const POLL_MS = 20;
/** drain() ends once no connection has been open, nor a new one arrived, for this long. */
const QUIET_MS = 250;

export interface ShutdownState {
  /** Readiness answers 503 and every response carries `Connection: close`. */
  readonly draining: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    shutdown: ShutdownState;
    /**
     * Empties the server before `close()`, so no client sees a reset connection. First
     * readiness turns 503 and every response carries `Connection: close`, so each open
     * keep-alive connection is answered and then closed; once the connections open at the
     * start are gone, new requests get a 503 (CHURN_ERR_SHUTTING_DOWN, `Connection: close`)
     * until none arrives for a moment. Resolves by `timeoutMs` at the latest.
     */
    drain(timeoutMs: number): Promise<void>;
  }
}

/**
 * Graceful shutdown without resets. Node's `server.close()` destroys keep-alive connections
 * that are idle at that instant, and a client may be writing its next request on one (a
 * reset); drain() first lets every connection end after a response. Requests already in
 * progress always finish normally: fastify.close() waits for them before onClose hooks.
 */
export default fp(
  async function shutdown(app: FastifyInstance) {
    const state = { draining: false };
    let refusing = false;
    const open = new Set<Socket>();
    let lastConnectionAt = 0;
    app.server.on('connection', (socket: Socket) => {
      open.add(socket);
      lastConnectionAt = performance.now();
      socket.once('close', () => open.delete(socket));
    });

    app.decorate('shutdown', state as ShutdownState);
    app.decorate('drain', async (timeoutMs: number) => {
      const deadline = performance.now() + timeoutMs;
      // Waits POLL_MS, then on to the event loop's check phase, which follows its I/O phase:
      // the connections waiting in the listen backlog have been accepted (and counted) by
      // then. A check in the timers phase could see quiet first: a process stalled longer
      // than QUIET_MS (starved of CPU) wakes there, and close() would reset those connections.
      const afterIo = async () => {
        await sleep(POLL_MS);
        await new Promise((resolve) => setImmediate(resolve));
      };
      const waitFor = async (done: () => boolean) => {
        while (!done() && performance.now() < deadline) await afterIo();
      };
      state.draining = true;
      const atStart = [...open];
      await waitFor(() => atStart.every((socket) => socket.destroyed));
      refusing = true;
      await afterIo();
      await waitFor(() => open.size === 0 && performance.now() - lastConnectionAt >= QUIET_MS);
    });

    app.addHook('preClose', (done) => {
      state.draining = true;
      refusing = true;
      done();
    });
    app.addHook('onRequest', (_request, reply, done) => {
      if (!state.draining) return done();
      reply.header('connection', 'close');
      done(refusing ? new ApiError('CHURN_ERR_SHUTTING_DOWN') : undefined);
    });
  },
  { name: 'shutdown' },
);
