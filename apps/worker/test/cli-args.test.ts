import { describe, expect, it } from 'vitest';
import { isIsoDate, parseWorkerArgs } from '../src/cli/args.js';
import { WorkerError } from '../src/errors.js';

function usageError(argv: string[]): string {
  try {
    parseWorkerArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkerError);
    expect((error as WorkerError).code).toBe('CHURN_ERR_USAGE');
    expect((error as WorkerError).exitCode).toBe(64);
    return (error as WorkerError).message;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseWorkerArgs', () => {
  it('parses score with every option', () => {
    expect(
      parseWorkerArgs([
        'score',
        '--date',
        '2025-04-30',
        '--input',
        'f.csv',
        '--out',
        'o',
        '--top-k',
        '10',
        '--skip-invalid',
      ]),
    ).toEqual({
      command: 'score',
      date: '2025-04-30',
      input: 'f.csv',
      out: 'o',
      topK: 10,
      allDates: false,
      skipInvalid: true,
    });
    expect(parseWorkerArgs(['score', '--all-dates'])).toEqual({
      command: 'score',
      allDates: true,
      skipInvalid: false,
    });
  });

  it('parses drift, serve and help', () => {
    expect(parseWorkerArgs(['drift', '--date', '2025-04-30', '--reference', 't.csv'])).toEqual({
      command: 'drift',
      date: '2025-04-30',
      reference: 't.csv',
    });
    expect(parseWorkerArgs(['serve'])).toEqual({ command: 'serve' });
    expect(parseWorkerArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseWorkerArgs(['score', '-h'])).toEqual({ command: 'help' });
  });

  it('rejects bad usage with CHURN_ERR_USAGE', () => {
    expect(usageError([])).toContain('missing command');
    expect(usageError(['train'])).toContain('unknown command');
    expect(usageError(['score', '--date', '2025-02-30'])).toContain('--date');
    expect(usageError(['score', '--top-k', '0'])).toContain('--top-k');
    expect(usageError(['score', '--date', '2025-04-30', '--all-dates'])).toContain('exclude');
    expect(usageError(['drift', '--top-k', '3'])).toContain('does not apply');
    expect(usageError(['serve', 'now'])).toContain('unexpected argument');
    usageError(['score', '--colour']);
  });

  it('knows real calendar days', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-4-30')).toBe(false);
  });
});
