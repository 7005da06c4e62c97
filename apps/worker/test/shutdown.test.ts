import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, get } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { project } from './production-model.js';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'server.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Starts `serve` on a free loopback port; resolves with the process and its URL. */
async function serve(): Promise<{ child: ChildProcess; url: string }> {
  const { root } = project();
  const child = spawn(
    process.execPath,
    ['--import', TSX, '--conditions=@churn/source', MAIN, 'serve'],
    {
      cwd: root,
      env: { ...process.env, CHURN_MLOPS_ROOT: root, WORKER_PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
  });
  return { child, url };
}

/**
 * `reset`: a request sent on a kept-alive connection that the server dropped (the defect:
 * one per connection). `backlog`: a new connection the kernel accepted just before the
 * listener closed and then reset; nothing was read from it, so a client may retry it, and
 * no server can answer it: clients that follow `/ready` stop opening connections first.
 */
type Outcome = 'ok' | 'closing' | 'refused' | 'reset' | 'backlog' | 'other';

function request(url: string, agent: Agent): Promise<{ outcome: Outcome; close: boolean }> {
  return new Promise((resolve) => {
    const req = get(`${url}/live`, { agent }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({
          outcome: response.statusCode === 200 ? 'ok' : 'closing',
          close: response.headers.connection === 'close',
        }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const dropped = error.code === 'ECONNRESET' || error.message === 'socket hang up';
      const outcome: Outcome =
        error.code === 'ECONNREFUSED'
          ? 'refused'
          : dropped
            ? req.reusedSocket
              ? 'reset'
              : 'backlog'
            : 'other';
      resolve({ outcome, close: false });
    });
  });
}

describe('SIGTERM under keep-alive load', { timeout: 120_000 }, () => {
  it('answers every request that reached the server; resets: 0', async () => {
    const { child, url } = await serve();
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const counts: Record<Outcome, number> = {
      ok: 0,
      closing: 0,
      refused: 0,
      reset: 0,
      backlog: 0,
      other: 0,
    };
    let closeHeaders = 0;
    let running = true;
    const client = async () => {
      while (running) {
        const { outcome, close } = await request(url, agent);
        counts[outcome]++;
        if (close) closeHeaders++;
        if (outcome === 'refused' || outcome === 'backlog') return;
      }
    };
    const clients = Array.from({ length: 16 }, client);
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    running = false;
    await Promise.all(clients);
    agent.destroy();
    console.log('SIGTERM under keep-alive load', counts, { closeHeaders });
    expect(code).toBe(0);
    expect(counts.reset).toBe(0);
    expect(counts.other).toBe(0);
    expect(counts.ok).toBeGreaterThan(0);
    // While draining, responses told the clients to close their connections.
    expect(closeHeaders).toBeGreaterThan(0);
  });
});
