import { describe, expect, it } from 'vitest';
import { fitInputSchema, NUMERIC_IMPUTE_VALUE, splitFrame, timeSplit } from '../src/train/index.js';
import { codeOf, makeFrame } from './train-fixtures.js';

function dated(dates: string[]) {
  return makeFrame({
    numeric: { x: dates.map((_, i) => i) },
    label: dates.map((_, i) => i % 2),
    asOfDate: dates,
  });
}

describe('timeSplit', () => {
  it('puts the last test_fraction of distinct dates in the test set', () => {
    // 10 distinct dates, shuffled, two rows for some
    const days = [5, 1, 9, 10, 2, 3, 10, 4, 6, 7, 8, 9];
    const frame = dated(days.map((d) => `2025-01-${String(d).padStart(2, '0')}`));
    const split = timeSplit(frame, 0.2);
    expect(split.testFrom).toBe('2025-01-09');
    expect(split.testTo).toBe('2025-01-10');
    expect(split.trainFrom).toBe('2025-01-01');
    expect(split.trainTo).toBe('2025-01-08');
    expect([...split.test]).toEqual([2, 3, 6, 11]);
    expect(split.train.length + split.test.length).toBe(frame.rows);
    const { train, test } = splitFrame(frame, split);
    expect(train.rows).toBe(8);
    expect(test.asOfDate).toEqual(['2025-01-09', '2025-01-10', '2025-01-10', '2025-01-09']);
    expect([...test.label!]).toEqual([0, 1, 0, 1]);
  });

  it('keeps at least one date on each side', () => {
    const frame = dated(['2025-01-01', '2025-01-02']);
    expect(timeSplit(frame, 0.01).test.length).toBe(1);
    expect(timeSplit(frame, 0.99).train.length).toBe(1);
  });

  it('fails fast on one date or a bad fraction', () => {
    expect(codeOf(() => timeSplit(dated(['2025-01-01', '2025-01-01']), 0.2))).toBe(
      'CHURN_ERR_TOO_FEW_DATES',
    );
    expect(codeOf(() => timeSplit(dated(['2025-01-01', '2025-01-02']), 1))).toBe(
      'CHURN_ERR_TRAIN_INVALID_OPTION',
    );
  });
});

describe('fitInputSchema', () => {
  it('sorts vocabularies (code-unit order) and imputes numerics with 0', () => {
    const frame = makeFrame({
      numeric: { x: [1, Number.NaN, 3] },
      categorical: { plan: ['paid', 'free', 'missing'], country: ['US', 'IN', 'US'] },
    });
    const schema = fitInputSchema(frame, [
      { name: 'plan', type: 'categorical' },
      { name: 'x', type: 'numeric' },
      { name: 'country', type: 'categorical' },
    ]);
    expect(NUMERIC_IMPUTE_VALUE).toBe(0);
    expect(schema.numeric).toEqual([{ name: 'x', impute: 0 }]);
    expect(schema.categorical).toEqual([
      { name: 'plan', categories: ['free', 'missing', 'paid'] },
      { name: 'country', categories: ['IN', 'US'] },
    ]);
  });
});
