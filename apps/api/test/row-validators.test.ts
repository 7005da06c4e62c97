import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors.js';
import { batchSchema, featuresSchema, predictRowSchema } from '../src/model/feature-schema.js';
import { compileRowValidators, type RowValidators } from '../src/model/request-validator.js';
import { inferBody } from '../src/routes/v2/models/schemas.js';
import { fakeCard } from './helpers/fake-model.js';

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

describe('the schemas the API compiles', () => {
  // The API's Ajv skips checking schemas against the meta-schema at run time; this checks them.
  const meta = new Ajv({ strict: false });
  const valid = (schema: object) => meta.validateSchema(schema) as boolean;

  it('are valid JSON Schema', () => {
    for (const strict of [false, true]) {
      const row = predictRowSchema(featuresSchema(fakeCard('v1'), strict));
      expect(valid(row)).toBe(true);
      expect(valid(batchSchema(row, 1000))).toBe(true);
      expect(valid(batchSchema({ $ref: 'churn-predict-row-1' }, 1000))).toBe(true);
    }
    expect(valid(inferBody)).toBe(true);
  });

  it('and the check refuses a schema that is not', () => {
    expect(valid({ type: 'object', properties: { plan: { type: 'strng' } } })).toBe(false);
    expect(valid({ type: 'array', minItems: -1 })).toBe(false);
  });
});
