/**
 * Sharded scoring benchmark of the built CLI: a one-shot `score` of the latest day against
 * 2 shard processes run in parallel (`score --shard 0/2`, `score --shard 1/2`) followed by
 * `merge --shards 2`, wall time from the first process start to the last exit. The input is
 * larger than the default data: the pipeline's users tiled BENCH_TILE times (10: 20,000 users
 * from 2,000) with new user ids, over the last BENCH_DAYS days (30). Checks that the merged
 * predictions and top file equal the one-shot files byte for byte.
 *
 *   npm run bench:worker              # worker.bench.ts, then this; 3 runs of each
 *   BENCH_RUNS=5 BENCH_TILE=20 npx tsx --conditions=@churn/source apps/worker/bench/sharded.bench.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { loadConfig } from '@churn/config';
import { TABLE_FILES } from '@churn/features';

const runs = Number(process.env.BENCH_RUNS ?? '3');
const tile = Number(process.env.BENCH_TILE ?? '10');
const days = Number(process.env.BENCH_DAYS ?? '30');
/** Tile k's users get user_id + k * ID_STRIDE: apart from every pipeline id. */
const ID_STRIDE = 10_000_000;
const config = loadConfig();
const source = join(config.paths.features, TABLE_FILES.features);
if (!existsSync(source)) {
  console.error(`missing ${source}\ncreate the data first: npm run pipeline`);
  process.exit(1);
}

execFileSync(
  'npx',
  ['turbo', 'run', 'build', '--output-logs=errors-only', '--filter=@churn/worker'],
  {
    cwd: config.root,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const main = join(config.root, 'apps', 'worker', 'dist', 'server.js');
const dir = mkdtempSync(join(tmpdir(), 'churn-sharded-bench-'));

/** The last `days` days of the features file, its users tiled `tile` times. */
async function tiledInput(): Promise<{ file: string; users: number; rows: number }> {
  const lines: string[] = [];
  let header = '';
  let latest = '';
  for await (const line of createInterface({ input: createReadStream(source) })) {
    if (!header) {
      header = line;
      continue;
    }
    const date = line.split(',', 2)[1]!;
    if (date > latest) latest = date;
    lines.push(line);
  }
  const cutoff = new Date(Date.parse(`${latest}T00:00:00Z`) - (days - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const kept = lines.filter((line) => line.split(',', 2)[1]! >= cutoff);
  const file = join(dir, 'user_features_daily.csv');
  const out = createWriteStream(file);
  out.write(`${header}\n`);
  for (let k = 0; k < tile; k++) {
    let chunk = '';
    for (const line of kept) {
      const comma = line.indexOf(',');
      chunk += `${Number(line.slice(0, comma)) + k * ID_STRIDE}${line.slice(comma)}\n`;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk))
          await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        chunk = '';
      }
    }
    out.write(chunk);
  }
  out.end();
  await finished(out);
  const users = new Set(kept.map((line) => line.slice(0, line.indexOf(',')))).size * tile;
  return { file, users, rows: kept.length * tile };
}

/** Runs the worker CLI; resolves with its exit (rejects on failure). */
function worker(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], {
      cwd: config.root,
      env: { ...process.env, CHURN_MLOPS_ROOT: config.root, CI: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`worker ${args.join(' ')}: exit ${code}\n${stderr}`)),
    );
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

const sameBytes = (a: string, b: string) => readFileSync(a).equals(readFileSync(b));
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  const input = await tiledInput();
  console.log(
    `sharded scoring bench: ${input.users.toLocaleString('en')} users (${tile} x the pipeline's) over ${days} days, ` +
      `${input.rows.toLocaleString('en')} rows, ${runs} runs, node ${process.version}, ${cpus().length} cores, ` +
      `load average ${loadavg()[0]!.toFixed(1)} (shared machine: numbers vary)`,
  );
  const oneShot: number[] = [];
  const sharded: number[] = [];
  const merges: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const one = join(dir, `one-${run}`);
    const two = join(dir, `two-${run}`);
    oneShot.push(await timed(() => worker(['score', '--input', input.file, '--out', one])));
    let merge = 0;
    sharded.push(
      await timed(async () => {
        await Promise.all(
          [0, 1].map((i) =>
            worker(['score', '--input', input.file, '--out', two, '--shard', `${i}/2`]),
          ),
        );
        merge = await timed(() => worker(['merge', '--shards', '2', '--out', two]));
      }),
    );
    merges.push(merge);
    const files = readdirSync(one).filter((name) => name.endsWith('.csv'));
    const identical = files.every((name) => sameBytes(join(one, name), join(two, name)));
    console.log(
      `  run ${run}: one-shot ${oneShot.at(-1)!.toFixed(2)} s; 2 shards in parallel + merge ${sharded.at(-1)!.toFixed(2)} s ` +
        `(merge ${merge.toFixed(2)} s); ${files.join(', ')} byte-identical: ${identical ? 'yes' : 'NO'}`,
    );
    if (!identical) process.exitCode = 1;
    rmSync(one, { recursive: true });
    rmSync(two, { recursive: true });
  }
  console.log(
    `latest day of ${input.users.toLocaleString('en')} users: one-shot median ${median(oneShot).toFixed(2)} s, ` +
      `2 shards + merge median ${median(sharded).toFixed(2)} s (merge ${median(merges).toFixed(2)} s), ` +
      `process wall times including node start and model load.`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
