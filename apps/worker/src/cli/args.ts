import { parseArgs } from 'node:util';
import { WorkerError } from '../errors.js';
import { isShardCount, MAX_SHARDS, parseShard, type Shard } from '../score/shard.js';

export interface ScoreArgs {
  readonly command: 'score';
  readonly date?: string;
  readonly input?: string;
  readonly out?: string;
  readonly topK?: number;
  readonly allDates: boolean;
  readonly skipInvalid: boolean;
  readonly includeChurned?: true;
  /**
   * Score one shard of the users into a part file. `index` is absent with `--shards n`:
   * it comes from JOB_COMPLETION_INDEX (`resolveShard`).
   */
  readonly shard?: { readonly index?: number; readonly count: number };
}

export interface MergeArgs {
  readonly command: 'merge';
  readonly shards: number;
  readonly date?: string;
  readonly allDates: boolean;
  readonly out?: string;
  readonly topK?: number;
}

export interface DriftArgs {
  readonly command: 'drift';
  readonly date?: string;
  readonly input?: string;
  readonly reference?: string;
  readonly includeChurned?: true;
}

export interface ShiftDemoArgs {
  readonly command: 'shift-demo';
  readonly date?: string;
  readonly input?: string;
  readonly out?: string;
}

export type WorkerCommand =
  | ScoreArgs
  | MergeArgs
  | DriftArgs
  | ShiftDemoArgs
  | { readonly command: 'serve' | 'retrain' | 'accuracy' | 'help' };

export const USAGE = `Usage: npm run worker -- <command> [options]

Commands:
  score   Score one day of the features file with the production model
            --date YYYY-MM-DD   as_of_date to score (default: the latest in the file)
            --all-dates         score every row; writes predictions_all.csv
            --input FILE        features CSV (default: <paths.features>/user_features_daily.csv)
            --out DIR           predictions folder (default: paths.predictions)
            --top-k N           rows in churn_top_{K}_{date}.csv (default: worker.top_k)
            --skip-invalid      skip rows with a bad value and count them instead of failing
            --include-churned   also score users inactive for churn.window_days (default:
                                only users active within it; worker.include_churned)
            --shard I/N         score only shard I of N of the users (FNV-1a of user_id
                                mod N) into <out>/parts/<date>/part-I-of-N.json, for merge
            --shards N          the same, I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)
  merge   Merge the part files of N shards into the outputs of one score run, byte for byte;
          refuses when a part is missing or from another model, day or input
            --shards N          how many shards scored (required)
            --date YYYY-MM-DD   day to merge (default: the newest day in <out>/parts)
            --all-dates         merge score --all-dates shards
            --out DIR           the --out the shards used (default: paths.predictions)
            --top-k N           rows in the top file (default: worker.top_k)
  drift   Population stability index of the monitored features and of the model's scores,
          the production model's reference profile vs. one day of the scored population
            --date YYYY-MM-DD   day to compare (default: the latest in the features file)
            --input FILE        features CSV (default as for score)
            --reference FILE    a reference profile JSON (default: the production model's
                                reference-profile.json)
            --include-churned   compare every user, as score --include-churned
          Exit code 2 when a feature or the scores reach drift.fail_threshold.
  retrain Run the pipeline from the newest raw data (validate .. promote): a better model
          replaces production only through the promotion gate; the API hot-swaps by itself
  accuracy  Realized pr_auc and roc_auc of each stored predictions_{date}.csv whose labels
          have matured (churn.window_days later): joins it with <paths.processed>/labels.csv
  shift-demo  Write one day of the features with a known shift, for the drift demo:
          activity counts halved, 60% of users from marketing_source ads
            --date YYYY-MM-DD   day to shift (default: the latest)
            --input FILE        features CSV (default as for score)
            --out FILE          (default: <paths.features>/user_features_daily_shifted.csv)
          then: npm run worker -- drift --input <that file>   (exit code 2, FAIL)
  serve   Run the scheduled worker with its HTTP server on worker.port (WORKER_PORT)

Options:
  -h, --help  Show this help`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses worker arguments (without node and the script). Throws CHURN_ERR_USAGE. */
export function parseWorkerArgs(argv: readonly string[]): WorkerCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new WorkerError('CHURN_ERR_USAGE', (error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return { command: 'help' };
  if (positionals.length !== 1) {
    throw new WorkerError(
      'CHURN_ERR_USAGE',
      positionals.length === 0 ? 'missing command' : `unexpected argument: ${positionals[1]}`,
    );
  }
  const command = positionals[0]!;
  const allowed: Record<string, readonly string[]> = {
    score: [
      'date',
      'input',
      'out',
      'top-k',
      'all-dates',
      'skip-invalid',
      'include-churned',
      'shard',
      'shards',
    ],
    merge: ['shards', 'date', 'all-dates', 'out', 'top-k'],
    drift: ['date', 'input', 'reference', 'include-churned'],
    'shift-demo': ['date', 'input', 'out'],
    retrain: [],
    accuracy: [],
    serve: [],
  };
  const options = allowed[command];
  if (!options) throw new WorkerError('CHURN_ERR_USAGE', `unknown command: ${command}`);
  for (const name of Object.keys(values)) {
    if (!options.includes(name)) {
      throw new WorkerError('CHURN_ERR_USAGE', `option --${name} does not apply to ${command}`);
    }
  }
  if (values.date !== undefined && !isIsoDate(values.date)) {
    throw new WorkerError('CHURN_ERR_USAGE', `--date must be YYYY-MM-DD, got ${values.date}`);
  }
  if (command === 'serve' || command === 'retrain' || command === 'accuracy') return { command };
  if (command === 'shift-demo') {
    return {
      command: 'shift-demo',
      ...(values.date !== undefined && { date: values.date }),
      ...(values.input !== undefined && { input: values.input }),
      ...(values.out !== undefined && { out: values.out }),
    };
  }
  if (command === 'drift') {
    return {
      command: 'drift',
      ...(values.date !== undefined && { date: values.date }),
      ...(values.input !== undefined && { input: values.input }),
      ...(values.reference !== undefined && { reference: values.reference }),
      ...(values['include-churned'] && { includeChurned: true as const }),
    };
  }
  if (values['all-dates'] && values.date !== undefined) {
    throw new WorkerError('CHURN_ERR_USAGE', '--date and --all-dates exclude each other');
  }
  let topK: number | undefined;
  if (values['top-k'] !== undefined) {
    topK = Number(values['top-k']);
    if (!Number.isInteger(topK) || topK < 1) {
      throw new WorkerError(
        'CHURN_ERR_USAGE',
        `--top-k must be a positive integer, got ${values['top-k']}`,
      );
    }
  }
  const shards = values.shards === undefined ? undefined : shardCount(values.shards);
  if (command === 'merge') {
    if (shards === undefined) throw new WorkerError('CHURN_ERR_USAGE', 'merge needs --shards N');
    return {
      command: 'merge',
      shards,
      ...(values.date !== undefined && { date: values.date }),
      allDates: values['all-dates'] ?? false,
      ...(values.out !== undefined && { out: values.out }),
      ...(topK !== undefined && { topK }),
    };
  }
  if (values.shard !== undefined && shards !== undefined) {
    throw new WorkerError('CHURN_ERR_USAGE', '--shard and --shards exclude each other');
  }
  let shard: ScoreArgs['shard'];
  if (values.shard !== undefined) {
    shard = parseShard(values.shard) ?? undefined;
    if (!shard) {
      throw new WorkerError(
        'CHURN_ERR_USAGE',
        `--shard must be I/N with 0 <= I < N <= ${MAX_SHARDS}, got ${values.shard}`,
      );
    }
  } else if (shards !== undefined) shard = { count: shards };
  return {
    command: 'score',
    ...(values.date !== undefined && { date: values.date }),
    ...(values.input !== undefined && { input: values.input }),
    ...(values.out !== undefined && { out: values.out }),
    ...(topK !== undefined && { topK }),
    allDates: values['all-dates'] ?? false,
    skipInvalid: values['skip-invalid'] ?? false,
    ...(values['include-churned'] && { includeChurned: true as const }),
    ...(shard && { shard }),
  };
}

/**
 * The shard of `score --shard I/N`, or of `--shards N` with I from JOB_COMPLETION_INDEX,
 * the index Kubernetes gives each pod of an Indexed Job. Throws CHURN_ERR_USAGE naming it.
 */
export function resolveShard(
  shard: NonNullable<ScoreArgs['shard']>,
  env: Readonly<Record<string, string | undefined>>,
): Shard {
  if (shard.index !== undefined) return { index: shard.index, count: shard.count };
  const text = env.JOB_COMPLETION_INDEX;
  const resolved = text === undefined ? null : parseShard(`${text}/${shard.count}`);
  if (!resolved) {
    throw new WorkerError(
      'CHURN_ERR_USAGE',
      `--shards ${shard.count} takes the shard from JOB_COMPLETION_INDEX (0 to ${shard.count - 1}), got ${text === undefined ? 'none' : JSON.stringify(text)}; outside an Indexed Job use --shard I/${shard.count}`,
    );
  }
  return resolved;
}

function shardCount(text: string): number {
  const count = Number(text);
  if (!/^\d+$/.test(text) || !isShardCount(count)) {
    throw new WorkerError(
      'CHURN_ERR_USAGE',
      `--shards must be an integer from 1 to ${MAX_SHARDS}, got ${text}`,
    );
  }
  return count;
}

/** A real calendar day in YYYY-MM-DD form. */
export function isIsoDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      date: { type: 'string' },
      input: { type: 'string' },
      out: { type: 'string' },
      reference: { type: 'string' },
      'top-k': { type: 'string' },
      'all-dates': { type: 'boolean' },
      'skip-invalid': { type: 'boolean' },
      'include-churned': { type: 'boolean' },
      shard: { type: 'string' },
      shards: { type: 'string' },
    },
  });
}
