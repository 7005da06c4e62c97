import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START = join(ROOT, 'scripts', 'start.mjs');
const PREDICT_BODY = readFileSync(
  join(ROOT, 'scripts', 'fixtures', 'predict-request.json'),
  'utf8',
);
const dir = mkdtempSync(join(tmpdir(), 'churn-start-'));
// Small synthetic data keeps the first run's pipeline to seconds.
const configFile = join(dir, 'config.yaml');
writeFileSync(configFile, 'generate:\n  n_users: 300\n  days: 75\n');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `npm start`'s script; resolves once it prints the ready banner. */
async function start() {
  const port = await freePort();
  const child = spawn(process.execPath, [START], {
    cwd: ROOT,
    env: {
      ...process.env,
      CHURN_MLOPS_CONFIG: configFile,
      CHURN_DATA_DIR: join(dir, 'data'),
      CHURN_ARTIFACTS_DIR: join(dir, 'artifacts'),
      PORT: String(port),
      HOST: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('API ready at')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    exited.then(() => {
      clearInterval(timer);
      reject(new Error(`npm start exited before ready:\n${output}`));
    });
  });
  return { child, exited, url: `http://127.0.0.1:${port}`, output: () => output };
}

describe('npm start', { timeout: 300_000 }, () => {
  it('without a model: runs the pipeline, serves /predict, and stops on SIGINT with 130', async () => {
    const { child, exited, url, output } = await start();
    expect(output()).toContain('no production model');
    expect(output()).toContain(`curl -s ${url}/predict`);

    const response = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: PREDICT_BODY,
    });
    expect(response.status).toBe(200);
    const prediction = await response.json();
    expect(prediction.churn_risk).toBeGreaterThanOrEqual(0);
    expect(prediction.churn_risk).toBeLessThanOrEqual(1);

    // The ready block names the model report, and the first run's model has one.
    expect(output()).toContain(`${url}/model/report`);
    const report = await fetch(`${url}/model/report`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await report.text()).toContain('data-chart="precision-recall"');

    child.kill('SIGINT');
    expect(await exited).toEqual({ code: 130, signal: null });
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('with a production model: skips the pipeline', async () => {
    const { child, exited, output } = await start();
    expect(output()).not.toContain('no production model');
    expect(output()).not.toMatch(/\[\d+\/\d+\] generate/);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 143, signal: null });
  });
});
