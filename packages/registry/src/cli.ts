#!/usr/bin/env node
// The registry's command line: loads the config, opens the registry, runs one command.
import { hostname, userInfo } from 'node:os';
import { ConfigError, loadConfig } from '@churn/config';
import { runRegistryCommand } from './cli/commands.js';
import { loadCheck } from './cli/load-check.js';
import { openRegistry } from './registry.js';

async function main(argv: readonly string[]): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`error [${error.code}]: ${error.message}\n`);
    return 78;
  }
  // Who, for the audit log: CHURN_ACTOR (a CI job, an operator's name), else the OS user.
  const actor = process.env.CHURN_ACTOR || `${userInfo().username}@${hostname()}`;
  const registry = openRegistry({
    dir: config.paths.registry,
    modelsDir: config.paths.models,
    actor,
  });
  return runRegistryCommand(argv, {
    registry,
    check: loadCheck,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  });
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
