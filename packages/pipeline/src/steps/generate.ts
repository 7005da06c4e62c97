import { parseEpochDay } from '@churn/io';
import { PipelineError } from '../errors.js';
import { generateSyntheticData } from '../generate/synthetic-data.js';
import { writeRawTables } from '../raw/write-raw.js';
import type { Step } from '../step.js';

/** generate: seeded synthetic users.csv and events.csv under paths.raw. */
export const generateStep: Step = {
  name: 'generate',
  description: 'synthetic users and events (seeded)',
  async run({ config }) {
    const options = config.generate;
    // The schema checks the YYYY-MM-DD shape; the calendar is checked here.
    if (Number.isNaN(parseEpochDay(options.start_date))) {
      throw new PipelineError(
        'CHURN_ERR_PIPELINE_INVALID_OPTION',
        `generate.start_date: ${JSON.stringify(options.start_date)} is not a calendar date`,
      );
    }
    const { users, events } = generateSyntheticData({
      nUsers: options.n_users,
      days: options.days,
      startDate: options.start_date,
      seed: options.seed,
      paidRatio: options.paid_ratio,
      churnBaseRate: options.churn_base_rate,
      churnTrend: options.churn_trend,
    });
    const outputs = await writeRawTables(config.paths.raw, users, events);
    return {
      summary: `${users.rows} users, ${events.rows} events (seed ${options.seed}, ${options.days} days from ${options.start_date}${options.churn_trend > 0 ? `, churn trend ${options.churn_trend}` : ''})`,
      outputs,
    };
  },
};
