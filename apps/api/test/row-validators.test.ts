import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors.js';
import { compileRowValidators, type RowValidators } from '../src/model/request-validator.js';

const features = (strict: boolean) => ({
  type: 'object',
  properties: { logins_7d: { type: ['number', 'null'] }, plan: { type: ['string', 'null'] } },
  additionalProperties: !strict,
});

function detailsOf(assert: () => void): Array<{ path: string }> {
  try {
    assert();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError & { details: Array<{ path: string }> }).details;
  }
  throw new Error('expected a validation error');
}

describe('compileRowValidators', () => {
  it('checks each batch row with the row validator, naming the bad row', () => {
    const validators: RowValidators = compileRowValidators(features(false), 10);
    const good = { user_id: 1, features: { logins_7d: 3 } };
    const bad = { user_id: 2, features: { logins_7d: 'three' } };
    validators.assertPredict(good);
    validators.assertBatch({ rows: [good, good] });
    expect(detailsOf(() => validators.assertPredict(bad)).map((d) => d.path)).toEqual([
      'features.logins_7d',
    ]);
    expect(
      detailsOf(() => validators.assertBatch({ rows: [good, bad] })).map((d) => d.path),
    ).toEqual(['rows[1].features.logins_7d']);
    validators.release();
  });

  it('keeps the validators of two models apart, also after one is released', () => {
    const loose: RowValidators = compileRowValidators(features(false), 10);
    const strict: RowValidators = compileRowValidators(features(true), 10);
    const unknown = { user_id: 1, features: { shoe_size: 44 } };
    loose.assertBatch({ rows: [unknown] });
    expect(detailsOf(() => strict.assertBatch({ rows: [unknown] })).map((d) => d.path)).toEqual([
      'rows[0].features.shoe_size',
    ]);
    loose.release();
    expect(detailsOf(() => strict.assertPredict(unknown)).map((d) => d.path)).toEqual([
      'features.shoe_size',
    ]);
    strict.release();
  });
});
