import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigErrorCodes, loadConfig } from '../src/index.js';

/** A throwaway project root holding config/config.yaml with `yaml` as its content. */
function projectWith(yaml: string | null): string {
  const root = mkdtempSync(join(tmpdir(), 'churn-config-'));
  if (yaml !== null) {
    mkdirSync(join(root, 'config'));
    writeFileSync(join(root, 'config', 'config.yaml'), yaml);
  }
  return root;
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

describe('precedence', () => {
  it('uses the built-in defaults without a file or env', () => {
    const root = projectWith(null);
    const config = loadConfig({ cwd: root, env: {} });
    expect(config.file).toBeNull();
    expect(config.api.port).toBe(8000);
    expect(config.api.host).toBe('0.0.0.0');
    expect(config.features.windows_days).toEqual([7, 14, 30]);
    expect(config.generate).toMatchObject({ n_users: 2000, days: 120, seed: 42 });
    expect(config.evaluation.primary_metric).toBe('pr_auc');
  });

  it('lets the file override defaults and keeps defaults for the keys it omits', () => {
    const root = projectWith('api:\n  port: 9000\nfeatures:\n  windows_days: [3, 7]\n');
    const config = loadConfig({ cwd: root, env: {} });
    expect(config.api.port).toBe(9000);
    expect(config.api.batch_limit).toBe(1000);
    expect(config.features.windows_days).toEqual([3, 7]);
    expect(config.file).toBe(join(root, 'config', 'config.yaml'));
  });

  it('lets the environment override the file, converting numbers', () => {
    const root = projectWith('api:\n  port: 9000\n  host: 10.0.0.1\n');
    const config = loadConfig({
      cwd: root,
      env: { PORT: '9100', LOG_LEVEL: 'debug', WORKER_PORT: '9101' },
    });
    expect(config.api.port).toBe(9100);
    expect(config.api.host).toBe('10.0.0.1');
    expect(config.app.log_level).toBe('debug');
    expect(config.worker.port).toBe(9101);
  });

  it('lets overrides (CLI flags) override the environment', () => {
    const root = projectWith(null);
    const config = loadConfig({
      cwd: root,
      env: { PORT: '9100' },
      overrides: { api: { port: 7000 } },
    });
    expect(config.api.port).toBe(7000);
  });

  it('reads the file named by CHURN_MLOPS_CONFIG instead of config/config.yaml', () => {
    const root = projectWith('api:\n  port: 9000\n');
    const other = join(root, 'other.yaml');
    writeFileSync(other, 'api:\n  port: 9200\n');
    const config = loadConfig({ cwd: root, env: { CHURN_MLOPS_CONFIG: other } });
    expect(config.api.port).toBe(9200);
    expect(config.file).toBe(other);
  });

  it('finds the project root from a nested working directory', () => {
    const root = projectWith('generate:\n  n_users: 10\n');
    const nested = join(root, 'apps', 'api');
    mkdirSync(nested, { recursive: true });
    const config = loadConfig({ cwd: nested, env: {} });
    expect(config.root).toBe(root);
    expect(config.generate.n_users).toBe(10);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({ cwd: projectWith(null), env: {} });
    expect(Object.isFrozen(config.api)).toBe(true);
  });
});

describe('path resolution', () => {
  it('resolves data and artifacts against the root and their children against them', () => {
    const root = projectWith(null);
    const { paths } = loadConfig({ cwd: root, env: {} });
    expect(paths.data).toBe(join(root, 'data'));
    expect(paths.raw).toBe(join(root, 'data', 'raw'));
    expect(paths.features).toBe(join(root, 'data', 'features'));
    expect(paths.artifacts).toBe(join(root, 'artifacts'));
    expect(paths.registry).toBe(join(root, 'artifacts', 'registry'));
  });

  it('moves the children with their parent and keeps absolute paths', () => {
    const root = projectWith('paths:\n  raw: /mnt/original/raw\n');
    const { paths } = loadConfig({
      cwd: root,
      env: { CHURN_DATA_DIR: '/srv/data', CHURN_ARTIFACTS_DIR: 'out' },
    });
    expect(paths.raw).toBe('/mnt/original/raw');
    expect(paths.processed).toBe('/srv/data/processed');
    expect(paths.models).toBe(join(root, 'out', 'models'));
  });

  it('uses CHURN_MLOPS_ROOT as the root when set', () => {
    const root = projectWith(null);
    const { paths, root: resolvedRoot } = loadConfig({
      cwd: root,
      env: { CHURN_MLOPS_ROOT: '/app' },
    });
    expect(resolvedRoot).toBe('/app');
    expect(paths.metrics).toBe('/app/artifacts/metrics');
  });
});

describe('validation errors', () => {
  it('names the key path, the expectation and the bad value', () => {
    const root = projectWith('features:\n  windows_days: [7, "x"]\n');
    expect(issuesOf(() => loadConfig({ cwd: root, env: {} }))).toEqual([
      'features.windows_days[1]: expected a positive integer, got "x"',
    ]);
  });

  it('lists every problem at once, not only the first', () => {
    const root = projectWith(
      [
        'generate:',
        '  n_users: 0',
        '  start_date: "01/01/2025"',
        'evaluation:',
        '  primary_metric: accuracy',
        '  threshold: 1.5',
        'api:',
        '  strict_features: "maybe"',
      ].join('\n'),
    );
    const issues = issuesOf(() => loadConfig({ cwd: root, env: {} }));
    expect(issues).toEqual(
      expect.arrayContaining([
        'generate.n_users: expected a positive integer, got 0',
        'generate.start_date: expected a string of the form YYYY-MM-DD, got "01/01/2025"',
        'evaluation.primary_metric: expected one of "pr_auc", "roc_auc", got "accuracy"',
        'evaluation.threshold: expected a number >= 0 and <= 1, got 1.5',
        'api.strict_features: expected true or false, got "maybe"',
      ]),
    );
    expect(issues).toHaveLength(5);
  });

  it('rejects unknown keys, so typos do not pass silently', () => {
    const root = projectWith('api:\n  prot: 8000\nmodels: {}\n');
    expect(issuesOf(() => loadConfig({ cwd: root, env: {} }))).toEqual(
      expect.arrayContaining(['api.prot: unknown key', 'models: unknown key']),
    );
  });

  it('reports a bad environment value under the key it sets', () => {
    const root = projectWith(null);
    expect(issuesOf(() => loadConfig({ cwd: root, env: { PORT: 'eighty' } }))).toEqual([
      'api.port: expected an integer >= 0 and <= 65535, got "eighty"',
    ]);
  });

  it('reports an empty list and repeated windows', () => {
    const root = projectWith('features:\n  windows_days: []\n');
    expect(issuesOf(() => loadConfig({ cwd: root, env: {} }))).toEqual([
      'features.windows_days: expected a list of at least 1 item(s), no repeats, got []',
    ]);
  });

  it('fails with CHURN_ERR_CONFIG_FILE on YAML that does not parse', () => {
    const root = projectWith('api: [unclosed\n');
    try {
      loadConfig({ cwd: root, env: {} });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).code).toBe(ConfigErrorCodes.CHURN_ERR_CONFIG_FILE);
    }
  });

  it('fails with CHURN_ERR_CONFIG_FILE when CHURN_MLOPS_CONFIG names a missing file', () => {
    const root = projectWith(null);
    try {
      loadConfig({ cwd: root, env: { CHURN_MLOPS_CONFIG: 'nope.yaml' } });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).code).toBe('CHURN_ERR_CONFIG_FILE');
      expect((error as ConfigError).issues[0]).toMatch(/^CHURN_MLOPS_CONFIG: file not found/);
    }
  });

  it('has error codes equal to their keys', () => {
    for (const [key, code] of Object.entries(ConfigErrorCodes)) expect(code).toBe(key);
  });
});

describe('the repository config file', () => {
  it('is valid', () => {
    const config = loadConfig({ cwd: join(import.meta.dirname, '..', '..', '..'), env: {} });
    expect(config.file).toMatch(/config[/\\]config\.yaml$/);
  });
});
