import { expect, test } from 'vitest';
import { testSummary } from '../src/test-summary.js';

const log = `
@churn/config:test:  Test Files  6 passed (6)
@churn/config:test:       Tests  41 passed (41)
\u001b[32m@churn/api:test:\u001b[0m  Test Files  1 failed | 11 passed (12)
\u001b[32m@churn/api:test:\u001b[0m       Tests  2 failed | 118 passed | 1 skipped (121)

 Tasks:    25 successful, 26 total
Cached:    20 cached, 26 total
`;

test('one row a package, totals, and the turbo line', () => {
  expect(testSummary(log)).toBe(
    [
      '### npm test',
      '',
      '| package | test files | tests |',
      '| --- | --- | --- |',
      '| @churn/api | 1 failed \\| 11 passed (12) | 2 failed \\| 118 passed \\| 1 skipped (121) |',
      '| @churn/config | 6 passed (6) | 41 passed (41) |',
      '| **all** | | **159 passed, 2 failed, 1 skipped** |',
      '',
      'turbo: 25 successful, 26 total; cached: 20 cached, 26 total',
      '',
    ].join('\n'),
  );
});

test('a log without vitest lines gives a table with zero totals', () => {
  expect(testSummary('nothing here\n')).toContain('**0 passed, 0 failed, 0 skipped**');
});
