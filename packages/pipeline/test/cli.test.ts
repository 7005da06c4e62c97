import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testConfig } from './fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'src', 'cli.ts');
const tsx = createRequire(import.meta.url).resolve('tsx');

/** Runs the CLI from its sources in a child process, as CI would (no TTY). */
function runCli(args: string[], configFile?: string) {
  const result = spawnSync(
    process.execPath,
    ['--import', tsx, '--conditions=@churn/source', cli, ...args],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        CI: 'true',
        ...(configFile ? { CHURN_MLOPS_CONFIG: configFile } : {}),
      },
      timeout: 120_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A config file pointing data and artifacts at a temporary folder. */
function configFile(): { file: string; raw: string; processed: string } {
  const config = testConfig();
  const file = join(config.paths.data, '..', 'config.yaml');
  mkdirSync(config.paths.data, { recursive: true });
  writeFileSync(
    file,
    `paths:\n  data: ${config.paths.data}\n  artifacts: ${config.paths.artifacts}\ngenerate:\n  n_users: 25\n  days: 40\n`,
  );
  return { file, raw: config.paths.raw, processed: config.paths.processed };
}

describe('pipeline CLI', { timeout: 60_000 }, () => {
  it('prints help with exit code 0', () => {
    const { code, stdout } = runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--from <step>');
  });

  it('exits 2 on a usage error', () => {
    expect(runCli(['--only', 'nonsense']).code).toBe(2);
    expect(runCli(['--from', 'prepare', '--only', 'labels']).code).toBe(2);
    expect(runCli(['--bogus']).code).toBe(2);
  });

  it('exits 1 on a bad flag value, listing the config problem', () => {
    const { code, stderr } = runCli(['--only', 'generate', '--n-users', 'many'], configFile().file);
    expect(code).toBe(1);
    expect(stderr).toContain('generate.n_users');
  });

  it('--only generate with flag overrides writes the raw files, one log line per step', () => {
    const { file, raw, processed } = configFile();
    const { code, stderr } = runCli(['--only', 'generate', '--n-users', '12', '--seed', '3'], file);
    expect(code).toBe(0);
    expect(readFileSync(join(raw, 'users.csv'), 'utf8').trim().split('\n')).toHaveLength(13);
    expect(stderr).toMatch(/^\[1\/1\] generate ok .*12 users/m);
    expect(existsSync(join(processed, 'user_daily.csv'))).toBe(false);
  });

  it('--from validate on bad input: exit 1, every problem with file and line, no stack, nothing downstream', () => {
    const { file, raw, processed } = configFile();
    mkdirSync(raw, { recursive: true });
    writeFileSync(
      join(raw, 'users.csv'),
      'user_id,signup_date,plan,is_paid,country,marketing_source\n1,2024-12-01,free,0,US,ads\n',
    );
    writeFileSync(
      join(raw, 'events.csv'),
      'event_id,user_id,event_time,event_type,course_id,watch_minutes,quiz_score,amount\n1,1,2025-01-01T00:00:00,video_watch,,lots,,\n',
    );
    const { code, stderr } = runCli(['--from', 'validate'], file);
    expect(code).toBe(1);
    expect(stderr).toContain('CHURN_ERR_VALIDATION_FAILED');
    expect(stderr).toMatch(
      /users\.csv.*column engagement_score.*CHURN_ERR_VALIDATION_MISSING_COLUMN/,
    );
    expect(stderr).toMatch(
      /events\.csv line 2 \(row 1\), column watch_minutes.*CHURN_ERR_VALIDATION_NOT_A_NUMBER/,
    );
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(processed, 'user_daily.csv'))).toBe(false);
  });
});
