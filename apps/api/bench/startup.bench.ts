/**
 * Start-up and memory of the built API as the image runs it (the bundle, dist/bundle/server.js)
 * with the production model of the registry: time from spawn to the first 200 of /ready, RSS
 * idle (2 s after ready) and the highest RSS under autocannon's 50 connections on /predict, with
 * api.scoring_thread on and off. Each run is a new process; the table shows medians. On a
 * loaded machine the wall time to ready grows with the load; the CPU time to ready does not.
 *
 *   npm run bench:startup                       # 3 runs each way
 *   npm run bench:startup -- --runs 5 --duration 10
 *   npm run bench:startup -- --server dist/server.js          # the unbundled build
 *   npm run bench:startup -- --node-option=--max-semi-space-size=4
 *
 * Needs `npm run pipeline` first (a promoted model); says so and exits 1 otherwise.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '@churn/config';
import { openRegistry } from '@churn/registry';
import autocannon from 'autocannon';

const GOALS = { readyMs: 700, idleMiB: 120, loadMiB: 160 };
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    // Relative to apps/api.
    server: { type: 'string', default: 'dist/bundle/server.js' },
    'node-option': { type: 'string', multiple: true, default: [] },
  },
});
const runs = Number(values.runs);
const duration = Number(values.duration);
const connections = Number(values.connections);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const server = join(repoRoot, 'apps/api', values.server);
const nodeOptions = values['node-option'];

const { root, file, ...config } = loadConfig({ cwd: repoRoot });
const production = await openRegistry({
  dir: config.paths.registry,
  modelsDir: config.paths.models,
}).production();
if (!production) {
  console.error(`no production model in ${config.paths.registry}\nrun first: npm run pipeline`);
  process.exit(1);
}
const body = readFileSync(
  new URL('../test/fixtures/original-predict-request.json', import.meta.url),
  'utf8',
);

/**
 * User + system CPU milliseconds of a process so far (Linux /proc, 100 ticks a second): the
 * start-up cost that a loaded machine does not inflate, unlike the wall time.
 */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident set size of a process in MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

async function untilReady(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/ready`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Run {
  readyMs: number;
  readyCpuMs: number;
  idleMiB: number;
  loadMiB: number;
  rps: number;
}

async function run(scoringThread: boolean, configFile: string): Promise<Run> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeOptions, server], {
    cwd: repoRoot,
    env: {
      ...process.env,
      CHURN_MLOPS_ROOT: root,
      CHURN_MLOPS_CONFIG: configFile,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await untilReady(url, child);
    const readyMs = performance.now() - started;
    const readyCpuMs = cpuMs(child.pid!);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleMiB = rssMiB(child.pid!);
    let loadMiB = idleMiB;
    const sampler = setInterval(() => {
      loadMiB = Math.max(loadMiB, rssMiB(child.pid!));
    }, 100);
    const result = await autocannon({
      url: `${url}/predict`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections,
      duration,
    });
    clearInterval(sampler);
    loadMiB = Math.max(loadMiB, rssMiB(child.pid!));
    const errors = result.errors + result.timeouts + result.non2xx;
    if (errors > 0)
      throw new Error(`${errors} failed requests with scoring_thread ${scoringThread}`);
    return { readyMs, readyCpuMs, idleMiB, loadMiB, rps: result.requests.average };
  } finally {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const dir = mkdtempSync(join(tmpdir(), 'churn-startup-bench-'));
const rows: Array<Record<string, string | number>> = [];
try {
  for (const scoringThread of [true, false]) {
    // The effective configuration with only api.scoring_thread changed (JSON is YAML).
    const configFile = join(dir, `config-${scoringThread}.yaml`);
    writeFileSync(
      configFile,
      JSON.stringify({ ...config, api: { ...config.api, scoring_thread: scoringThread } }),
    );
    const results: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await run(scoringThread, configFile);
      console.error(
        `scoring_thread ${scoringThread} run ${i + 1}: ready ${result.readyMs.toFixed(0)} ms ` +
          `(${result.readyCpuMs} ms CPU), ` +
          `RSS ${result.idleMiB.toFixed(0)} MiB idle, ${result.loadMiB.toFixed(0)} MiB under load`,
      );
      results.push(result);
    }
    const readyMs = median(results.map((r) => r.readyMs));
    const idleMiB = median(results.map((r) => r.idleMiB));
    const loadMiB = median(results.map((r) => r.loadMiB));
    rows.push({
      scoring_thread: String(scoringThread),
      'ready ms': Math.round(readyMs),
      [`goal <= ${GOALS.readyMs}`]: readyMs <= GOALS.readyMs ? 'yes' : 'no',
      'CPU ms to ready': median(results.map((r) => r.readyCpuMs)),
      'RSS idle MiB': Math.round(idleMiB),
      [`goal <= ${GOALS.idleMiB}`]: idleMiB <= GOALS.idleMiB ? 'yes' : 'no',
      [`RSS ${connections}c MiB`]: Math.round(loadMiB),
      [`goal <= ${GOALS.loadMiB}`]: loadMiB <= GOALS.loadMiB ? 'yes' : 'no',
      'req/s': Math.round(median(results.map((r) => r.rps))),
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `${['node', ...nodeOptions, values.server].join(' ')}; model ${production.entry.version}; ` +
    `medians of ${runs} runs; load average ${loadavg()[0]!.toFixed(1)}`,
);
console.table(rows);
