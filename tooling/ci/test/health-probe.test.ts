import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from './repo-root.js';

const PROBE = join(REPO_ROOT, 'docker/health-probe.mjs');
const run = promisify(execFile);

/** Exit code of the probe against url. */
async function probe(...args: string[]): Promise<number> {
  try {
    await run(process.execPath, [PROBE, ...args], { timeout: 10_000 });
    return 0;
  } catch (error) {
    return (error as { code: number }).code;
  }
}

describe('docker/health-probe.mjs, the images HEALTHCHECK', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/hang') return; // never answers
      response.statusCode = request.url === '/ok' ? 200 : 503;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('exits 0 on a 2xx answer', async () => {
    expect(await probe(`${base}/ok`)).toBe(0);
  });

  test('exits 1 on a 503 (not ready)', async () => {
    expect(await probe(`${base}/ready`)).toBe(1);
  });

  test('exits 1 when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    expect(await probe(`http://127.0.0.1:${port}/health`)).toBe(1);
  });

  test('exits 1 when the answer does not come within its timeout', async () => {
    const started = Date.now();
    expect(await probe(`${base}/hang`)).toBe(1);
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  test('exits 2 with a usage line without a URL', async () => {
    expect(await probe()).toBe(2);
  });
});
