import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegistryFixture, registryFixture } from './helpers/registry-fixture.js';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const WORKERS = 16;
const ROWS = 1000;

type Outcome =
  | { kind: 'response'; status: number; error?: string; sentAt: number; doneAt: number }
  | { kind: 'error'; code: string; sentAt: number };

let fixture: RegistryFixture;
let server: ChildProcess | undefined;

beforeAll(async () => {
  fixture = await registryFixture();
  await fixture.promote(await fixture.publish(-1, 0));
});

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  await fixture?.remove();
});

/** Starts src/server.ts as its own process on 127.0.0.1, port 0; resolves with its port. */
async function startServer(): Promise<{ child: ChildProcess; port: number; log: () => string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@churn/source', 'src/server.ts'],
    {
      cwd: apiDir,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '0',
        // debug: a line per request received and per response sent, counted below.
        LOG_LEVEL: 'debug',
        CHURN_ARTIFACTS_DIR: `${fixture.root}/artifacts`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code}):\n${output}`)));
  });
  return { child, port, log: () => output };
}

function countLines(log: string, message: string): number {
  return log.split('\n').filter((line) => line.includes(`"msg":"${message}"`)).length;
}

function request(agent: http.Agent, port: number, body: string): Promise<Outcome> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/predict/batch',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const error = status === 200 ? undefined : (JSON.parse(text) as { error: string }).error;
          resolve({ kind: 'response', status, error, sentAt, doneAt: performance.now() });
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      resolve({
        kind: 'error',
        code: err.code ?? err.message,
        sentAt,
      });
    });
    req.end(body);
  });
}

describe('graceful shutdown', () => {
  it('answers every accepted request when SIGTERM arrives under load, then exits 0', async () => {
    const started = await startServer();
    server = started.child;
    const body = JSON.stringify({
      rows: Array.from({ length: ROWS }, (_, i) => ({
        user_id: i,
        features: { days_since_last_activity: i % 30 },
      })),
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS });
    const outcomes: Outcome[] = [];
    let stopped = false;
    const worker = async () => {
      while (!stopped) {
        const outcome = await request(agent, started.port, body);
        outcomes.push(outcome);
        if (outcome.kind === 'error' || outcome.status !== 200) return;
      }
    };
    const workers = Array.from({ length: WORKERS }, worker);

    // Load until every worker has had a few answers, so requests are in flight at the signal.
    while (outcomes.length < WORKERS * 3) await new Promise((resolve) => setTimeout(resolve, 10));
    const signalAt = performance.now();
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    stopped = true;
    await Promise.all(workers);
    agent.destroy();

    expect(signal).toBeNull();
    expect(code).toBe(0);
    const responses = outcomes.filter((outcome) => outcome.kind === 'response');
    for (const outcome of responses) {
      // 200, or the shutdown 503 for a request that arrived on an open connection while closing.
      if (outcome.status !== 200) {
        expect(outcome).toMatchObject({ status: 503, error: 'CHURN_ERR_SHUTTING_DOWN' });
      }
    }
    // A request can fail only at the connection: refused after the listener closed, or reset
    // while it waited unread in a socket the server then closed (a client retries those).
    for (const outcome of outcomes) {
      if (outcome.kind === 'error')
        expect(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']).toContain(outcome.code);
    }
    // Every request the server read got its response to the client: none was lost in between.
    const log = started.log();
    expect(countLines(log, 'request received')).toBe(responses.length);
    expect(countLines(log, 'request completed')).toBe(responses.length);
    const drained = outcomes.filter(
      (outcome) =>
        outcome.kind === 'response' &&
        outcome.status === 200 &&
        outcome.sentAt < signalAt &&
        outcome.doneAt > signalAt,
    );
    expect(drained.length).toBeGreaterThan(0);
  }, 60_000);
});
