import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCsv } from '@churn/io';
import { describe, expect, it } from 'vitest';
import { PREDICTION_COLUMNS, PredictionStore } from '../src/score/prediction-store.js';
import { scoreStats } from '../src/score/score-stats.js';
import { tempDir } from './fixtures.js';

/** The predictions file of the store's rows up to `maxRank`, as the worker writes it. */
async function csvText(store: PredictionStore, maxRank?: number): Promise<string> {
  const file = join(tempDir(), 'predictions.csv');
  await writeCsv(file, store.columns(store.rank(), maxRank));
  return readFileSync(file, 'utf8');
}

describe('scoreStats', () => {
  it('matches hand-computed values (linear-interpolation quantiles)', () => {
    // sorted 0.1 0.2 0.3 0.8 0.9: p50 = 0.3, p90: h = 3.6 -> 0.8 + 0.6*0.1, p99: h = 3.96
    const stats = scoreStats([0.9, 0.1, 0.3, 0.8, 0.2], 0.7);
    expect(stats.rows).toBe(5);
    expect(stats.mean).toBeCloseTo(0.46, 12);
    expect(stats.p50).toBeCloseTo(0.3, 12);
    expect(stats.p90).toBeCloseTo(0.86, 12);
    expect(stats.p99).toBeCloseTo(0.896, 12);
    expect(stats.shareHighRisk).toBe(0.4);
    expect(() => scoreStats([], 0.7)).toThrow(RangeError);
  });
});

describe('PredictionStore', () => {
  it('ranks by date, then risk descending, then user id, and quotes odd texts', async () => {
    const store = new PredictionStore();
    store.append({
      rows: 4,
      userId: Int32Array.of(3, 1, 2, 4),
      asOfDate: ['2025-01-02', '2025-01-02', '2025-01-01', '2025-01-02'],
      plan: ['free', 'paid', 'free', 'free'],
      country: ['IN', 'US', 'UK', 'a,b'],
      marketingSource: ['ads', 'ads', 'ads', 'ads'],
      isPaid: Float64Array.of(0, 1, 0, 0),
      daysSinceSignup: Float64Array.of(1, 2, 3, Number.NaN),
      daysSinceLastActivity: Float64Array.of(0, 0, 0, 0),
      scores: Float32Array.of(0.5, 0.5, 0.25, 0.75),
    });
    const text = await csvText(store);
    expect(text.split('\n')[0]).toBe(PREDICTION_COLUMNS.join(','));
    expect(text.split('\n').slice(1, 5)).toEqual([
      '2,2025-01-01,free,0,UK,ads,3,0,0.25,1',
      '4,2025-01-02,free,0,"a,b",ads,,0,0.75,1',
      '1,2025-01-02,paid,1,US,ads,2,0,0.5,2',
      '3,2025-01-02,free,0,IN,ads,1,0,0.5,3',
    ]);
    expect((await csvText(store, 1)).split('\n')).toHaveLength(4);
  });
});
