import { join } from 'node:path';
import { type EventTable, TABLE_FILES, type UserTable } from '@churn/features';
import { writeFileAtomic } from '@churn/io';
import { PipelineError } from '../errors.js';
import { formatProblem, ProblemList } from './problems.js';
import { readEvents } from './read-events.js';
import { readUsers } from './read-users.js';

/** Problems listed in the error message; the rest are counted. */
const LISTED = 50;

export interface RawTables {
  readonly users: UserTable;
  readonly events: EventTable;
}

/**
 * The validation gate: reads users.csv and events.csv from `dir` and checks every row.
 * Throws CHURN_ERR_VALIDATION_FAILED listing the problems (first 50, and how many more);
 * `problems` on the error holds one line per problem (up to 1000).
 */
export async function readRawTables(dir: string, problems = new ProblemList()): Promise<RawTables> {
  const users = await readUsers(join(dir, TABLE_FILES.users), problems);
  const events = await readEvents(join(dir, TABLE_FILES.events), users, problems);
  problems.sortByLine();
  if (problems.total > 0 || !users || !events) {
    const lines = problems.items.map(formatProblem);
    const more = problems.total - Math.min(LISTED, lines.length);
    const listing = lines.slice(0, LISTED).map((line) => `  - ${line}`);
    if (more > 0) listing.push(`  ... and ${more} more`);
    throw new PipelineError(
      'CHURN_ERR_VALIDATION_FAILED',
      `validation failed: ${problems.total} problem(s) in ${dir}\n${listing.join('\n')}`,
      { problems: lines },
    );
  }
  return { users, events };
}

/** Writes the problems as JSON (an empty list when the input passed). */
export async function writeValidationReport(file: string, problems: ProblemList): Promise<void> {
  const body = JSON.stringify(
    {
      kind: 'churn-validation-report',
      schemaVersion: 1,
      total: problems.total,
      problems: problems.items,
    },
    null,
    2,
  );
  await writeFileAtomic(file, async (write) => write(Buffer.from(`${body}\n`)));
}
