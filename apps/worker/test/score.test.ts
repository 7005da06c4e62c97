import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerError } from '../src/errors.js';
import { type ScoreRequest, scoreFeatures } from '../src/score/score-features.js';
import {
  failure,
  fakeScorer,
  featureRows,
  parseCsv,
  type Row,
  referenceRisk,
  tempDir,
  toCsv,
  writeCsvFile,
} from './fixtures.js';

const DATES = ['2025-03-01', '2025-03-02', '2025-03-03'];

function setup(rows: readonly Row[], overrides: Partial<ScoreRequest> = {}) {
  const dir = tempDir();
  const input = writeCsvFile(dir, 'user_features_daily.csv', rows);
  const request: ScoreRequest = {
    input,
    outDir: join(dir, 'predictions'),
    metricsDir: join(dir, 'metrics'),
    topK: 5,
    batchSize: 4,
    highRiskThreshold: 0.7,
    ...overrides,
  };
  return { dir, input, request };
}

function read(file: string): Row[] {
  return parseCsv(readFileSync(file, 'utf8'));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkerError);
    return (error as WorkerError).code;
  }
  throw new Error('expected a WorkerError');
}

describe('scoreFeatures', () => {
  it('scores every user of the latest date with its own score, ranked by risk', async () => {
    const rows = featureRows({ users: 23, dates: DATES });
    const { request } = setup(rows);
    const scorer = fakeScorer();
    const summary = await scoreFeatures(scorer, request);

    const file = join(request.outDir, 'predictions_2025-03-03.csv');
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe(
      'user_id,as_of_date,plan,is_paid,country,marketing_source,days_since_signup,days_since_last_activity,churn_risk,risk_rank',
    );
    const scored = parseCsv(text);
    expect(scored).toHaveLength(23);
    const byUser = new Map(
      rows.filter((r) => r.as_of_date === '2025-03-03').map((r) => [r.user_id, r]),
    );
    for (const [k, out] of scored.entries()) {
      const source = byUser.get(out.user_id!)!;
      // Row by row: the written risk reads back as exactly the float32 the scorer gives that user.
      expect(Math.fround(Number(out.churn_risk))).toBe(referenceRisk(source));
      expect(out.as_of_date).toBe('2025-03-03');
      expect(out.plan).toBe(source.plan);
      expect(out.country).toBe(source.country);
      expect(out.marketing_source).toBe(source.marketing_source || 'missing');
      expect(out.days_since_last_activity).toBe(source.days_since_last_activity);
      expect(Number(out.risk_rank)).toBe(k + 1);
      if (k > 0)
        expect(Number(out.churn_risk)).toBeLessThanOrEqual(Number(scored[k - 1]!.churn_risk));
    }
    expect(scorer.batches).toEqual([4, 4, 4, 4, 4, 3]);

    const top = read(join(request.outDir, 'churn_top_5_2025-03-03.csv'));
    expect(top).toEqual(scored.slice(0, 5));
    expect(readFileSync(join(request.outDir, 'predictions_latest.csv'), 'utf8')).toBe(text);

    const summaryFile = join(request.metricsDir, 'score_summary_2025-03-03.json');
    expect(JSON.parse(readFileSync(summaryFile, 'utf8'))).toEqual(summary);
    const risks = scored.map((r) => Math.fround(Number(r.churn_risk)));
    expect(summary).toMatchObject({
      kind: 'churn-score-summary',
      asOfDate: '2025-03-03',
      rows: 23,
      skippedRows: 0,
      model: { name: 'logistic_regression', version: 'logistic_regression-test-1' },
      input: { rowsRead: 69 },
    });
    // The written text reads back as the exact float32; sums differ only by rounding (1e-9).
    expect(summary.mean).toBeCloseTo(risks.reduce((a, b) => a + b, 0) / risks.length, 9);
    expect(summary.p50).toBeCloseTo(risks[11]!, 9);
    expect(summary.shareHighRisk).toBe(risks.filter((r) => r > 0.7).length / 23);
    const sha = createHash('sha256').update(readFileSync(request.input)).digest('hex');
    expect(summary.input.fingerprint).toBe(`sha256:${sha}`);
  });

  it('scores only users active within the churn window unless the population is all', async () => {
    // Every third user has been inactive for 30+ days: already churned, not scored by default.
    const rows = featureRows({ users: 30, dates: DATES }).map((row) =>
      Number(row.user_id) % 3 === 0 ? { ...row, days_since_last_activity: '30' } : row,
    );
    const active = { kind: 'active', windowDays: 30 } as const;
    for (const allDates of [false, true]) {
      const { request } = setup(rows, { population: active, allDates, batchSize: 8 });
      const summary = await scoreFeatures(fakeScorer(), request);
      const label = allDates ? 'all' : '2025-03-03';
      const scored = read(join(request.outDir, `predictions_${label}.csv`));
      expect(scored.every((r) => Number(r.user_id) % 3 !== 0)).toBe(true);
      expect(scored).toHaveLength(allDates ? 60 : 20);
      expect(summary.rows).toBe(scored.length);
      expect(summary.population).toEqual({ ...active, excludedRows: allDates ? 30 : 10 });
    }
    const { request } = setup(rows, { population: { kind: 'all', windowDays: 30 } });
    const summary = await scoreFeatures(fakeScorer(), request);
    expect(summary.rows).toBe(30);
    expect(summary.population.excludedRows).toBe(0);
  });

  it('finds the latest date whatever the row order (date-major file)', async () => {
    const rows = featureRows({ users: 9, dates: DATES });
    const dateMajor = [...rows].sort((a, b) => a.as_of_date!.localeCompare(b.as_of_date!));
    const { request } = setup(dateMajor, { batchSize: 2 });
    const summary = await scoreFeatures(fakeScorer(), request);
    expect(summary.asOfDate).toBe('2025-03-03');
    const scored = read(join(request.outDir, 'predictions_2025-03-03.csv'));
    expect(scored.map((r) => r.user_id).sort()).toEqual(
      ['1', '2', '3', '4', '5', '6', '7', '8', '9'].sort(),
    );
  });

  it('scores a chosen date and keeps predictions_latest.csv for the newest day', async () => {
    const { request } = setup(featureRows({ users: 6, dates: DATES }), { date: '2025-03-02' });
    const summary = await scoreFeatures(fakeScorer(), request);
    expect(summary.rows).toBe(6);
    expect(readdirSync(request.outDir).sort()).toEqual([
      'churn_top_5_2025-03-02.csv',
      'predictions_2025-03-02.csv',
    ]);
    expect(
      read(join(request.outDir, 'predictions_2025-03-02.csv')).every(
        (r) => r.as_of_date === '2025-03-02',
      ),
    ).toBe(true);
  });

  it('scores every row with --all-dates, ranked within each date', async () => {
    const rows = featureRows({ users: 7, dates: DATES });
    const { request } = setup(rows, { allDates: true, topK: 2 });
    const summary = await scoreFeatures(fakeScorer(), request);
    expect(summary).toMatchObject({
      asOfDate: null,
      rows: 21,
      dates: { first: DATES[0], last: DATES[2], count: 3 },
    });
    const scored = read(join(request.outDir, 'predictions_all.csv'));
    expect(scored.map((r) => r.as_of_date)).toEqual(DATES.flatMap((d) => Array(7).fill(d)));
    expect(scored.map((r) => Number(r.risk_rank))).toEqual(
      DATES.flatMap(() => [1, 2, 3, 4, 5, 6, 7]),
    );
    const source = new Map(rows.map((r) => [`${r.user_id}|${r.as_of_date}`, r]));
    for (const out of scored) {
      expect(Math.fround(Number(out.churn_risk))).toBe(
        referenceRisk(source.get(`${out.user_id}|${out.as_of_date}`)!),
      );
    }
    expect(read(join(request.outDir, 'churn_top_2_all.csv'))).toHaveLength(6);
    expect(existsSync(join(request.outDir, 'predictions_latest.csv'))).toBe(false);
    expect(existsSync(join(request.metricsDir, 'score_summary_all.json'))).toBe(true);
  });

  it('reads whole CSV batches for --all-dates with the same results and errors', async () => {
    const rows = featureRows({ users: 30, dates: DATES, seed: 3 });
    const { request } = setup(rows, { allDates: true, batchSize: 4096 });
    const summary = await scoreFeatures(fakeScorer(), request);
    expect(summary.rows).toBe(90);
    const source = new Map(rows.map((r) => [`${r.user_id}|${r.as_of_date}`, r]));
    for (const out of read(join(request.outDir, 'predictions_all.csv'))) {
      const row = source.get(`${out.user_id}|${out.as_of_date}`)!;
      expect(Math.fround(Number(out.churn_risk))).toBe(referenceRisk(row));
      expect(out.marketing_source).toBe(row.marketing_source || 'missing');
    }
    rows[40]!.watch_minutes_7d = '12abc'; // line 42
    rows[70]!.days_since_signup = '1e999'; // line 72
    const bad = setup(rows, { allDates: true, batchSize: 4096 });
    const error = await failure(scoreFeatures(fakeScorer(), bad.request));
    expect(error.code).toBe('CHURN_ERR_INVALID_ROW');
    expect(error.message).toContain(':42:');
    const skipped = await scoreFeatures(fakeScorer(), { ...bad.request, skipInvalid: true });
    expect(skipped).toMatchObject({ rows: 88, skippedRows: 2, skippedLines: [42, 72] });
  });

  it('fails on a bad value with its line number, writes nothing and keeps previous outputs', async () => {
    const rows = featureRows({ users: 5, dates: DATES });
    rows[14]!.events_7d = 'abc'; // user 5, 2025-03-03: line 16 (header is line 1)
    const { request } = setup(rows);
    mkdirSync(request.outDir, { recursive: true });
    writeFileSync(join(request.outDir, 'predictions_latest.csv'), 'previous\n');
    const error = await scoreFeatures(fakeScorer(), request).catch((e: unknown) => e);
    expect((error as WorkerError).code).toBe('CHURN_ERR_INVALID_ROW');
    expect((error as WorkerError).message).toContain('user_features_daily.csv:16:');
    expect((error as WorkerError).message).toContain('events_7d');
    expect(readdirSync(request.outDir)).toEqual(['predictions_latest.csv']);
    expect(readFileSync(join(request.outDir, 'predictions_latest.csv'), 'utf8')).toBe('previous\n');
    expect(existsSync(request.metricsDir)).toBe(false);
  });

  it('ignores a bad value in a row of another date than the one scored', async () => {
    const rows = featureRows({ users: 4, dates: DATES });
    rows[0]!.events_7d = 'abc'; // user 1, 2025-03-01
    const { request } = setup(rows);
    expect((await scoreFeatures(fakeScorer(), request)).rows).toBe(4);
  });

  it('fails on a row with a wrong number of fields or a bad date', async () => {
    const rows = featureRows({ users: 3, dates: DATES });
    const { dir, request } = setup(rows);
    const lines = toCsv(rows).split('\n');
    lines[3] = lines[3]!.split(',').slice(0, 10).join(',');
    writeFileSync(request.input, lines.join('\n'));
    expect(await codeOf(scoreFeatures(fakeScorer(), request))).toBe('CHURN_ERR_INVALID_ROW');
    rows[2]!.as_of_date = '2025-02-30';
    const badDate = writeCsvFile(dir, 'bad-date.csv', rows);
    const error = await failure(scoreFeatures(fakeScorer(), { ...request, input: badDate }));
    expect(error.code).toBe('CHURN_ERR_INVALID_ROW');
    expect(error.message).toContain(':4:');
  });

  it('skips and counts invalid rows with skipInvalid', async () => {
    const rows = featureRows({ users: 6, dates: DATES });
    rows[5]!.days_since_signup = '1e999'; // user 2, latest date: line 7
    rows[17]!.plan = 'paid';
    rows[17]!.user_id = 'x'; // user 6, latest date: line 19
    const { request } = setup(rows, { skipInvalid: true });
    const summary = await scoreFeatures(fakeScorer(), request);
    expect(summary.rows).toBe(4);
    expect(summary.skippedRows).toBe(2);
    expect(summary.skippedLines).toEqual([7, 19]);
    const users = read(join(request.outDir, 'predictions_2025-03-03.csv')).map((r) => r.user_id);
    expect(users.sort()).toEqual(['1', '3', '4', '5']);
  });

  it('fails on an empty day and on a file without rows', async () => {
    const { request } = setup(featureRows({ users: 3, dates: DATES }), { date: '2025-04-01' });
    expect(await codeOf(scoreFeatures(fakeScorer(), request))).toBe('CHURN_ERR_NO_ROWS');
    expect(existsSync(request.outDir)).toBe(false);
    const empty = setup([]);
    expect(await codeOf(scoreFeatures(fakeScorer(), empty.request))).toBe('CHURN_ERR_NO_ROWS');
  });

  it('names missing columns and a missing input file', async () => {
    const { dir, request } = setup(featureRows({ users: 2, dates: DATES }));
    const noEvents = join(dir, 'no-events.csv');
    writeFileSync(noEvents, readFileSync(request.input, 'utf8').replace('events_7d', 'events_7'));
    const error = await failure(scoreFeatures(fakeScorer(), { ...request, input: noEvents }));
    expect(error.code).toBe('CHURN_ERR_MISSING_COLUMN');
    expect(error.message).toContain('events_7d');
    const missing = { ...request, input: join(dir, 'nope.csv') };
    expect(await codeOf(scoreFeatures(fakeScorer(), missing))).toBe('CHURN_ERR_INPUT_NOT_FOUND');
  });

  it('stops with CHURN_ERR_JOB_ABORTED when aborted and leaves no output', async () => {
    const { request } = setup(featureRows({ users: 5, dates: DATES }));
    const abort = new AbortController();
    abort.abort();
    expect(await codeOf(scoreFeatures(fakeScorer(), { ...request, signal: abort.signal }))).toBe(
      'CHURN_ERR_JOB_ABORTED',
    );
    expect(existsSync(request.outDir)).toBe(false);
  });
});
