import { describe, expect, it } from 'vitest';
import { codeMapProblems, HttpErrorCodes } from '../src/index.js';

describe('codeMapProblems', () => {
  it('finds nothing wrong in maps whose codes are their keys and unique', () => {
    expect(
      codeMapProblems({
        io: { CHURN_ERR_IO_X: 'CHURN_ERR_IO_X' },
        features: { CHURN_ERR_FEATURES_X: 'CHURN_ERR_FEATURES_X' },
      }),
    ).toEqual([]);
  });

  it('names a key that is not its own code', () => {
    expect(codeMapProblems({ io: { CHURN_ERR_X: 'CHURN_ERR_Y' } })).toEqual([
      'io: key CHURN_ERR_X has the code CHURN_ERR_Y',
    ]);
  });

  it('names a code that two owners define', () => {
    expect(
      codeMapProblems({
        train: { CHURN_ERR_INVALID_OPTION: 'CHURN_ERR_INVALID_OPTION' },
        pipeline: { CHURN_ERR_INVALID_OPTION: 'CHURN_ERR_INVALID_OPTION' },
      }),
    ).toEqual(['CHURN_ERR_INVALID_OPTION is defined by both train and pipeline']);
  });

  it('lets both apps use the shared HTTP codes', () => {
    const notFound = { CHURN_ERR_NOT_FOUND: 'CHURN_ERR_NOT_FOUND' };
    expect(codeMapProblems({ api: notFound, worker: notFound }, HttpErrorCodes)).toEqual([]);
    expect(codeMapProblems({ api: notFound, worker: notFound })).toHaveLength(1);
  });
});
