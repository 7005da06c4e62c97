#!/usr/bin/env node
// Writes the copies kustomize needs (generated-files.ts); `--check` only lists stale ones.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles, REPO_ROOT } from '../generated-files.js';

const check = process.argv.includes('--check');
let stale = 0;
for (const file of generatedFiles()) {
  const target = join(REPO_ROOT, file.path);
  let current: string | null = null;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // Missing: written below, or reported as stale.
  }
  if (current === file.content) continue;
  stale += 1;
  if (check) {
    console.error(`stale: ${file.path} (from ${file.sources.join(', ')})`);
    continue;
  }
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.tmp-${process.pid}`;
  writeFileSync(temp, file.content);
  renameSync(temp, target);
  console.log(`wrote ${file.path} from ${file.sources.join(', ')}`);
}
if (check && stale > 0) {
  console.error('run: npm run sync -w @churn/k8s');
  process.exitCode = 1;
}
