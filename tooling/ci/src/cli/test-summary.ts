#!/usr/bin/env node
// Prints the Markdown test summary of an `npm test` log: test-summary.ts <log file>.
import { readFileSync } from 'node:fs';
import { testSummary } from '../test-summary.js';

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: test-summary <npm test log>\n');
  process.exitCode = 64;
} else {
  process.stdout.write(testSummary(readFileSync(file, 'utf8')));
}
