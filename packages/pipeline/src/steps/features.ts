import { join } from 'node:path';
import {
  featureTableColumns,
  frameCsvColumns,
  readFeatureFrame,
  rollingFeatures,
  TABLE_FILES,
  toDailyGrid,
  USER_DAILY_COLUMNS,
} from '@churn/features';
import { DAILY_GRID, FEATURE_GRID } from '../handoff.js';
import type { Step } from '../step.js';
import { requireInput } from './input-file.js';

/** features: rolling windows over user_daily (user_features_daily.csv). */
export const featuresStep: Step = {
  name: 'features',
  description: 'rolling-window features per user and day',
  async run({ config, handoff, writer }) {
    const handed = handoff?.take(DAILY_GRID);
    const grid =
      handed?.grid ??
      toDailyGrid(
        await readFeatureFrame(
          await requireInput(join(config.paths.processed, TABLE_FILES.userDaily), 'prepare'),
          { dateColumn: 'date' },
        ),
      );
    const windows = config.features.windows_days;
    const features = rollingFeatures(grid, windows);
    const file = join(config.paths.features, TABLE_FILES.features);
    const columns = featureTableColumns(windows);
    // The feature table begins with user_daily's columns, row for row (as_of_date is its
    // date): lines of user_daily.csv just written are copied, not encoded again.
    const daily = columns.slice(0, USER_DAILY_COLUMNS.length);
    const written = handed
      ? writer.write(file, frameCsvColumns(features, columns.slice(daily.length)), {
          leading: { from: handed.file, header: daily },
        })
      : writer.write(file, frameCsvColumns(features, columns));
    handoff?.put(FEATURE_GRID, { grid: features, file: written });
    return {
      summary: `${features.rows} rows x ${columns.length} columns, windows ${windows.join('/')} days`,
      outputs: [file],
    };
  },
};
