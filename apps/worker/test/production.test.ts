import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadScorer } from '@churn/scorer';
import { describe, expect, it } from 'vitest';
import { buildWorkerApp } from '../src/app.js';
import { createTasks } from '../src/tasks.js';
import { FEATURES, failure, featureRows, parseCsv } from './fixtures.js';
import {
  productionHolder,
  project,
  promoteTestModel,
  writeFeatures,
  writeTestProfile,
} from './production-model.js';

const DATES = ['2025-04-28', '2025-04-29', '2025-04-30'];
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'server.ts');
// The tsx loader by absolute URL: the CLI runs with a temp project as its working folder.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs the worker CLI from source in `root` (its own config and data). */
function cli(root: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(
    process.execPath,
    ['--import', TSX, '--conditions=@churn/source', MAIN, ...args],
    {
      cwd: root,
      env: { ...process.env, CHURN_MLOPS_ROOT: root, CI: 'true', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('scoring with an exported ONNX production model', { timeout: 60_000 }, () => {
  it('gives every user the score the scorer gives that user alone', async () => {
    const { config } = project();
    const version = await promoteTestModel(config);
    const rows = featureRows({ users: 57, dates: DATES, seed: 11 });
    writeFeatures(config, rows);
    const models = productionHolder(config);
    const summary = await createTasks(config, models).score({});
    await models.close();
    expect(summary).toMatchObject({ asOfDate: '2025-04-30', rows: 57, model: { version } });

    const scorer = await loadScorer(join(config.paths.models, version));
    const written = parseCsv(
      readFileSync(join(config.paths.predictions, 'predictions_2025-04-30.csv'), 'utf8'),
    );
    const source = new Map(
      rows.filter((r) => r.as_of_date === '2025-04-30').map((r) => [r.user_id, r]),
    );
    expect(written).toHaveLength(57);
    for (const out of written) {
      const row = source.get(out.user_id!)!;
      const record = Object.fromEntries(
        FEATURES.map((f) => [
          f.name,
          row[f.name] === '' ? undefined : f.type === 'numeric' ? Number(row[f.name]) : row[f.name],
        ]),
      );
      const [alone] = await scorer.scoreRecords([record]);
      // One record per onnxruntime run vs. batches of 4096: the same float32, exactly.
      expect(Math.fround(Number(out.churn_risk))).toBe(alone);
    }
    await scorer.close();
  });

  it('--out writes a trial run with its own summary, never over the production one', async () => {
    const { root, config } = project();
    await promoteTestModel(config);
    writeFeatures(config, featureRows({ users: 6, dates: DATES }));
    const models = productionHolder(config);
    const tasks = createTasks(config, models);
    await tasks.score({});
    const production = join(config.paths.metrics, 'score_summary_2025-04-30.json');
    const before = readFileSync(production, 'utf8');
    const trial = join(root, 'trial');
    const summary = await tasks.score({ out: trial, topK: 2 });
    await models.close();
    expect(readFileSync(production, 'utf8')).toBe(before);
    expect(summary.outputs).toContain(join(trial, 'score_summary_2025-04-30.json'));
    expect(readdirSync(trial).sort()).toEqual([
      'churn_top_2_2025-04-30.csv',
      'predictions_2025-04-30.csv',
      'predictions_latest.csv',
      'score_summary_2025-04-30.json',
    ]);
  });

  it('keeps one top file per day, however many K callers ask for', async () => {
    const { config } = project();
    await promoteTestModel(config);
    writeFeatures(config, featureRows({ users: 6, dates: DATES }));
    const models = productionHolder(config);
    const tasks = createTasks(config, models);
    for (const topK of [3, 4, 5]) await tasks.score({ topK });
    await models.close();
    const tops = readdirSync(config.paths.predictions).filter((n) => n.startsWith('churn_top'));
    expect(tops).toEqual(['churn_top_5_2025-04-30.csv']);
  });

  it("removes temp files a killed run left, and keeps a live writer's", async () => {
    const { config } = project();
    await promoteTestModel(config);
    writeFeatures(config, featureRows({ users: 4, dates: DATES }));
    // A pid that was just running and is gone: what kill -9 leaves behind.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    mkdirSync(config.paths.predictions, { recursive: true });
    mkdirSync(config.paths.metrics, { recursive: true });
    const stale = [
      join(config.paths.predictions, `predictions_2025-04-30.csv.tmp-${gone}-0a1b2c3d`),
      join(config.paths.metrics, `score_summary_2025-04-30.json.tmp-${gone}-00ff00ff`),
      join(config.paths.predictions, `predictions_latest.csv.tmp-${process.pid}-12345678`),
    ];
    const kept = [
      // A live process's file, and a recent one of a pid this container cannot see.
      join(config.paths.predictions, `predictions_all.csv.tmp-${process.ppid}-abcdef01`),
      join(config.paths.metrics, `score_summary_all.json.tmp-${gone}-abcdef02`),
      join(config.paths.predictions, 'notes.tmp-1-x'),
    ];
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const file of [...stale, ...kept]) writeFileSync(file, 'partial');
    for (const file of [...stale, kept[0]!]) utimesSync(file, hourAgo, hourAgo);
    const models = productionHolder(config);
    await createTasks(config, models).score({});
    await models.close();
    for (const file of stale) expect(existsSync(file), file).toBe(false);
    for (const file of kept) expect(existsSync(file), file).toBe(true);
  });

  it('shows job records without server paths', async () => {
    const { root, config } = project();
    await promoteTestModel(config);
    writeFeatures(config, featureRows({ users: 4, dates: DATES }));
    const models = productionHolder(config);
    const app = await buildWorkerApp({
      tasks: createTasks(config, models),
      models,
      shutdownTimeoutMs: 1000,
      defaultMetrics: false,
      shownPaths: [
        { dir: config.paths.data, as: 'data' },
        { dir: config.paths.artifacts, as: 'artifacts' },
        { dir: config.root, as: '.' },
      ],
    });
    try {
      const records = [];
      for (const url of ['/jobs/score', '/jobs/drift']) {
        const { id } = (await app.inject({ method: 'POST', url, payload: {} })).json();
        let record = (await app.inject({ url: `/jobs/${id}` })).json();
        for (let i = 0; i < 500 && record.status === 'running'; i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          record = (await app.inject({ url: `/jobs/${id}` })).json();
        }
        records.push(record);
      }
      const [scored, drift] = records;
      expect(scored.status).toBe('succeeded');
      expect(scored.result.outputs).toContain('data/predictions/predictions_2025-04-30.csv');
      // No reference profile for this model: the error names the file by its short path.
      expect(drift.error.message).toContain('artifacts/models/');
      expect(JSON.stringify(records)).not.toContain(root);
    } finally {
      await app.close();
    }
  });

  it('fails clearly without a production model', async () => {
    const { config } = project();
    writeFeatures(config, featureRows({ users: 3, dates: DATES }));
    const models = productionHolder(config);
    const error = await failure(createTasks(config, models).score({}));
    expect(error.code).toBe('CHURN_ERR_NO_PRODUCTION_MODEL');
  });
});

// Each CLI run starts node with tsx and onnxruntime: seconds on a busy machine.
describe('worker CLI', { timeout: 120_000 }, () => {
  it('prints help and rejects bad usage', () => {
    const { root } = project();
    expect(cli(root, ['--help'])).toMatchObject({ code: 0 });
    const bad = cli(root, ['score', '--top-k', 'x']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--top-k');
  });

  it('serve refuses to start on a non-loopback host without a token', () => {
    const { root } = project();
    const result = cli(root, ['serve'], { WORKER_HOST: '0.0.0.0', WORKER_PORT: '0' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('CHURN_ERR_NO_TOKEN');
    expect(result.stderr).toContain('WORKER_TOKEN');
  });

  it('exits non-zero with a clear error when no model is promoted', () => {
    const { root, config } = project();
    writeFeatures(config, featureRows({ users: 3, dates: DATES }));
    const result = cli(root, ['score']);
    expect(result.code).toBe(69);
    expect(result.stderr).toContain('CHURN_ERR_NO_PRODUCTION_MODEL');
  });

  it('scores with the production model and writes the summary', async () => {
    const { root, config } = project();
    await promoteTestModel(config);
    writeFeatures(config, featureRows({ users: 8, dates: DATES }));
    const result = cli(root, ['score', '--date', '2025-04-29', '--top-k', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('scored 8 rows of 2025-04-29');
    const top = readFileSync(join(config.paths.predictions, 'churn_top_3_2025-04-29.csv'), 'utf8');
    expect(top.trimEnd().split('\n')).toHaveLength(4);
    const summary = JSON.parse(
      readFileSync(join(config.paths.metrics, 'score_summary_2025-04-29.json'), 'utf8'),
    );
    expect(summary.rows).toBe(8);
  });

  it('exits 2 when drift reaches the FAIL threshold, 0 otherwise', async () => {
    const { root, config } = project();
    await writeTestProfile(config, await promoteTestModel(config));
    writeFeatures(config, [
      ...featureRows({ users: 600, dates: ['2025-05-01'], seed: 8 }),
      ...featureRows({ users: 300, dates: ['2025-05-02'], seed: 9, shift: 10 }),
    ]);
    const failing = cli(root, ['drift']);
    expect(failing.code).toBe(2);
    expect(failing.stdout).toContain('drift FAIL: 2025-05-02');
    expect(failing.stdout).toMatch(/failing: .*active_days_7d/);
    const fine = cli(root, ['drift', '--date', '2025-05-01']);
    expect(fine.code).toBe(0);
    expect(fine.stdout).toMatch(/drift (OK|WARN)/);
  });
});
