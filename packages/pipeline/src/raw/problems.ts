import type { ValidationCode } from '../errors.js';

/** One broken rule of the input, located by file, line, data row and column. */
export interface ValidationProblem {
  readonly code: ValidationCode;
  readonly file: string;
  /** 1-based line of the file (the header is line 1). */
  readonly line: number;
  /** 1-based data row (the first row after the header is 1); 0 for the header or the file. */
  readonly row: number;
  /** '' when the problem is about the whole file. */
  readonly column: string;
  readonly message: string;
}

const KEPT = 1000;

/** Collects problems; keeps the first 1000 and counts them all. */
export class ProblemList {
  readonly items: ValidationProblem[] = [];
  total = 0;

  add(problem: ValidationProblem): void {
    this.total++;
    if (this.items.length < KEPT) this.items.push(problem);
  }

  /** Adds a problem about a cell. */
  cell(
    code: ValidationCode,
    file: string,
    line: number,
    row: number,
    column: string,
    message: string,
  ): void {
    this.add({ code, file, line, row, column, message });
  }
}

/** `users.csv line 5 (row 4), column is_paid: must be 0 or 1, got "2" [CHURN_ERR_...]` */
export function formatProblem(problem: ValidationProblem): string {
  const where = problem.line > 0 ? ` line ${problem.line} (row ${problem.row})` : '';
  const column = problem.column ? `, column ${problem.column}` : '';
  return `${problem.file}${where}${column}: ${problem.message} [${problem.code}]`;
}

/** Shows `text` in a message, shortened. */
export function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}
