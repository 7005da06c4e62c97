#!/usr/bin/env node
// Builds workspaces through turbo (cached) and shows turbo's output only when the build fails,
// so a command's first screen is the program's own output, not turbo's banner and summary.
// Usage: node scripts/build-quietly.mjs @churn/api [@churn/pipeline ...]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Resolves when every named workspace and its dependencies are built; rejects with an error
 * whose `output` holds turbo's log when a build fails.
 */
export function buildQuietly(workspaces) {
  const turbo = createRequire(import.meta.url).resolve('turbo/bin/turbo');
  const args = [
    'run',
    'build',
    '--output-logs=errors-only',
    ...workspaces.map((w) => `--filter=${w}`),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [turbo, ...args], {
      cwd: ROOT,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const error = new Error(`build of ${workspaces.join(', ')} failed (turbo exit code ${code})`);
      error.output = Buffer.concat(chunks).toString();
      reject(error);
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await buildQuietly(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.output ?? ''}${error.message}\n`);
    process.exitCode = 1;
  }
}
