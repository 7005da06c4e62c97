import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDrift } from '../src/drift/drift-check.js';
import { type ScoreRequest, scoreFeatures } from '../src/score/score-features.js';
import { failure, fakeScorer, featureRows, type Row, tempDir, toCsv } from './fixtures.js';
import { referenceProfile } from './production-model.js';

const DATES = ['2025-04-28', '2025-04-29', '2025-04-30'];

function setup(text: string, overrides: Partial<ScoreRequest> = {}) {
  const dir = tempDir();
  const input = join(dir, 'user_features_daily.csv');
  writeFileSync(input, text);
  const request: ScoreRequest = {
    input,
    outDir: join(dir, 'predictions'),
    metricsDir: join(dir, 'metrics'),
    topK: 5,
    batchSize: 8,
    highRiskThreshold: 0.7,
    ...overrides,
  };
  return { dir, request };
}

/** Lines of the file for these rows, header first (line 1). */
const linesOf = (rows: readonly Row[]) => toCsv(rows).split('\n');

describe('worker input integrity', () => {
  it('refuses a features file cut mid-line (date-major, latest day) and writes nothing', async () => {
    const rows = featureRows({ users: 40, dates: DATES });
    const dateMajor = [...rows].sort((a, b) => a.as_of_date!.localeCompare(b.as_of_date!));
    const text = toCsv(dateMajor);
    // Cut inside the 20th row of the latest day: line 1 + 80 + 20 = 101.
    const lines = text.split('\n');
    const cut = `${lines.slice(0, 100).join('\n')}\n${lines[100]!.slice(0, 30)}`;
    const { request } = setup(cut);
    const error = await failure(scoreFeatures(fakeScorer(), request));
    expect(error.code).toBe('CHURN_ERR_INVALID_ROW');
    expect(error.message).toContain('user_features_daily.csv:101:');
    expect(readdirSync(request.input.replace(/[^/]+$/, ''))).toEqual(['user_features_daily.csv']);

    // --skip-invalid counts the cut row and scores the rest.
    const skipped = await scoreFeatures(fakeScorer(), { ...request, skipInvalid: true });
    expect(skipped).toMatchObject({ rows: 19, skippedRows: 1, skippedLines: [101] });
  });

  it("refuses a user-major file cut in a row of an earlier day (the pipeline's layout)", async () => {
    // Users 1-19 whole (lines 2-58), user 20 cut in its first day's row (line 59): the
    // latest day has 19 users, and the cut row is of a day that is not scored.
    const lines = linesOf(featureRows({ users: 40, dates: DATES }));
    const cut = `${lines.slice(0, 58).join('\n')}\n${lines[58]!.slice(0, 40)}`;
    const { request } = setup(cut);
    const error = await failure(scoreFeatures(fakeScorer(), request));
    expect(error.code).toBe('CHURN_ERR_INVALID_ROW');
    expect(error.message).toContain('user_features_daily.csv:59:');
  });

  it('refuses a last line without its line end even when every field is there', async () => {
    const text = toCsv(featureRows({ users: 5, dates: DATES }));
    const { request } = setup(text.slice(0, -1));
    const error = await failure(scoreFeatures(fakeScorer(), request));
    expect(error.code).toBe('CHURN_ERR_INVALID_ROW');
    expect(error.message).toContain(':16:');
  });

  it('refuses a short row of another day than the one scored (the file is corrupt)', async () => {
    const lines = linesOf(featureRows({ users: 5, dates: DATES }));
    lines[1] = lines[1]!.split(',').slice(0, 12).join(',');
    const { request } = setup(lines.join('\n'));
    const error = await failure(scoreFeatures(fakeScorer(), request));
    expect(error.code).toBe('CHURN_ERR_INVALID_ROW');
    expect(error.message).toMatch(/:2: has 12 fields, the header has \d+/);
  });

  it('refuses a number beyond float32 naming file, line and column', async () => {
    for (const value of ['1e39', '-1e39', '1e309']) {
      const rows = featureRows({ users: 4, dates: DATES });
      rows[5]!.events_7d = value; // user 2, latest day: line 7
      const { request } = setup(toCsv(rows));
      const error = await failure(scoreFeatures(fakeScorer(), request));
      expect(error.code).toBe('CHURN_ERR_INVALID_ROW');
      expect(error.message).toMatch(/user_features_daily\.csv:7: column events_7d: /);
      const all = await failure(
        scoreFeatures(fakeScorer(), { ...request, allDates: true, batchSize: 4096 }),
      );
      expect(all.message).toMatch(/user_features_daily\.csv:7: column events_7d: /);
    }
  });

  it('fails naming the file line when the scorer refuses a non-finite probability', async () => {
    const rows = featureRows({ users: 6, dates: DATES });
    const { request } = setup(toCsv(rows));
    const scorer = fakeScorer();
    const score = scorer.scoreFrame.bind(scorer);
    scorer.scoreFrame = async (frame, start = 0, end = frame.rows) => {
      const scores = await score(frame, start, end);
      // As @churn/scorer does for NaN: a typed error with the frame row.
      for (let row = start; row < end; row++) {
        if (frame.userId[row] === 4 && frame.asOfDate[row] === '2025-04-30') {
          throw Object.assign(new Error('non-finite probability'), {
            code: 'CHURN_ERR_SCORER_NON_FINITE',
            row,
          });
        }
      }
      return scores;
    };
    const error = await failure(scoreFeatures(scorer, request));
    expect(error.code).toBe('CHURN_ERR_INVALID_ROW');
    // User 4 on the latest day: data row 12, line 13.
    expect(error.message).toContain('user_features_daily.csv:13:');
  });

  it('warns when a day has fewer users than the previous run', async () => {
    const full = setup(toCsv(featureRows({ users: 30, dates: DATES })));
    const first = await scoreFeatures(fakeScorer(), { ...full.request, date: '2025-04-29' });
    expect(first.warnings).toEqual([]);
    const fewer = toCsv(featureRows({ users: 30, dates: DATES }).filter((r) => r.user_id !== '7'));
    writeFileSync(full.request.input, fewer);
    const second = await scoreFeatures(fakeScorer(), full.request);
    expect(second.rows).toBe(29);
    expect(second.warnings).toEqual([
      'read 29 users for 2025-04-30, fewer than the 30 of the previous run (2025-04-29)',
    ]);
    const written = JSON.parse(
      readFileSync(join(full.request.metricsDir, 'score_summary_2025-04-30.json'), 'utf8'),
    );
    expect(written.warnings).toEqual(second.warnings);
  });

  it('drift refuses a truncated features file', async () => {
    const dir = tempDir('churn-drift-');
    const current = toCsv(featureRows({ users: 50, dates: DATES }));
    const features = join(dir, 'user_features_daily.csv');
    writeFileSync(features, current.slice(0, current.length - 20));
    const error = await failure(
      checkDrift({
        profile: await referenceProfile(),
        profileFile: join(dir, 'reference-profile.json'),
        current: features,
        population: { kind: 'active', windowDays: 30 },
        features: ['events_30d'],
        scorer: fakeScorer(),
        batchSize: 100,
        warnThreshold: 0.1,
        failThreshold: 0.25,
        reportsDir: join(dir, 'reports'),
      }),
    );
    expect(error.code).toBe('CHURN_ERR_INVALID_ROW');
    expect(error.message).toContain(`${features}:151:`);
  });
});
