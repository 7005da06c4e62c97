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

  /**
   * Puts the kept problems in file order: by file (in the order the files were read), then
   * by line, then as found. Reading finds a malformed row when its chunk is read, before the
   * cells of earlier rows in it, and a file read on two threads finds its halves' problems
   * apart: sorted, the report is the same however the file was read.
   */
  sortByLine(): void {
    const files = new Map<string, number>();
    for (const problem of this.items) {
      if (!files.has(problem.file)) files.set(problem.file, files.size);
    }
    const order = this.items.map((problem, found) => ({ problem, found }));
    order.sort(
      (a, b) =>
        files.get(a.problem.file)! - files.get(b.problem.file)! ||
        a.problem.line - b.problem.line ||
        a.found - b.found,
    );
    order.forEach(({ problem }, i) => {
      this.items[i] = problem;
    });
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
