import { join } from 'node:path';
import {
  featureTableColumns,
  frameCsvColumns,
  readFeatureFrame,
  rollingFeatures,
  TABLE_FILES,
  toDailyGrid,
} from '@churn/features';
import { writeCsv } from '@churn/io';
import { DAILY_GRID, FEATURE_GRID } from '../handoff.js';
import type { Step } from '../step.js';
import { requireInput } from './input-file.js';

/** features: rolling windows over user_daily (user_features_daily.csv). */
export const featuresStep: Step = {
  name: 'features',
  description: 'rolling-window features per user and day',
  async run({ config, handoff }) {
    const grid =
      handoff?.take(DAILY_GRID) ??
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
    await writeCsv(file, frameCsvColumns(features, columns));
    handoff?.put(FEATURE_GRID, features);
    return {
      summary: `${features.rows} rows x ${columns.length} columns, windows ${windows.join('/')} days`,
      outputs: [file],
    };
  },
};
