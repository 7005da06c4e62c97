#!/usr/bin/env node
// `npm start`: build, train a first model if the registry has no production model, serve the
// API and say where to go. Ctrl-C stops the running child with SIGTERM and exits with 130.
// The worker's service is not started: batch scoring is a command (`npm run worker -- score`),
// and its job routes take no token, so they should not listen unasked.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { buildQuietly } from './build-quietly.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const READY_TIMEOUT_MS = 120_000;
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 };

// A local demo listens on loopback unless HOST says otherwise.
const env = { ...process.env, HOST: process.env.HOST || '127.0.0.1' };
let child;
let stopping;

for (const signal of Object.keys(SIGNAL_EXIT_CODES)) {
  // npm forwards the terminal's SIGINT too, so one Ctrl-C may arrive twice: act once.
  process.on(signal, () => {
    if (stopping) return;
    stopping = signal;
    process.exitCode = SIGNAL_EXIT_CODES[signal];
    // Children run in their own process group (detached), so the terminal's Ctrl-C reaches
    // only this process and each child gets exactly one SIGTERM, its graceful shutdown.
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
}

try {
  await main();
} catch (error) {
  process.stderr.write(`npm start: ${error.message}\n${error.output ?? ''}`);
  if (!stopping) process.exitCode = 1;
}

async function main() {
  say('building...');
  const started = Date.now();
  await buildQuietly(['@churn/api', '@churn/pipeline']);
  say(`built in ${seconds(started)}`);
  if (stopping) return;

  const { ConfigError, loadConfig } = await import('@churn/config');
  const { openRegistry } = await import('@churn/registry');
  let config;
  try {
    config = loadConfig({ cwd: ROOT, env });
  } catch (error) {
    if (error instanceof ConfigError) throw new Error(error.message);
    throw error;
  }
  const registry = openRegistry({ dir: config.paths.registry, modelsDir: config.paths.models });

  if (!(await registry.production())) {
    say(`no production model in ${config.paths.registry}: running the pipeline`);
    const code = await run('packages/pipeline/dist/cli.js');
    if (stopping) return;
    if (code !== 0) throw new Error(`the pipeline failed (exit code ${code})`);
  }

  const api = `http://${urlHost(config.api.host)}:${config.api.port}`;
  const exited = run('apps/api/dist/server.js');
  const ready = await Promise.race([waitUntilReady(`${api}/ready`), exited.then(() => false)]);
  if (stopping) return void (await exited);
  if (!ready) throw new Error(`the API stopped before it was ready (exit code ${await exited})`);

  const auth = config.api.auth_token ? ` -H "authorization: Bearer $API_TOKEN"` : '';
  const body = '{"user_id": 1, "features": {"plan": "paid", "days_since_last_activity": 16}}';
  process.stdout.write(
    [
      '',
      `  API ready at ${api}`,
      `  docs:    ${api}/docs`,
      `  report:  ${api}/model/report   (the served model's metrics, curves and promotion gate)`,
      `  predict: curl -s ${api}/predict -H 'content-type: application/json'${auth} -d '${body}'`,
      '  batch:   npm run worker -- score   (scores the latest day into data/predictions/)',
      '  Ctrl-C stops the API.',
      '',
      '',
    ].join('\n'),
  );
  const code = await exited;
  if (!stopping && code !== 0) throw new Error(`the API exited with code ${code}`);
}

/** Runs a built entry with node; resolves to its exit code. */
function run(entry) {
  child = spawn(process.execPath, [entry], { cwd: ROOT, env, stdio: 'inherit', detached: true });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGTERM' ? 15 : 1)));
  });
}

async function waitUntilReady(url) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !stopping) {
    if ((await statusOf(url)) === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (stopping) return false;
  throw new Error(`${url} did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`);
}

/**
 * GET without keep-alive: an idle pooled connection would hold the API's graceful drain open
 * until its deadline when Ctrl-C comes. Resolves to the status, or 0 while nothing listens.
 */
function statusOf(url) {
  return new Promise((resolve) => {
    const request = get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(0));
  });
}

/** 0.0.0.0 and :: listen everywhere; a browser or curl on this machine reaches them on loopback. */
function urlHost(host) {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function say(line) {
  process.stdout.write(`npm start: ${line}\n`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
