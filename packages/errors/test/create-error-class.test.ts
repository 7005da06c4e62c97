import { describe, expect, it } from 'vitest';
import { churnErrorCode, createErrorClass } from '../src/index.js';

type Code = 'CHURN_ERR_A' | 'CHURN_ERR_B';

describe('createErrorClass', () => {
  const PlainError = createErrorClass<Code, { file?: string }>('PlainError');
  const StatusError = createErrorClass<Code, { status: number }>('StatusError', {
    defaults: (code) => ({ status: code === 'CHURN_ERR_A' ? 400 : 503, message: 'by default' }),
  });

  it('makes an Error with the code, the message and a name of its own', () => {
    const error = new PlainError('CHURN_ERR_A', 'bad input');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(PlainError);
    expect(error).not.toBeInstanceOf(StatusError);
    expect(error.code).toBe('CHURN_ERR_A');
    expect(error.message).toBe('bad input');
    expect(error.name).toBe('PlainError');
    expect(PlainError.name).toBe('PlainError');
    expect(error.stack?.split('\n')[0]).toBe('PlainError: bad input');
    expect(churnErrorCode(error)).toBe('CHURN_ERR_A');
  });

  it('sets the fields and the cause the options give', () => {
    const cause = new Error('disk');
    const error = new PlainError('CHURN_ERR_B', 'cannot read', { file: 'a.csv', cause });
    expect(error.file).toBe('a.csv');
    expect(error.cause).toBe(cause);
    expect(Object.hasOwn(new PlainError('CHURN_ERR_B', 'x'), 'cause')).toBe(false);
  });

  it('takes per-code defaults, which the options override', () => {
    expect(new StatusError('CHURN_ERR_A').status).toBe(400);
    expect(new StatusError('CHURN_ERR_B').message).toBe('by default');
    expect(new StatusError('CHURN_ERR_B', 'busy', { status: 429 }).status).toBe(429);
  });

  it('formats the message from the fields', () => {
    const Located = createErrorClass<Code, { line?: number }>('Located', {
      format: (message, { line }) => (line ? `line ${line}: ${message}` : message),
    });
    expect(new Located('CHURN_ERR_A', 'bad', { line: 3 }).message).toBe('line 3: bad');
    expect(new Located('CHURN_ERR_A', 'bad').message).toBe('bad');
  });

  it('gives no code for an error not raised on purpose', () => {
    expect(churnErrorCode(new TypeError('x'))).toBeNull();
    expect(churnErrorCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBeNull();
    expect(churnErrorCode(null)).toBeNull();
  });
});
