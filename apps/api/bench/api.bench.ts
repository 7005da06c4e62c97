import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { benchArtifacts } from './bench-models.js';

// Usage: npm run bench:api [-- --duration 10 --model gb|lr]
// Starts the API (src/server.ts) and a bare Fastify route as child processes on 127.0.0.1,
// port 0, and drives each with autocannon from this process.
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    model: { type: 'string', default: 'gb' },
  },
});
const duration = Number(values.duration);
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
}

async function measure(
  target: string,
  url: string,
  body: string,
  connections: number,
): Promise<Row> {
  const options = {
    url,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body,
    connections,
  };
  await autocannon({ ...options, duration: 2 }); // warm-up: JIT, onnxruntime arenas
  const result = await autocannon({ ...options, duration });
  const row = {
    target,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
  log(
    `${target} c=${connections}: ${Math.round(row.rps)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, errors ${row.errors}`,
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

log(`model: ${modelKind}; ${duration} s per run after 2 s warm-up`);
const artifacts = await benchArtifacts(modelKind);
const api = await start('src/server.ts', {
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'info',
  CHURN_ARTIFACTS_DIR: artifacts,
});
const bare = await start('bench/bare-server.ts', {});

const rows: Row[] = [];
try {
  for (const connections of [10, 50]) {
    rows.push(await measure('bare /predict', `${bare.url}/predict`, predictBody, connections));
    rows.push(await measure('/predict', `${api.url}/predict`, predictBody, connections));
    rows.push(
      await measure(
        'bare /predict/batch (100)',
        `${bare.url}/predict/batch`,
        batchBody,
        connections,
      ),
    );
    rows.push(
      await measure('/predict/batch (100)', `${api.url}/predict/batch`, batchBody, connections),
    );
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
console.table(
  rows.map((row) => ({
    target: row.target,
    connections: row.connections,
    'req/s': Math.round(row.rps),
    'p50 ms': row.p50,
    'p99 ms': row.p99,
    errors: row.errors,
    'vs bare': row.target.startsWith('bare') ? '' : ratio(row.target, row.connections),
  })),
);
const predict50 = rows.find((row) => row.target === '/predict' && row.connections === 50);
console.log(
  `goals: /predict >= 60% of bare (10c ${ratio('/predict', 10)}, 50c ${ratio('/predict', 50)}); ` +
    `p99 <= 5 ms at 50c (${predict50?.p99} ms); errors ${rows.reduce((sum, row) => sum + row.errors, 0)}`,
);
