// Benchmark of the training pipeline: each step's wall time, CPU time and peak memory (RSS),
// the total, and both models' test metrics.
//   npm run bench:pipeline                    all steps in one process, as `npm run pipeline`
//   npm run bench:pipeline -- --isolated      each step in its own process, reading its input files
//   npm run bench:pipeline -- --n-users 20000 another size (config generate.n_users)
//   npm run bench:pipeline -- --n-users 2000 --n-users 20000   each size in its own process
//   npm run bench:pipeline -- --churn-trend 4 data whose churn rate rises (generate.churn_trend)
//   npm run bench:scale                        2,000, 20,000 and 100,000 users (~10 min, ~8 GB)
// Data and artifacts go to a temporary folder (removed afterwards unless --keep).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '@churn/config';
import { PIPELINE_STEPS, type RunReporter, runPipeline } from '../src/index.js';

const { values: flags } = parseArgs({
  options: {
    isolated: { type: 'boolean' },
    keep: { type: 'boolean' },
    'n-users': { type: 'string', multiple: true },
    'churn-trend': { type: 'string' },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const sizes = (flags['n-users'] ?? []).map(Number);
if (sizes.length > 1) {
  // One process a size, so each size's peak RSS is its own.
  const others = process.argv
    .slice(2)
    .filter((arg, i, all) => arg !== '--n-users' && all[i - 1] !== '--n-users');
  for (const size of sizes) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), ...others, '--n-users', String(size)],
      { stdio: 'inherit' },
    );
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
  process.exit(0);
}
const scratch = mkdtempSync(join(tmpdir(), 'churn-bench-'));
const paths = { data: join(scratch, 'data'), artifacts: join(scratch, 'artifacts') };
const generate = {
  ...(sizes.length === 1 ? { n_users: sizes[0]! } : {}),
  ...(flags['churn-trend'] === undefined ? {} : { churn_trend: Number(flags['churn-trend']) }),
};
const config = loadConfig({ overrides: { paths, generate } });
const MB = 1024 * 1024;

interface Row {
  step: string;
  seconds: number;
  /** CPU time of the process (all its threads): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  peakMb: number;
  summary: string;
}

/** All steps in this process; a worker thread samples RSS every 5 ms, busy main thread or not. */
async function inProcess(): Promise<Row[]> {
  const peak = new Float64Array(new SharedArrayBuffer(8));
  const sampler = new Worker(
    `const { workerData } = require('node:worker_threads');
     const peak = new Float64Array(workerData);
     setInterval(() => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; }, 5);`,
    { eval: true, workerData: peak.buffer },
  );
  sampler.unref();
  const rows: Row[] = [];
  let cpu = process.cpuUsage();
  let finishedAt = performance.now();
  const reporter: RunReporter = {
    stepStarted: () => {
      peak[0] = process.memoryUsage.rss();
      cpu = process.cpuUsage();
    },
    stepFinished: (step, result, seconds) => {
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      const peakMb = Math.max(peak[0]!, process.memoryUsage.rss()) / MB;
      rows.push({ step: step.name, seconds, cpuSeconds, peakMb, summary: result.summary });
      finishedAt = performance.now();
      cpu = process.cpuUsage();
      peak[0] = process.memoryUsage.rss();
    },
    stepFailed: () => {},
    log: (_step, line) => {
      const fit = /^(\w+): pr_auc .* trained in ([\d.]+) s/.exec(line);
      if (fit) fitSeconds.set(fit[1]!, fit[2]!);
    },
    progress: { start() {}, update() {} },
  };
  await runPipeline({ config, steps: PIPELINE_STEPS, reporter });
  // The steps hand their large tables to a writer thread; what it had left after the last
  // step is waited for before runPipeline returns, and counts in the total.
  const lastStep = rows.at(-1);
  const tail = (performance.now() - finishedAt) / 1000;
  const used = process.cpuUsage(cpu);
  rows.push({
    step: '(files)',
    seconds: tail,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakMb: Math.max(peak[0]!, process.memoryUsage.rss()) / MB,
    summary: `the tables still being written after ${lastStep?.step ?? 'the last step'}`,
  });
  await sampler.terminate();
  return rows;
}

/** Each step as `cli --only <step>` in a child process; the child reports its max RSS at exit. */
function isolated(): Row[] {
  const configFile = join(scratch, 'config.yaml');
  writeFileSync(
    configFile,
    `paths:\n  data: ${paths.data}\n  artifacts: ${paths.artifacts}\n` +
      `generate: ${JSON.stringify({ ...config.generate })}\n`,
  );
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const cli = join(here, '..', 'src', 'cli.ts');
  const report = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('MAXRSS_KB '+u.maxRSS+' CPU_US '+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;
  return PIPELINE_STEPS.map((step) => {
    const started = performance.now();
    const child = spawnSync(
      process.execPath,
      ['--import', report, '--import', tsx, '--conditions=@churn/source', cli, '--only', step.name],
      { encoding: 'utf8', env: { ...process.env, CI: 'true', CHURN_MLOPS_CONFIG: configFile } },
    );
    const seconds = (performance.now() - started) / 1000;
    if (child.status !== 0) throw new Error(`step ${step.name} failed:\n${child.stderr}`);
    const kb = Number(/MAXRSS_KB (\d+)/.exec(child.stderr)?.[1] ?? Number.NaN);
    const cpuSeconds = Number(/CPU_US (\d+)/.exec(child.stderr)?.[1] ?? Number.NaN) / 1e6;
    const summary = new RegExp(`${step.name} ok [\\d.]+s: (.*)`).exec(child.stderr)?.[1] ?? '';
    const inner = Number(
      new RegExp(`${step.name} ok ([\\d.]+)s`).exec(child.stderr)?.[1] ?? Number.NaN,
    );
    return {
      step: step.name,
      seconds,
      cpuSeconds,
      peakMb: kb / 1024,
      summary: `step ${inner.toFixed(2)}s; ${summary}`,
    };
  });
}

function table(rows: Row[], title: string): string {
  const total = rows.reduce((sum, row) => sum + row.seconds, 0);
  const cpuTotal = rows.reduce((sum, row) => sum + row.cpuSeconds, 0);
  const peak = Math.max(...rows.map((row) => row.peakMb));
  const lines = [
    ['step', 'wall s', 'CPU s', 'peak RSS MB', 'result'],
    ...rows.map((row) => [
      row.step,
      row.seconds.toFixed(2),
      row.cpuSeconds.toFixed(2),
      row.peakMb.toFixed(0),
      row.summary,
    ]),
    ['total', total.toFixed(2), cpuTotal.toFixed(2), peak.toFixed(0), ''],
  ];
  const widths = [0, 1, 2, 3].map((col) => Math.max(...lines.map((line) => line[col]!.length)));
  const format = (line: string[]) =>
    line
      .map((cell, col) =>
        col < 4 ? (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)) : cell,
      )
      .join('  ');
  return [title, format(lines[0]!), ...lines.slice(1).map(format)].join('\n');
}

/** Fit seconds by model, from the train step's log ("<name>: pr_auc ..., trained in 1.2 s"). */
const fitSeconds = new Map<string, string>();

/** Both models' test metrics and training figures, from the metrics JSON files of the run. */
function modelLines(): string[] {
  return readdirSync(config.paths.metrics)
    .sort()
    .map((file) => {
      const m = JSON.parse(readFileSync(join(config.paths.metrics, file), 'utf8'));
      const t = m.training;
      const detail =
        m.name === 'gradient_boosting'
          ? `${t.best_iteration} of ${t.iterations} rounds kept`
          : `${t.iterations} Newton iterations, converged ${t.converged}`;
      const seconds = fitSeconds.get(m.name);
      const fit = seconds === undefined ? '' : `, fit ${seconds} s`;
      return `${m.name.padEnd(20)} pr_auc ${m.pr_auc.toFixed(4)}  roc_auc ${m.roc_auc.toFixed(4)}  ${m.train_rows} train rows, ${detail}${fit}`;
    });
}

try {
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  console.log(
    `pipeline benchmark: ${config.generate.n_users} users x ${config.generate.days} days, ` +
      `${cpus().length} CPUs, load average ${load} (the machine may be shared)`,
  );
  const rows = flags.isolated ? isolated() : await inProcess();
  console.log(
    table(
      rows,
      flags.isolated
        ? 'each step alone (child process incl. ~0.5-1 s tsx start-up; input read from files):'
        : 'one process, steps handing data on in memory (as npm run pipeline):',
    ),
  );
  console.log(modelLines().join('\n'));
} finally {
  if (!flags.keep) rmSync(scratch, { recursive: true, force: true });
  else console.log(`kept ${scratch}`);
}
