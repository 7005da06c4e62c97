import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, maskSecrets } from '../src/index.js';

const TOKEN = 'a-token-of-32-characters-exactly';

function root(): string {
  return mkdtempSync(join(tmpdir(), 'churn-secrets-'));
}

function issuesOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected loadConfig to throw');
}

describe('api.auth_token', () => {
  it('is empty (no authentication) by default', () => {
    expect(loadConfig({ cwd: root(), env: {} }).api.auth_token).toBe('');
  });

  it('comes from API_TOKEN', () => {
    expect(loadConfig({ cwd: root(), env: { API_TOKEN: TOKEN } }).api.auth_token).toBe(TOKEN);
  });

  it('comes from the file named by API_TOKEN_FILE, without its last newline', () => {
    const dir = root();
    writeFileSync(join(dir, 'api_token'), `${TOKEN}\n`);
    const config = loadConfig({ cwd: dir, env: { API_TOKEN_FILE: join(dir, 'api_token') } });
    expect(config.api.auth_token).toBe(TOKEN);
  });

  it('refuses a missing or empty file, both sources at once and a short token', () => {
    const dir = root();
    writeFileSync(join(dir, 'empty'), '\n');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        { API_TOKEN_FILE: join(dir, 'absent') },
        /^api\.auth_token_file: cannot read .*absent \(ENOENT\)$/,
      ],
      [{ API_TOKEN_FILE: join(dir, 'empty') }, /^api\.auth_token_file: .*empty is empty$/],
      [{ API_TOKEN: TOKEN, API_TOKEN_FILE: join(dir, 'empty') }, /not both$/],
      [{ API_TOKEN: 'short' }, /^api\.auth_token: must be at least 16 characters$/],
    ];
    for (const [env, issue] of cases) {
      const issues = issuesOf(() => loadConfig({ cwd: dir, env }));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(issue);
      expect(issues[0]).not.toContain(TOKEN);
    }
  });

  it('is masked when the configuration is printed', () => {
    const config = loadConfig({ cwd: root(), env: { API_TOKEN: TOKEN } });
    const printed = JSON.stringify(maskSecrets(config));
    expect(printed).not.toContain(TOKEN);
    expect(maskSecrets(config).api.auth_token).toBe('(set, hidden)');
    expect(maskSecrets(loadConfig({ cwd: root(), env: {} })).api.auth_token).toBe('');
  });
});

describe('worker.auth_token', () => {
  it('comes from WORKER_TOKEN or the file WORKER_TOKEN_FILE names, masked when printed', () => {
    expect(loadConfig({ cwd: root(), env: { WORKER_TOKEN: TOKEN } }).worker.auth_token).toBe(TOKEN);
    const dir = root();
    writeFileSync(join(dir, 'worker_token'), `${TOKEN}\n`);
    const config = loadConfig({ cwd: dir, env: { WORKER_TOKEN_FILE: 'worker_token' } });
    expect(config.worker.auth_token).toBe(TOKEN);
    expect(maskSecrets(config).worker.auth_token).toBe('(set, hidden)');
    expect(issuesOf(() => loadConfig({ cwd: root(), env: { WORKER_TOKEN: 'short' } }))).toEqual([
      'worker.auth_token: must be at least 16 characters',
    ]);
  });

  it('WORKER_ALLOW_UNAUTHENTICATED sets worker.allow_unauthenticated', () => {
    const env = { WORKER_ALLOW_UNAUTHENTICATED: 'true' };
    expect(loadConfig({ cwd: root(), env }).worker.allow_unauthenticated).toBe(true);
    expect(loadConfig({ cwd: root(), env: {} }).worker.allow_unauthenticated).toBe(false);
  });
});
