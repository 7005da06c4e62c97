import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MODEL_CARD_FILE } from '@churn/model';
import { readAudit } from '../audit-log.js';
import { RegistryError } from '../errors.js';
import { type ModelCheck, promoteVersion, rollback } from '../operations.js';
import type { Registry } from '../registry.js';

export const USAGE = `Usage: npm run registry -- <command> [options]

Commands:
  list                 every registered model; * marks production
  show <version>       one model: registry entry, card metrics, folder
  promote <version>    make a registered model production (no gate), after checking it loads
  rollback             put back the model that was production before the current one
  history              the audit log: who did what, when and why

Options:
  --reason TEXT        why (promote, rollback); recorded in the audit log
  -h, --help           show this help

Exit codes: 0 done, 1 refused (unknown version, model does not load, nothing to roll
back), 64 usage. The API and the worker follow a change of production by themselves.`;

export interface CliContext {
  readonly registry: Registry;
  readonly check: ModelCheck;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Runs one registry command; returns the exit code. */
export async function runRegistryCommand(
  argv: readonly string[],
  context: CliContext,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    context.err(`error: ${(error as Error).message}\n\n${USAGE}`);
    return 64;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    (command === undefined && !values.help ? context.err : context.out)(USAGE);
    return command === undefined && !values.help ? 64 : 0;
  }
  const arity: Record<string, number> = { list: 0, show: 1, promote: 1, rollback: 0, history: 0 };
  if (!(command in arity)) {
    context.err(`error: unknown command ${command}\n\n${USAGE}`);
    return 64;
  }
  if (rest.length !== arity[command]) {
    context.err(
      `error: ${command} takes ${arity[command] === 1 ? 'a version' : 'no argument'}\n\n${USAGE}`,
    );
    return 64;
  }
  const reason = values.reason ?? 'by hand';
  try {
    switch (command) {
      case 'list':
        context.out(await listText(context.registry));
        return 0;
      case 'show':
        context.out(await showText(context.registry, rest[0]!));
        return 0;
      case 'history':
        context.out(await historyText(context.registry));
        return 0;
      case 'promote': {
        const result = await promoteVersion(context.registry, rest[0]!, {
          reason,
          check: context.check,
        });
        context.out(
          result.changed
            ? `production is now ${result.entry.version} (was ${result.previous ?? 'none'})`
            : `${result.entry.version} is already production`,
        );
        return 0;
      }
      default: {
        const result = await rollback(context.registry, { reason, check: context.check });
        context.out(
          `rolled back: production is now ${result.entry.version} (was ${result.previous})`,
        );
        return 0;
      }
    }
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    context.err(`error [${error.code}]: ${error.message}`);
    return 1;
  }
}

async function listText(registry: Registry): Promise<string> {
  const state = await registry.read();
  if (state.models.length === 0) return `no models registered in ${registry.file}`;
  const rows = state.models.map((entry) => [
    entry.version === state.production?.version ? '*' : ' ',
    entry.version,
    entry.primaryMetric,
    metricText(entry.metrics[entry.primaryMetric]),
    entry.registeredAt,
    entry.promotedAt ?? '-',
  ]);
  const header = [' ', 'version', 'metric', 'value', 'registered', 'last promoted'];
  return table([header, ...rows]);
}

async function showText(registry: Registry, version: string): Promise<string> {
  const state = await registry.read();
  const entry = state.models.find((model) => model.version === version);
  if (!entry) {
    throw new RegistryError('CHURN_ERR_REGISTRY_UNKNOWN_VERSION', `${version} is not registered`);
  }
  const dir = await registry.modelDir(version);
  const card = await readFile(join(dir, MODEL_CARD_FILE), 'utf8')
    .then(
      (text) => JSON.parse(text) as { metrics?: Record<string, unknown>; trainingData?: unknown },
    )
    .catch(() => null);
  return JSON.stringify(
    {
      ...entry,
      production: state.production?.version === version,
      modelDir: dir,
      trainingData: card?.trainingData ?? null,
      cardMetrics: card?.metrics ?? null,
    },
    null,
    2,
  );
}

async function historyText(registry: Registry): Promise<string> {
  const log = await readAudit(registry.dir);
  if (log.length === 0) return 'the audit log is empty';
  return table([
    ['when', 'who', 'action', 'version', 'previous', 'why'],
    ...log.map((e) => [e.at, e.actor, e.action, e.version, e.previous ?? '-', e.reason]),
  ]);
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows
    .map((row) =>
      row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  '),
    )
    .join('\n');
}

function metricText(value: unknown): string {
  return typeof value === 'number' ? value.toFixed(4) : 'n/a';
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { reason: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}
