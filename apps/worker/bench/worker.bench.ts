/**
 * Batch scoring benchmark of the built CLI, exactly as `npm run worker -- score` runs:
 * CSV to CSV with the production model, all 240,000 rows (--all-dates) and one date
 * (the latest). Each run is its own process under /usr/bin/time, which gives its
 * peak RSS; outputs and the summary go to a temp folder (a temp config file moves
 * paths.metrics), so real predictions and metrics stay untouched.
 * Goal (issue 5): all rows in under 2 s, peak RSS under 300 MB.
 *
 *   npm run bench:worker            # 3 runs of each
 *   BENCH_RUNS=5 npm run bench:worker
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@churn/config';
import { TABLE_FILES } from '@churn/features';
import { openRegistry } from '@churn/registry';

const GOAL_SECONDS = 2;
const GOAL_RSS_MB = 300;
const TIME = '/usr/bin/time';
const runs = Number(process.env.BENCH_RUNS ?? '3');
const config = loadConfig();
const input = join(config.paths.features, TABLE_FILES.features);
if (!existsSync(input)) {
  console.error(`missing ${input}\ncreate the data first: npm run pipeline`);
  process.exit(1);
}
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

execFileSync(
  'npx',
  ['turbo', 'run', 'build', '--output-logs=errors-only', '--filter=@churn/worker'],
  {
    cwd: config.root,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const main = join(config.root, 'apps', 'worker', 'dist', 'server.js');
const hasTime = existsSync(TIME);

interface Run {
  rows: number;
  rowsRead: number;
  scoreSeconds: number;
  wallSeconds: number;
  /** User + system CPU of the process: less sensitive than wall time to a busy machine. */
  cpuSeconds: number | null;
  maxRssMB: number | null;
}

function run(allDates: boolean): Run {
  const dir = mkdtempSync(join(tmpdir(), 'churn-worker-bench-'));
  try {
    const { root: _root, file: _file, ...settings } = config;
    const configFile = join(dir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({ ...settings, paths: { ...settings.paths, metrics: join(dir, 'metrics') } }),
    );
    const args = [
      main,
      'score',
      '--out',
      join(dir, 'predictions'),
      ...(allDates ? ['--all-dates'] : []),
    ];
    const started = performance.now();
    const result = spawnSync(
      hasTime ? TIME : process.execPath,
      hasTime ? ['-f', 'maxrss_kb=%M cpu_s=%U+%S', process.execPath, ...args] : args,
      {
        cwd: config.root,
        env: {
          ...process.env,
          CHURN_MLOPS_CONFIG: configFile,
          CHURN_MLOPS_ROOT: config.root,
          CI: 'true',
        },
        encoding: 'utf8',
      },
    );
    const wallSeconds = (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`worker score failed:\n${result.stderr}`);
    const rss = /maxrss_kb=(\d+)/.exec(result.stderr);
    const cpu = /cpu_s=([\d.]+)\+([\d.]+)/.exec(result.stderr);
    const [summaryFile] = readdirSync(join(dir, 'metrics'));
    const summary = JSON.parse(readFileSync(join(dir, 'metrics', summaryFile!), 'utf8'));
    return {
      rows: summary.rows,
      rowsRead: summary.input.rowsRead,
      scoreSeconds: summary.durationSeconds,
      wallSeconds,
      cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : null,
      maxRssMB: rss ? Number(rss[1]) / 1024 : null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (value: number | null) =>
  value === null ? 'n/a (no /usr/bin/time)' : `${value.toFixed(0)} MB`;

console.log(
  `worker bench: ${input}, model ${production.entry.version}, ${runs} runs each, node ${process.version}, ` +
    `scoring thread ${config.worker.scoring_thread ? 'on' : 'off'}, intra-op threads ${config.worker.intra_op_threads}, ` +
    `${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} (shared machine: numbers vary)`,
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
      `  ${label} run ${i + 1}: ${result.rows} rows scored of ${result.rowsRead} read in ${result.scoreSeconds.toFixed(2)} s ` +
        `(process ${result.wallSeconds.toFixed(2)} s wall, ${result.cpuSeconds?.toFixed(2) ?? 'n/a'} s CPU), peak RSS ${mb(result.maxRssMB)}`,
    );
  }
  const seconds = median(results.map((r) => r.scoreSeconds));
  const rssValues = results.flatMap((r) => (r.maxRssMB === null ? [] : [r.maxRssMB]));
  const rss = rssValues.length > 0 ? Math.max(...rssValues) : null;
  const rowsRead = results[0]!.rowsRead;
  const verdict = allDates
    ? ` Goal < ${GOAL_SECONDS} s: ${seconds < GOAL_SECONDS ? 'met' : 'MISSED'}; RSS < ${GOAL_RSS_MB} MB: ${rss === null ? 'unknown' : rss < GOAL_RSS_MB ? 'met' : 'MISSED'}.`
    : '';
  console.log(
    `${label}: median ${seconds.toFixed(2)} s = ${Math.round(rowsRead / seconds).toLocaleString('en')} rows/s read, ` +
      `${Math.round(results[0]!.rows / seconds).toLocaleString('en')} rows/s scored, peak RSS ${mb(rss)}.${verdict}`,
  );
}
