#!/usr/bin/env node
/**
 * The worker's process edge, as the API's server.ts: parses the command line, loads the
 * configuration, runs one command, sets the exit code; for `serve` it builds the app (app.ts),
 * listens and installs the signal handlers. Nothing else in the worker touches `process`.
 */
import { ConfigError, loadConfig, type ResolvedConfig } from '@churn/config';
import { openRegistry } from '@churn/registry';
import closeWithGrace from 'close-with-grace';
import { parseWorkerArgs, resolveShard, USAGE, type WorkerCommand } from './cli/args.js';
import { printAccuracy, printDrift, printRetrain, printScore, printShard } from './cli/report.js';
import { churnErrorCode, WorkerError } from './errors.js';
import { closeGracefully } from './plugins/app/shutdown.js';
import { type ProductionModels, productionModels } from './production-models.js';
import { createTasks } from './tasks.js';

const DRIFT_FAIL_EXIT = 2;
/** sysexits EX_CONFIG, as for CHURN_ERR_UNKNOWN_MONITORED_FEATURE. */
const CONFIG_EXIT = 78;

async function main(argv: readonly string[]): Promise<number> {
  let command: WorkerCommand;
  try {
    command = parseWorkerArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return (error as WorkerError).exitCode ?? 64;
  }
  if (command.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  const models = productionModels(
    openRegistry({ dir: config.paths.registry, modelsDir: config.paths.models }),
    // Loaded on first use; by default onnxruntime runs in a worker thread while this one parses CSV.
    async (modelDir) => {
      const options = { intraOpNumThreads: config.worker.intra_op_threads };
      return config.worker.scoring_thread
        ? (await import('@churn/scorer/thread')).ThreadedScorer.load(modelDir, options)
        : (await import('@churn/scorer')).loadScorer(modelDir, options);
    },
  );
  const tty = process.stderr.isTTY === true;
  const tasks = createTasks(config, models, {
    onProgress: (rows) => {
      if (tty) process.stderr.write(`\rscoring: ${rows.toLocaleString('en')} rows read`);
    },
  });
  switch (command.command) {
    case 'score': {
      // On a terminal the row count updates in place; in CI one line per step.
      const step = (text: string) => {
        if (!tty) console.error(`score: ${text}`);
      };
      const shard = command.shard && resolveShard(command.shard, process.env);
      try {
        step('loading the production model');
        const scorer = await models.ensure();
        step(
          `scoring${shard ? ` shard ${shard.index}/${shard.count}` : ''} with ${scorer.version}`,
        );
        if (shard) {
          const part = await tasks.scoreShard(command, shard);
          if (tty) process.stderr.write('\n');
          printShard(part);
          return 0;
        }
        const summary = await tasks.score(command);
        step('outputs written');
        if (tty) process.stderr.write('\n');
        printScore(summary);
        return 0;
      } finally {
        await models.close();
      }
    }
    case 'merge':
      printScore(await tasks.merge(command));
      return 0;
    case 'drift': {
      if (!tty) console.error("drift: reading the model's reference profile and the features");
      try {
        const report = await tasks.drift(command);
        printDrift(report);
        return report.status === 'FAIL' ? DRIFT_FAIL_EXIT : 0;
      } finally {
        await models.close();
      }
    }
    case 'retrain': {
      if (!tty) console.error('retrain: validate, prepare, features, labels, train, promote');
      try {
        printRetrain(await tasks.retrain());
        return 0;
      } finally {
        await models.close();
      }
    }
    case 'accuracy':
      printAccuracy(await tasks.accuracy());
      return 0;
    case 'shift-demo': {
      const result = await tasks.shiftDemo(command);
      console.log(
        [
          `wrote ${result.rows} rows of ${result.asOfDate} with a known shift to ${result.file}`,
          `  shifted: ${result.shifted.join(', ')}`,
          `  next: npm run worker -- drift --input ${result.file}`,
        ].join('\n'),
      );
      return 0;
    }
    case 'serve':
      await serve(config, models, tasks);
      return 0;
  }
}

async function serve(
  config: ResolvedConfig,
  models: ProductionModels,
  tasks: ReturnType<typeof createTasks>,
): Promise<void> {
  tasks.checkConfig();
  const token = jobToken(config);
  await tasks.removeStaleTemporaryFiles();
  const { buildWorkerApp } = await import('./app.js');
  const app = await buildWorkerApp({
    tasks,
    models,
    schedule: config.worker.schedule,
    driftOnSchedule: config.worker.drift_on_schedule,
    ...(config.retrain.enabled && { retrainSchedule: config.retrain.schedule }),
    retrainOnDriftFail: config.retrain.enabled && config.retrain.on_drift_fail,
    shutdownTimeoutMs: config.worker.shutdown_timeout_ms,
    logger: { level: config.app.log_level },
    access: { token, allowedOrigins: config.worker.allowed_origins },
    shownPaths: [
      { dir: config.paths.data, as: 'data' },
      { dir: config.paths.artifacts, as: 'artifacts' },
      { dir: config.root, as: '.' },
    ],
  });
  if (token === null) {
    app.log.warn(
      { host: config.worker.host },
      'the job API has no token (loopback host or worker.allow_unauthenticated): see SECURITY.md',
    );
  }
  // The grace delay covers the drain, the job deadline and time to abort the job and close.
  closeWithGrace(
    { delay: DRAIN_MS + SETTLE_MS + config.worker.shutdown_timeout_ms + 5_000, logger: app.log },
    async ({ signal, err }) => {
      if (err) app.log.error({ err }, 'closing after an error');
      else app.log.info({ signal }, 'closing: draining, then waiting for a running job');
      await closeGracefully(app, { drainMs: DRAIN_MS, settleMs: SETTLE_MS });
      app.log.info('closed');
    },
  );
  await app.listen({ host: config.worker.host, port: config.worker.port });
  const next = app.worker.schedule?.nextRun();
  app.log.info({ schedule: config.worker.schedule, nextRun: next?.toISOString() }, 'scheduled');
}

/** On SIGTERM: how long the service drains before its listener closes (see closeGracefully). */
const DRAIN_MS = 1_000;
/** Then how long answers still on their way may take before the remaining connections close. */
const SETTLE_MS = 1_000;

/**
 * The job API's bearer token. Without one, `serve` starts only on a loopback host
 * (reachable from this machine; browsers are refused by the Origin check) or when
 * worker.allow_unauthenticated is set (a local demo, e.g. compose on 127.0.0.1).
 */
function jobToken(config: ResolvedConfig): string | null {
  if (config.worker.auth_token !== '') return config.worker.auth_token;
  if (config.worker.allow_unauthenticated || isLoopback(config.worker.host)) return null;
  throw new WorkerError(
    'CHURN_ERR_NO_TOKEN',
    `the job API listens on ${config.worker.host} without a token: set WORKER_TOKEN or ` +
      'WORKER_TOKEN_FILE (e.g. openssl rand -hex 32), or WORKER_ALLOW_UNAUTHENTICATED=true ' +
      'for a local demo (see SECURITY.md)',
  );
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = churnErrorCode(error);
    if (code) {
      console.error(`error ${code}: ${(error as Error).message}`);
    } else {
      console.error(error);
    }
    process.exitCode =
      error instanceof WorkerError
        ? error.exitCode
        : error instanceof ConfigError
          ? CONFIG_EXIT
          : 1;
  },
);
