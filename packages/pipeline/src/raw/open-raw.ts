import { stat } from 'node:fs/promises';
import { type CsvBatch, type CsvSource, IoError, type OpenCsvOptions, openCsv } from '@churn/io';
import type { ProblemList, ValidationProblem } from './problems.js';

/**
 * Opens a raw input file and checks its header. Returns null (after adding the problems)
 * when the file is missing, empty or lacks a required column: its rows cannot be read.
 */
export async function openRaw(
  file: string,
  required: readonly string[],
  problems: ProblemList,
  part?: OpenCsvOptions['part'],
): Promise<{ csv: CsvSource; col: (name: string) => number } | null> {
  const exists = await stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
  if (!exists) {
    problems.add({
      code: 'CHURN_ERR_VALIDATION_MISSING_FILE',
      file,
      line: 0,
      row: 0,
      column: '',
      message: 'file not found',
    });
    return null;
  }
  let csv: CsvSource;
  try {
    // Malformed rows are problems like any other; kept, so their cells are checked too.
    csv = await openCsv(file, {
      ...(part ? { part } : {}),
      onMalformedRow: ({ code, line, row, message }) => {
        problems.add({
          code:
            code === 'CHURN_ERR_CSV_TRUNCATED'
              ? 'CHURN_ERR_VALIDATION_TRUNCATED'
              : 'CHURN_ERR_VALIDATION_FIELD_COUNT',
          file,
          line,
          row,
          column: '',
          message,
        });
        return 'keep';
      },
    });
  } catch (error) {
    if (!(error instanceof IoError)) throw error;
    if (error.code === 'CHURN_ERR_CSV_TRUNCATED') {
      problems.add({
        code: 'CHURN_ERR_VALIDATION_TRUNCATED',
        file,
        line: 1,
        row: 0,
        column: '',
        message: 'the header has no line end: the file is cut short',
      });
      return null;
    }
    if (error.code !== 'CHURN_ERR_CSV_EMPTY') throw error;
    problems.add({
      code: 'CHURN_ERR_VALIDATION_EMPTY_FILE',
      file,
      line: 1,
      row: 0,
      column: '',
      message: 'empty file: no header row',
    });
    return null;
  }
  const missing = required.filter((name) => csv.columnIndex(name) < 0);
  for (const column of missing) {
    problems.cell(
      'CHURN_ERR_VALIDATION_MISSING_COLUMN',
      file,
      1,
      0,
      column,
      'required column is missing from the header',
    );
  }
  if (missing.length > 0) {
    // Read no rows, but still close the file.
    for await (const _ of csv.batches()) break;
    return null;
  }
  return { csv, col: (name) => csv.columnIndex(name) };
}

/** A cell that must hold an integer id; returns NaN (after adding a problem) when it does not. */
export function readId(
  batch: CsvBatch,
  r: number,
  row: number,
  col: number,
  problems: ProblemList,
): number {
  const value = batch.number(r, col);
  if (Number.isInteger(value)) return value;
  const empty = batch.isEmpty(r, col);
  problems.cell(
    empty ? 'CHURN_ERR_VALIDATION_MISSING_VALUE' : 'CHURN_ERR_VALIDATION_NOT_AN_INTEGER',
    batch.file,
    batch.line(r),
    row,
    batch.header[col]!,
    empty ? 'must not be empty' : `must be an integer, got ${JSON.stringify(batch.text(r, col))}`,
  );
  return Number.NaN;
}

/**
 * An optional numeric cell within [min, max] (bounds inclusive unless `exclusiveMin`):
 * NaN when empty; NaN and a problem when not a number or out of range.
 */
export function readMeasure(
  batch: CsvBatch,
  r: number,
  row: number,
  col: number,
  problems: ProblemList,
  range: { min: number; max: number; exclusiveMin?: boolean },
): number {
  const value = batch.number(r, col);
  if (Number.isNaN(value)) {
    if (!batch.isEmpty(r, col)) {
      problems.cell(
        'CHURN_ERR_VALIDATION_NOT_A_NUMBER',
        batch.file,
        batch.line(r),
        row,
        batch.header[col]!,
        `must be a number, got ${JSON.stringify(batch.text(r, col))}`,
      );
    }
    return Number.NaN;
  }
  const low = range.exclusiveMin ? value <= range.min : value < range.min;
  if (low || value > range.max) {
    const lower = `${range.exclusiveMin ? '>' : '>='} ${range.min}`;
    const upper = Number.isFinite(range.max) ? ` and <= ${range.max}` : '';
    problems.cell(
      'CHURN_ERR_VALIDATION_OUT_OF_RANGE',
      batch.file,
      batch.line(r),
      row,
      batch.header[col]!,
      `must be ${lower}${upper}, got ${value}`,
    );
    return Number.NaN;
  }
  return value;
}

/** The problem of a file that has a header but no data rows. */
export function noRows(file: string): ValidationProblem {
  return {
    code: 'CHURN_ERR_VALIDATION_EMPTY_FILE',
    file,
    line: 2,
    row: 1,
    column: '',
    message: 'has a header but no data rows',
  };
}
