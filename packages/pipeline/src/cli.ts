#!/usr/bin/env node
// The pipeline's command line: parses flags, loads config, runs the steps, prints the models.
import { parseArgs } from 'node:util';
import { type Config, ConfigError, type DeepPartial, loadConfig } from '@churn/config';
import { FeaturesError } from '@churn/features';
import { IoError } from '@churn/io';
import { createReporter } from './cli/reporter.js';
import { formatSummaryTable } from './cli/summary-table.js';
import { PipelineError } from './errors.js';
import { readModelSummary } from './model-summary.js';
import { isStepName, runPipeline, selectSteps } from './runner.js';
import { STEP_NAMES } from './step.js';
import { PIPELINE_STEPS } from './step-list.js';

const USAGE = `Usage: npm run pipeline -- [options]

Runs the training pipeline: ${STEP_NAMES.join(', ')}.

Options:
  --from <step>         start at this step and run the rest
  --only <step>         run only this step
  --n-users <n>         generate: number of users        (config generate.n_users)
  --days <n>            generate: days of events          (config generate.days)
  --seed <n>            generate: random seed             (config generate.seed)
  --start-date <date>   generate: first day, YYYY-MM-DD   (config generate.start_date)
  -h, --help            show this help

Configuration: config/config.yaml, or the file in CHURN_MLOPS_CONFIG.
Exit codes: 0 done, 1 invalid input or configuration (every problem listed), 2 usage error.`;

function parseCommandLine(argv: string[]) {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new PipelineError(
      'CHURN_ERR_PIPELINE_USAGE',
      error instanceof Error ? error.message : String(error),
    );
  }
  const { values } = parsed;
  for (const flag of ['from', 'only'] as const) {
    const name = values[flag];
    if (name !== undefined && !isStepName(name)) {
      throw new PipelineError(
        'CHURN_ERR_PIPELINE_USAGE',
        `--${flag}: unknown step "${name}" (steps: ${STEP_NAMES.join(', ')})`,
      );
    }
  }
  if (values.from !== undefined && values.only !== undefined) {
    throw new PipelineError('CHURN_ERR_PIPELINE_USAGE', 'use --from or --only, not both');
  }
  const generate: Record<string, string> = {};
  if (values['n-users'] !== undefined) generate.n_users = values['n-users'];
  if (values.days !== undefined) generate.days = values.days;
  if (values.seed !== undefined) generate.seed = values.seed;
  if (values['start-date'] !== undefined) generate.start_date = values['start-date'];
  // Strings are converted and checked by the config schema, which lists every bad value.
  const overrides = (Object.keys(generate).length > 0 ? { generate } : {}) as DeepPartial<Config>;
  return { help: values.help === true, from: values.from, only: values.only, overrides };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    options: {
      from: { type: 'string' },
      only: { type: 'string' },
      'n-users': { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      'start-date': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseCommandLine>;
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof PipelineError && error.code === 'CHURN_ERR_PIPELINE_USAGE')) throw error;
    process.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const config = loadConfig({ overrides: options.overrides });
    const selection = { from: options.from as never, only: options.only as never };
    const { run, missing } = selectSteps(PIPELINE_STEPS, selection);
    const interactive = process.stderr.isTTY === true && process.env.CI !== 'true';
    const reporter = createReporter(process.stderr, interactive);
    if (missing.length > 0) {
      process.stderr.write(`note: not in this build, skipped: ${missing.join(', ')}\n`);
    }
    const started = performance.now();
    await runPipeline({ config, steps: PIPELINE_STEPS, ...selection, reporter });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    process.stderr.write(`done: ${run.map((step) => step.name).join(', ')} in ${seconds}s\n`);

    const trained = run.some((step) => step.name === 'train' || step.name === 'promote');
    const summary = await readModelSummary(config.paths);
    if (trained && summary.rows.length === 0) {
      throw new PipelineError(
        'CHURN_ERR_NO_MODELS',
        `train/promote ran but no models were found in ${config.paths.registry} or ${config.paths.metrics}`,
      );
    }
    process.stdout.write(`\n${formatSummaryTable(summary)}\n`);
    return 0;
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof PipelineError ||
      error instanceof FeaturesError ||
      error instanceof IoError
    ) {
      process.stderr.write(`error [${error.code}]: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
