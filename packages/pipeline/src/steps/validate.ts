import { join } from 'node:path';
import { RAW_TABLES } from '../handoff.js';
import { ProblemList } from '../raw/problems.js';
import { readRawTables, writeValidationReport } from '../raw/read-raw-tables.js';
import type { Step } from '../step.js';

/** validate: the gate. Every problem of users.csv and events.csv, or the run stops here. */
export const validateStep: Step = {
  name: 'validate',
  description: 'check users.csv and events.csv',
  async run({ config, handoff }) {
    const problems = new ProblemList();
    const report = join(config.paths.reports, 'validation.json');
    try {
      const tables = await readRawTables(config.paths.raw, problems);
      handoff?.put(RAW_TABLES, tables);
      await writeValidationReport(report, problems);
      return {
        summary: `${tables.users.rows} users, ${tables.events.rows} events, no problems`,
        outputs: [report],
      };
    } catch (error) {
      if (problems.total > 0) await writeValidationReport(report, problems);
      throw error;
    }
  },
};
