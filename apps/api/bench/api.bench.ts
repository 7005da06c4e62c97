import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { benchArtifacts, TRAINED_TREES } from './bench-models.js';

// Usage: npm run bench:api [-- --duration 5 --rounds 3 --model gb|lr --trees N --scoring-thread on|off]
// Starts the API (src/server.ts) and a bare Fastify route as child processes on 127.0.0.1,
// port 0, and drives each with autocannon from this process. The machine is shared, so the
// bare and API runs alternate for several rounds and the table shows each one's median round.
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    model: { type: 'string', default: 'gb' },
    trees: { type: 'string', default: String(TRAINED_TREES) },
    // Absent: the configured default (api.scoring_thread).
    'scoring-thread': { type: 'string' },
  },
});
const duration = Number(values.duration);
const rounds = Number(values.rounds);
const modelKind = values.model === 'lr' ? 'lr' : 'gb';
const apiDir = fileURLToPath(new URL('..', import.meta.url));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function start(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@churn/source', script], {
    cwd: apiDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}):\n${output}`)));
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  child.stdout?.resume();
  return { child, url };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

interface Row {
  target: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Server CPU time (all threads) per request: robust to other load on a shared machine. */
  cpuUs: number;
}

interface Target {
  name: string;
  url: string;
  body: string;
  /** The server process, for its CPU time. */
  pid: number;
}

/** User + system CPU seconds of a process so far, from /proc (Linux); NaN elsewhere. */
async function cpuSeconds(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted after the ")" of the command name.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
const CLOCK_TICKS = 100;

function load(target: Target, connections: number, seconds: number) {
  return autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: target.body,
    connections,
    duration: seconds,
  });
}

async function measure(target: Target, connections: number): Promise<Row> {
  const cpuBefore = await cpuSeconds(target.pid);
  const result = await load(target, connections, duration);
  const cpu = (await cpuSeconds(target.pid)) - cpuBefore;
  const row = {
    target: target.name,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuUs: (cpu / result.requests.total) * 1e6,
  };
  log(
    `${target.name} c=${connections}: ${Math.round(row.rps)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, errors ${row.errors}, ${Math.round(row.cpuUs)} µs CPU/req`,
  );
  return row;
}

const original = JSON.parse(
  await readFile(
    new URL('../test/fixtures/original-predict-request.json', import.meta.url),
    'utf8',
  ),
) as { user_id: number; features: Record<string, unknown> };
const predictBody = JSON.stringify(original);
const batchBody = JSON.stringify({
  rows: Array.from({ length: 100 }, (_, i) => ({ ...original, user_id: i + 1 })),
});

const trees = Number(values.trees);
const scoringThread = values['scoring-thread'];
log(
  `model: ${modelKind}${modelKind === 'gb' ? ` (${trees} trees)` : ''}, scoring thread ${scoringThread ?? 'as configured'}; ` +
    `${rounds} rounds of ${duration} s per target, after a 2 s warm-up`,
);
const artifacts = await benchArtifacts(modelKind, trees);
const apiEnv: Record<string, string> = {
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'info',
  CHURN_ARTIFACTS_DIR: artifacts,
};
if (scoringThread !== undefined) {
  apiEnv.CHURN_MLOPS_CONFIG = join(artifacts, 'bench-config.yaml');
  await writeFile(
    apiEnv.CHURN_MLOPS_CONFIG,
    `api:\n  scoring_thread: ${scoringThread !== 'off'}\n`,
  );
}
const api = await start('src/server.ts', apiEnv);
const bare = await start('bench/bare-server.ts', {});

const targets: Target[] = [
  {
    name: 'bare /predict',
    url: `${bare.url}/predict`,
    body: predictBody,
    pid: bare.child.pid ?? 0,
  },
  { name: '/predict', url: `${api.url}/predict`, body: predictBody, pid: api.child.pid ?? 0 },
  {
    name: 'bare /predict/batch (100)',
    url: `${bare.url}/predict/batch`,
    body: batchBody,
    pid: bare.child.pid ?? 0,
  },
  {
    name: '/predict/batch (100)',
    url: `${api.url}/predict/batch`,
    body: batchBody,
    pid: api.child.pid ?? 0,
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const rows: Row[] = [];
try {
  for (const target of targets) await load(target, 10, 2); // warm-up: JIT, onnxruntime arenas
  for (const connections of [10, 50]) {
    const runs = new Map<string, Row[]>();
    for (let round = 0; round < rounds; round++) {
      for (const target of targets) {
        const list = runs.get(target.name) ?? [];
        list.push(await measure(target, connections));
        runs.set(target.name, list);
      }
    }
    for (const [target, list] of runs) {
      const rps = median(list.map((row) => row.rps));
      const middle = list.find((row) => row.rps === rps) as Row;
      rows.push({ ...middle, errors: list.reduce((sum, row) => sum + row.errors, 0), target });
    }
  }
} finally {
  await Promise.all([stop(api.child), stop(bare.child)]);
  await rm(artifacts, { recursive: true, force: true });
}

const ratio = (target: string, connections: number): string => {
  const served = rows.find((row) => row.target === target && row.connections === connections);
  const baseline = rows.find(
    (row) => row.target === `bare ${target}` && row.connections === connections,
  );
  return served && baseline ? `${Math.round((100 * served.rps) / baseline.rps)}%` : '';
};
/** Bare CPU per request over the API's: the req/s ratio the API would reach on an idle CPU. */
const cpuRatio = (target: string, connections: number): string => {
  const served = rows.find((row) => row.target === target && row.connections === connections);
  const baseline = rows.find(
    (row) => row.target === `bare ${target}` && row.connections === connections,
  );
  return served && baseline ? `${Math.round((100 * baseline.cpuUs) / served.cpuUs)}%` : '';
};
console.table(
  rows.map((row) => ({
    target: row.target,
    connections: row.connections,
    'req/s': Math.round(row.rps),
    'p50 ms': row.p50,
    'p99 ms': row.p99,
    errors: row.errors,
    'vs bare': row.target.startsWith('bare') ? '' : ratio(row.target, row.connections),
    'CPU µs/req': Math.round(row.cpuUs),
    'vs bare (CPU)': row.target.startsWith('bare') ? '' : cpuRatio(row.target, row.connections),
  })),
);
const predict50 = rows.find((row) => row.target === '/predict' && row.connections === 50);
console.log(
  `goals: /predict >= 60% of bare (10c ${ratio('/predict', 10)}, 50c ${ratio('/predict', 50)}; ` +
    `by CPU per request ${cpuRatio('/predict', 10)}, ${cpuRatio('/predict', 50)}); ` +
    `p99 <= 5 ms at 50c (${predict50?.p99} ms); errors ${rows.reduce((sum, row) => sum + row.errors, 0)}`,
);
