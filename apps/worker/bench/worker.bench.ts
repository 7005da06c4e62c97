/**
 * Batch scoring benchmark: CSV to CSV with the production model, all 240,000
 * rows (--all-dates) and one date (the latest). Each run is a child process
 * (bench/score-child.ts), so its peak RSS is measured alone.
 * Goal (issue 5): all rows in under 2 s, peak RSS under 300 MB.
 *
 *   npm run bench:worker                    # 3 runs of each
 *   BENCH_RUNS=5 npm run bench:worker
 *   BENCH_MODEL_DIR=<model folder> ...      # a model folder instead of the registry's production
 *   BENCH_THREADS=1 ...                     # onnxruntime intra-op threads (default: worker.intra_op_threads)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '@churn/config';
import { TABLE_FILES } from '@churn/features';
import { openRegistry } from '@churn/registry';

const GOAL_SECONDS = 2;
const GOAL_RSS_MB = 300;
const runs = Number(process.env.BENCH_RUNS ?? '3');
const config = loadConfig();
const input = join(config.paths.features, TABLE_FILES.features);
if (!existsSync(input)) {
  console.error(`missing ${input}\ncreate the data first: npm run pipeline`);
  process.exit(1);
}
if (!process.env.BENCH_MODEL_DIR) {
  const production = await openRegistry({
    dir: config.paths.registry,
    modelsDir: config.paths.models,
  }).production();
  if (!production) {
    console.error(
      `no production model in ${config.paths.registry}\ntrain and promote one first: npm run pipeline`,
    );
    process.exit(1);
  }
}

const child = join(dirname(fileURLToPath(import.meta.url)), 'score-child.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Run {
  model: string;
  rows: number;
  rowsRead: number;
  loadSeconds: number;
  scoreSeconds: number;
  maxRssMB: number;
  wallSeconds: number;
}

function run(allDates: boolean): Run {
  const out = mkdtempSync(join(tmpdir(), 'churn-worker-bench-'));
  try {
    const started = performance.now();
    const stdout = execFileSync(
      process.execPath,
      [
        '--import',
        tsx,
        '--conditions=@churn/source',
        child,
        out,
        ...(allDates ? ['--all-dates'] : []),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const wallSeconds = (performance.now() - started) / 1000;
    return { ...JSON.parse(stdout.trim().split('\n').pop()!), wallSeconds };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(
  `worker bench: ${input}, ${runs} runs each, node ${process.version}, ${cpus().length} cores (shared machine: numbers vary)`,
);
for (const [label, allDates] of [
  ['all rows (--all-dates)', true],
  ['one date (latest)', false],
] as const) {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const result = run(allDates);
    results.push(result);
    console.log(
      `  ${label} run ${i + 1}: ${result.rows} rows scored of ${result.rowsRead} read in ${result.scoreSeconds.toFixed(2)} s (${Math.round(result.rowsRead / result.scoreSeconds).toLocaleString('en')} rows/s read), model load ${result.loadSeconds.toFixed(2)} s, process ${result.wallSeconds.toFixed(2)} s, peak RSS ${result.maxRssMB.toFixed(0)} MB`,
    );
  }
  const seconds = median(results.map((r) => r.scoreSeconds));
  const rss = Math.max(...results.map((r) => r.maxRssMB));
  const rowsRead = results[0]!.rowsRead;
  const verdict = allDates
    ? ` goal < ${GOAL_SECONDS} s: ${seconds < GOAL_SECONDS ? 'met' : 'MISSED'}; RSS < ${GOAL_RSS_MB} MB: ${rss < GOAL_RSS_MB ? 'met' : 'MISSED'}`
    : '';
  console.log(
    `${label}: median ${seconds.toFixed(2)} s, ${Math.round(rowsRead / seconds).toLocaleString('en')} rows/s, peak RSS ${rss.toFixed(0)} MB (model ${results[0]!.model}).${verdict}`,
  );
}
