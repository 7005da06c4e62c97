import { join } from 'node:path';
import { buildDailyGrid, frameCsvColumns, TABLE_FILES, USER_DAILY_COLUMNS } from '@churn/features';
import { DAILY_GRID, RAW_TABLES } from '../handoff.js';
import { readRawTables } from '../raw/read-raw-tables.js';
import type { Step } from '../step.js';

/** prepare: the user x day grid with daily counts (user_daily.csv). */
export const prepareStep: Step = {
  name: 'prepare',
  description: 'user x day grid of daily counts',
  async run({ config, handoff, writer }) {
    // Run alone, prepare passes its input through the same gate as validate.
    const { users, events } = handoff?.take(RAW_TABLES) ?? (await readRawTables(config.paths.raw));
    const grid = buildDailyGrid(users, events);
    const file = join(config.paths.processed, TABLE_FILES.userDaily);
    const written = writer.write(file, frameCsvColumns(grid, USER_DAILY_COLUMNS, 'date'));
    handoff?.put(DAILY_GRID, { grid, file: written });
    return {
      summary: `${grid.rows} rows: ${grid.users} users x ${grid.days} days from ${grid.asOfDate[0]}`,
      outputs: [file],
    };
  },
};
