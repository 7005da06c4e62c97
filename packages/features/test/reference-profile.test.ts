import { describe, expect, it } from 'vitest';
import type { FeatureFrame } from '../src/frame.js';
import {
  buildReferenceProfile,
  parseReferenceProfile,
  type ReferenceProfileInput,
  withModelScores,
} from '../src/reference-profile.js';

// Four users on two days; users 3 and 4 have been inactive for 30+ days.
const frame: FeatureFrame = {
  rows: 4,
  userId: Int32Array.of(1, 2, 3, 4),
  asOfDate: ['2025-03-02', '2025-03-01', '2025-03-01', '2025-03-02'],
  numeric: new Map([
    ['days_since_last_activity', Float64Array.of(0, 29, 30, 41)],
    ['events_30d', Float64Array.of(10, Number.NaN, 0, 0)],
  ]),
  categorical: new Map([['plan', ['paid', 'free', 'free', 'free']]]),
};

const input: ReferenceProfileInput = {
  model: { name: 'lr', version: 'lr-1' },
  source: 'test split',
  frame,
  scores: Float32Array.of(0.1, 0.5, 0.9, 0.95),
  features: [
    { name: 'days_since_last_activity', type: 'numeric' },
    { name: 'events_30d', type: 'numeric' },
    { name: 'plan', type: 'categorical' },
  ],
  trainingWindow: { from: '2025-01-01', to: '2025-03-02' },
  rows: { train: 10, test: 4 },
  bins: 2,
  windowDays: 30,
};

describe('reference profile', () => {
  it('profiles every row and the active population, features and scores', () => {
    const profile = buildReferenceProfile(input);
    expect(profile.window).toEqual({ from: '2025-03-01', to: '2025-03-02' });
    expect(profile.populations.all.rows).toBe(4);
    const active = profile.populations.active;
    expect(active.rows).toBe(2);
    expect(active.categorical.plan).toEqual({ shares: { free: 0.5, paid: 0.5 }, count: 2 });
    expect(active.numeric.events_30d).toEqual({
      cuts: [10],
      shares: [0.5, 0],
      missingShare: 0.5,
      count: 2,
    });
    expect(active.predictions.cuts).toEqual([
      Math.fround(0.1) + (Math.fround(0.5) - Math.fround(0.1)) / 2,
    ]);
    const text = JSON.stringify(profile);
    expect(parseReferenceProfile(text, 'p.json')).toEqual(profile);
  });

  it("gives another model's profile of the same rows: the same as building it anew", () => {
    const other = {
      ...input,
      model: { name: 'gb', version: 'gb-1' },
      scores: [0.9, 0.7, 0.2, 0.1],
    };
    expect(withModelScores(buildReferenceProfile(input), other)).toEqual(
      buildReferenceProfile(other),
    );
  });

  it('refuses a file that is not a profile of this schema version', () => {
    const profile = buildReferenceProfile(input);
    const cases = [
      'not json',
      JSON.stringify({ ...profile, kind: 'churn-model-card' }),
      JSON.stringify({ ...profile, schemaVersion: 2 }),
      JSON.stringify({ ...profile, populations: { all: profile.populations.all } }),
    ];
    for (const text of cases) {
      expect(() => parseReferenceProfile(text, 'p.json')).toThrow(
        expect.objectContaining({ code: 'CHURN_ERR_PROFILE_INVALID' }),
      );
    }
  });

  it('fails fast when scores and rows differ', () => {
    expect(() => buildReferenceProfile({ ...input, scores: [0.5] })).toThrow(RangeError);
  });
});
