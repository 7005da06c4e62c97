#!/usr/bin/env node
// Prints the effective configuration, or every problem with it.
import { stringify } from 'yaml';
import { ConfigError } from './errors.js';
import { loadConfig } from './load.js';
import { maskSecrets } from './secrets.js';

try {
  process.stdout.write(stringify(maskSecrets(loadConfig())));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
