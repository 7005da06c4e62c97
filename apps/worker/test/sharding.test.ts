import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseWorkerArgs, resolveShard } from '../src/cli/args.js';
import type { WorkerError } from '../src/errors.js';
import { mergeScoreParts } from '../src/score/merge-parts.js';
import { type ScoreRequest, scoreFeatures, scoreShard } from '../src/score/score-features.js';
import { partFile } from '../src/score/score-part.js';
import { shardOf } from '../src/score/shard.js';
import {
  failure,
  fakeScorer,
  featureRows,
  type Row,
  tempDir,
  toCsv,
  writeCsvFile,
} from './fixtures.js';
import { project, promoteTestModel, withChurned, writeFeatures } from './production-model.js';

const DATES = ['2025-04-28', '2025-04-29', '2025-04-30'];

/** Every output file of `dir` (not the parts folder), by name. */
function outputs(dir: string): Map<string, Buffer> {
  return new Map(
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [entry.name, readFileSync(join(dir, entry.name))]),
  );
}

/** A summary's bytes without the two fields that differ between any two runs. */
function withoutRunTimes(bytes: Buffer): string {
  return bytes.toString('utf8').replace(/"(createdAt|durationSeconds)": [^,\n]+,?\n/g, '');
}

/** Outputs of a one-shot run and of `shards` shards + merge in the same folder. */
async function oneShotAndMerged(
  rows: readonly Row[],
  shards: number,
  options: Partial<ScoreRequest>,
) {
  const dir = tempDir();
  const input = writeCsvFile(dir, 'user_features_daily.csv', rows);
  const out = join(dir, 'out');
  const request: ScoreRequest = {
    input,
    outDir: out,
    metricsDir: out,
    topK: 7,
    batchSize: 16,
    highRiskThreshold: 0.7,
    population: { kind: 'active', windowDays: 30 },
    ...options,
  };
  const scorer = fakeScorer();
  await scoreFeatures(scorer, request);
  const oneShot = outputs(out);
  rmSync(out, { recursive: true });
  const parts = await Promise.all(
    Array.from({ length: shards }, (_, index) =>
      scoreShard(scorer, request, { index, count: shards }),
    ),
  );
  await mergeScoreParts({
    ...request,
    shards,
    ...(options.date !== undefined && { date: options.date }),
  });
  return { oneShot, merged: outputs(out), parts, out };
}

function expectSameOutputs(oneShot: Map<string, Buffer>, merged: Map<string, Buffer>) {
  expect([...merged.keys()].sort()).toEqual([...oneShot.keys()].sort());
  for (const [name, bytes] of oneShot) {
    if (name.endsWith('.json')) {
      expect(withoutRunTimes(merged.get(name)!), name).toBe(withoutRunTimes(bytes));
    } else {
      expect(merged.get(name)!.equals(bytes), `${name} byte for byte`).toBe(true);
    }
  }
}

describe('sharded scoring', () => {
  it('puts each user in one shard, the same on every run, and spreads users evenly', () => {
    // fnv1a32('42') = 0x87e38583: odd, so shard 1 of 2 and 3 of 4.
    expect([shardOf(42, 1), shardOf(42, 2), shardOf(42, 4)]).toEqual([0, 1, 3]);
    const counts = [0, 0, 0, 0];
    for (let user = 1; user <= 20_000; user++) counts[shardOf(user, 4)]!++;
    for (const count of counts) expect(Math.abs(count - 5000)).toBeLessThan(100);
    expect(shardOf(Number.NaN, 4)).toBe(0);
  });

  for (const shards of [1, 2, 4]) {
    it(`${shards} shard(s) + merge write the one-shot run's files byte for byte`, async () => {
      const rows = withChurned(featureRows({ users: 57, dates: DATES, seed: 5 }));
      const latest = await oneShotAndMerged(rows, shards, {});
      expectSameOutputs(latest.oneShot, latest.merged);
      expect([...latest.merged.keys()]).toContain('predictions_latest.csv');
      expect(latest.parts.reduce((sum, part) => sum + part.rows, 0)).toBe(
        JSON.parse(latest.merged.get('score_summary_2025-04-30.json')!.toString()).rows,
      );
      // Merged parts are removed: the next day starts clean.
      expect(existsSync(join(latest.out, 'parts', '2025-04-30'))).toBe(false);

      const older = await oneShotAndMerged(rows, shards, { date: '2025-04-29' });
      expectSameOutputs(older.oneShot, older.merged);
      const all = await oneShotAndMerged(rows, shards, { allDates: true, topK: 3 });
      expectSameOutputs(all.oneShot, all.merged);
    });
  }

  it('merges the skipped lines of every shard once, as the one-shot run lists them', async () => {
    const rows = featureRows({ users: 30, dates: DATES, seed: 6 });
    rows[5]!.events_7d = 'abc'; // a bad value: only its user's shard sees it
    rows[8]!.user_id = 'x'; // not a user id: shard 0 reports it
    rows[11]!.as_of_date = '2025-02-30'; // a bad date: every shard sees it
    const { oneShot, merged } = await oneShotAndMerged(rows, 4, { skipInvalid: true });
    expectSameOutputs(oneShot, merged);
    const summary = JSON.parse(merged.get('score_summary_2025-04-30.json')!.toString());
    expect(summary.skippedLines).toEqual([7, 10, 13]);
  });

  it('refuses to merge without every part, naming the missing shard', async () => {
    const dir = tempDir();
    const input = writeCsvFile(dir, 'f.csv', featureRows({ users: 20, dates: DATES }));
    const request: ScoreRequest = {
      input,
      outDir: join(dir, 'out'),
      metricsDir: join(dir, 'out'),
      topK: 5,
      batchSize: 8,
      highRiskThreshold: 0.7,
    };
    await scoreShard(fakeScorer(), request, { index: 0, count: 3 });
    await scoreShard(fakeScorer(), request, { index: 2, count: 3 });
    const error = await failure(mergeScoreParts({ ...request, shards: 3 }));
    expect(error.code).toBe('CHURN_ERR_MISSING_SHARD');
    expect(error.exitCode).toBe(66);
    expect(error.message).toContain('shard 1/3');
    expect(error.message).toContain(partFile(request.outDir, '2025-04-30', { index: 1, count: 3 }));
    expect(readdirSync(request.outDir)).toEqual(['parts']);
  });

  it('refuses parts of another model version, day or input', async () => {
    const dir = tempDir();
    const rows = featureRows({ users: 20, dates: DATES });
    const input = writeCsvFile(dir, 'f.csv', rows);
    const request: ScoreRequest = {
      input,
      outDir: join(dir, 'out'),
      metricsDir: join(dir, 'out'),
      topK: 5,
      batchSize: 8,
      highRiskThreshold: 0.7,
    };
    const expectMismatch = async (what: string) => {
      const error = await failure(mergeScoreParts({ ...request, shards: 2 }));
      expect(error.code).toBe('CHURN_ERR_SHARD_MISMATCH');
      expect(error.message).toContain('part-1-of-2.json');
      expect(error.message).toContain(what);
    };
    await scoreShard(fakeScorer('logistic_regression-a'), request, { index: 0, count: 2 });
    await scoreShard(fakeScorer('logistic_regression-b'), request, { index: 1, count: 2 });
    await expectMismatch('logistic_regression-b');

    writeFileSync(input, toCsv([...rows, ...featureRows({ users: 3, dates: ['2025-04-30'] })]));
    await scoreShard(fakeScorer('logistic_regression-a'), request, { index: 1, count: 2 });
    await expectMismatch('fingerprint');

    // A part of another day copied into this day's folder.
    const other = await scoreShard(
      fakeScorer('logistic_regression-a'),
      { ...request, date: '2025-04-29' },
      { index: 1, count: 2 },
    );
    writeFileSync(
      partFile(request.outDir, '2025-04-30', { index: 1, count: 2 }),
      readFileSync(other.file),
    );
    await expectMismatch('2025-04-29');
    expect(existsSync(join(request.outDir, 'predictions_2025-04-30.csv'))).toBe(false);
  });

  it('parses --shard I/N, and --shards N with the index from JOB_COMPLETION_INDEX', () => {
    expect(parseWorkerArgs(['score', '--shard', '1/4'])).toMatchObject({
      shard: { index: 1, count: 4 },
    });
    const indexed = parseWorkerArgs(['score', '--shards', '4']);
    expect(indexed).toMatchObject({ shard: { count: 4 } });
    const shard = (indexed as { shard: { count: number } }).shard;
    expect(resolveShard(shard, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4 });
    for (const env of [{}, { JOB_COMPLETION_INDEX: '4' }, { JOB_COMPLETION_INDEX: 'x' }]) {
      expect(() => resolveShard(shard, env)).toThrow(/JOB_COMPLETION_INDEX/);
    }
    expect(parseWorkerArgs(['merge', '--shards', '2', '--date', '2025-04-30'])).toEqual({
      command: 'merge',
      shards: 2,
      date: '2025-04-30',
      allDates: false,
    });
    for (const argv of [
      ['score', '--shard', '2/2'],
      ['score', '--shard', '1'],
      ['score', '--shards', '0'],
      ['score', '--shard', '0/2', '--shards', '2'],
      ['merge'],
      ['merge', '--shards', '2', '--skip-invalid'],
    ]) {
      expect(() => parseWorkerArgs(argv), argv.join(' ')).toThrow(
        expect.objectContaining({ code: 'CHURN_ERR_USAGE' }) as WorkerError,
      );
    }
  });
});

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'server.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs the worker CLI from source in `root`, as a child process that may run beside others. */
function cli(root: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['--import', TSX, '--conditions=@churn/source', MAIN, ...args],
    {
      cwd: root,
      env: { ...process.env, CHURN_MLOPS_ROOT: root, CI: 'true', ...env },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

// Node with tsx and onnxruntime per process: seconds each on a busy machine.
describe('sharded scoring from the command line', { timeout: 180_000 }, () => {
  it('2 shard processes in parallel + merge write the one-shot files; a missing part fails the merge', async () => {
    const { root, config } = project();
    await promoteTestModel(config);
    writeFeatures(config, withChurned(featureRows({ users: 40, dates: DATES, seed: 4 })));
    const oneShot = join(root, 'one-shot');
    expect((await cli(root, ['score', '--out', oneShot])).code).toBe(0);

    const sharded = join(root, 'sharded');
    const shards = await Promise.all([
      cli(root, ['score', '--shard', '0/2', '--out', sharded]),
      // As a pod of an Indexed Job runs it.
      cli(root, ['score', '--shards', '2', '--out', sharded], { JOB_COMPLETION_INDEX: '1' }),
    ]);
    expect(shards.map((shard) => shard.code)).toEqual([0, 0]);
    expect((await cli(root, ['merge', '--shards', '2', '--out', sharded])).code).toBe(0);
    const merged = outputs(sharded);
    const expected = outputs(oneShot);
    expect([...merged.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, bytes] of expected) {
      if (name.endsWith('.json')) {
        // The summary lists its outputs: they differ by the folder only.
        const summary = withoutRunTimes(merged.get(name)!).replaceAll(sharded, oneShot);
        expect(summary).toBe(withoutRunTimes(bytes));
      } else {
        expect(merged.get(name)!.equals(bytes), name).toBe(true);
      }
    }

    expect((await cli(root, ['score', '--shard', '0/2', '--date', '2025-04-29'])).code).toBe(0);
    const missing = await cli(root, ['merge', '--shards', '2', '--date', '2025-04-29']);
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('CHURN_ERR_MISSING_SHARD');
    expect(missing.stderr).toContain('shard 1/2');
  });
});
