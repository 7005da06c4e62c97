import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWorkerApp, type WorkerAppOptions } from '../src/app.js';
import { WorkerError } from '../src/errors.js';
import { type ProductionModels, productionModels } from '../src/production-models.js';
import type { ScoreSummary } from '../src/score/score-features.js';
import type { WorkerTasks } from '../src/tasks.js';
import { fakeScorer } from './fixtures.js';

const TOKEN = 'a-worker-token-of-some-length-0123';

function fakeTasks(calls: string[], summary: Partial<ScoreSummary> = {}): WorkerTasks {
  return {
    checkConfig() {},
    async removeStaleTemporaryFiles() {
      return 0;
    },
    async retrain() {
      throw new Error('not used here');
    },
    async shiftDemo() {
      throw new Error('not a job');
    },
    async accuracy() {
      throw new Error('not used here');
    },
    async score(params) {
      calls.push(`score ${JSON.stringify(params)}`);
      return { rows: 1, model: { name: 'lr', version: 'v1' }, ...summary } as ScoreSummary;
    },
    async drift(params) {
      calls.push(`drift ${JSON.stringify(params)}`);
      throw new WorkerError('CHURN_ERR_NO_ROWS', '/srv/churn/data/features/f.csv: no rows');
    },
  };
}

function loadedHolder(): ProductionModels {
  return productionModels(
    { production: async () => ({ entry: { name: 'lr', version: 'v1' }, modelDir: '/m' }) },
    async () => fakeScorer('v1'),
  );
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(options: Partial<WorkerAppOptions> & { tasks: WorkerTasks }) {
  app = await buildWorkerApp({
    models: loadedHolder(),
    shutdownTimeoutMs: 1000,
    defaultMetrics: false,
    ...options,
  });
  return app;
}

async function finished(server: FastifyInstance, id: string) {
  for (let i = 0; i < 200; i++) {
    const job = (await server.inject({ url: `/jobs/${id}` })).json();
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`job ${id} still running`);
}

describe('job API access', () => {
  it('needs the bearer token to start a job; reading a job does not', async () => {
    const calls: string[] = [];
    const server = await build({
      tasks: fakeTasks(calls),
      access: { token: TOKEN, allowedOrigins: [] },
    });
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`, TOKEN]) {
      const response = await server.inject({
        method: 'POST',
        url: '/jobs/score',
        ...(authorization && { headers: { authorization } }),
        payload: {},
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: 'CHURN_ERR_UNAUTHORIZED' });
    }
    for (const kind of ['drift', 'retrain', 'accuracy']) {
      const response = await server.inject({ method: 'POST', url: `/jobs/${kind}`, payload: {} });
      expect(response.statusCode, kind).toBe(401);
    }
    expect(calls).toEqual([]);
    const started = await server.inject({
      method: 'POST',
      url: '/jobs/score',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: {},
    });
    expect(started.statusCode).toBe(202);
    expect((await finished(server, started.json().id)).status).toBe('succeeded');
    expect(calls).toEqual(['score {}']);
  });

  it('refuses a state-changing request from a foreign browser Origin, token or not', async () => {
    const calls: string[] = [];
    const server = await build({
      tasks: fakeTasks(calls),
      access: { token: null, allowedOrigins: ['https://ops.example.com'] },
    });
    // What a web page (or a DNS-rebound name) sends: its own Origin and Host.
    const foreign = await server.inject({
      method: 'POST',
      url: '/jobs/score',
      headers: { origin: 'http://evil.example', host: 'evil.example:8001' },
      payload: {},
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ error: 'CHURN_ERR_FORBIDDEN_ORIGIN' });
    const rebound = await server.inject({
      method: 'POST',
      url: '/jobs/drift',
      headers: { origin: 'http://127.0.0.1:8001' },
      payload: {},
    });
    expect(rebound.statusCode).toBe(403);
    expect(calls).toEqual([]);
    const listed = await server.inject({
      method: 'POST',
      url: '/jobs/score',
      headers: { origin: 'https://ops.example.com' },
      payload: {},
    });
    expect(listed.statusCode).toBe(202);
  });

  it('bounds what a caller chooses: topK, dates, body size, job ids', async () => {
    const calls: string[] = [];
    const server = await build({ tasks: fakeTasks(calls) });
    const post = (url: string, payload: unknown) =>
      server.inject({ method: 'POST', url, payload: payload as object });
    expect((await post('/jobs/score', { topK: 10_001 })).statusCode).toBe(400);
    for (const date of ['2025-13-45', '2025-02-30', '2025-00-10']) {
      const score = await post('/jobs/score', { date });
      expect(score.statusCode).toBe(400);
      expect(score.json()).toMatchObject({ error: 'CHURN_ERR_USAGE' });
      expect((await post('/jobs/drift', { date })).statusCode).toBe(400);
    }
    const big = await server.inject({
      method: 'POST',
      url: '/jobs/score',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ date: '2025-04-30', pad: 'x'.repeat(2000) }),
    });
    expect(big.statusCode).toBe(413);
    expect((await server.inject({ url: `/jobs/${'x'.repeat(65)}` })).statusCode).toBe(400);
    expect(calls).toEqual([]);
    expect((await post('/jobs/score', { date: '2024-02-29', topK: 10_000 })).statusCode).toBe(202);
  });

  it('shows job results and errors without server paths', async () => {
    const calls: string[] = [];
    const server = await build({
      tasks: fakeTasks(calls, {
        input: { file: '/srv/churn/data/features/f.csv', fingerprint: 'sha256:0', rowsRead: 1 },
        outputs: ['/srv/churn/data/predictions/p.csv', '/srv/churn/artifacts/metrics/s.json'],
      }),
      shownPaths: [
        { dir: '/srv/churn/data', as: 'data' },
        { dir: '/srv/churn/artifacts', as: 'artifacts' },
        { dir: '/srv/churn', as: '.' },
      ],
    });
    const scored = await finished(
      server,
      (await server.inject({ method: 'POST', url: '/jobs/score', payload: {} })).json().id,
    );
    expect(scored.result.input.file).toBe('data/features/f.csv');
    expect(scored.result.outputs).toEqual(['data/predictions/p.csv', 'artifacts/metrics/s.json']);
    const failed = await finished(
      server,
      (await server.inject({ method: 'POST', url: '/jobs/drift', payload: {} })).json().id,
    );
    expect(failed.error).toEqual({
      code: 'CHURN_ERR_NO_ROWS',
      message: 'data/features/f.csv: no rows',
    });
    expect(JSON.stringify([scored, failed])).not.toContain('/srv/');
  });
});

describe('readiness', () => {
  it('is a read of state: a broken production model is not reloaded per call', async () => {
    let loads = 0;
    const models = productionModels(
      { production: async () => ({ entry: { name: 'lr', version: 'v1' }, modelDir: '/m' }) },
      async () => {
        loads++;
        throw new Error('corrupt model.onnx');
      },
      { firstRetryMs: 60_000, maxRetryMs: 60_000 },
    );
    const server = await build({ tasks: fakeTasks([]), models });
    for (let i = 0; i < 100; i++) {
      expect((await server.inject({ url: '/ready' })).statusCode).toBe(503);
    }
    expect(loads).toBe(1);
  });

  it('retries the load in the background, with a growing delay, until it succeeds', async () => {
    const attempts: number[] = [];
    const started = performance.now();
    const models = productionModels(
      { production: async () => ({ entry: { name: 'lr', version: 'v1' }, modelDir: '/m' }) },
      async () => {
        attempts.push(performance.now() - started);
        if (attempts.length < 3) throw new Error('not there yet');
        return fakeScorer('v1');
      },
      { firstRetryMs: 20, maxRetryMs: 1000 },
    );
    const server = await build({ tasks: fakeTasks([]), models });
    expect((await server.inject({ url: '/ready' })).statusCode).toBe(503);
    for (let i = 0; i < 200 && models.current === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await server.inject({ url: '/ready' })).statusCode).toBe(200);
    expect(attempts).toHaveLength(3);
    // 20 ms, then 40 ms: the second wait is the longer one.
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(38);
  });

  it('answers 503 and closes connections while draining', async () => {
    const server = await build({ tasks: fakeTasks([]) });
    expect((await server.inject({ url: '/ready' })).statusCode).toBe(200);
    server.worker.drain();
    const ready = await server.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers.connection).toBe('close');
    expect((await server.inject({ url: '/live' })).headers.connection).toBe('close');
  });
});
