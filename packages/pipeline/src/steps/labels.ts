import { join } from 'node:path';
import {
  churnLabels,
  frameCsvColumns,
  LABEL_COLUMNS,
  readFeatureFrame,
  selectRows,
  TABLE_FILES,
  toDailyGrid,
  trainingSetColumns,
} from '@churn/features';
import { writeCsv } from '@churn/io';
import { FEATURE_GRID, TRAINING_SET } from '../handoff.js';
import type { Step } from '../step.js';
import { requireInput } from './input-file.js';

/** labels: churn labels (labels.csv) and the training set (features joined with labels). */
export const labelsStep: Step = {
  name: 'labels',
  description: 'churn labels and the training set',
  async run({ config, handoff }) {
    const features =
      handoff?.take(FEATURE_GRID) ??
      toDailyGrid(
        await readFeatureFrame(
          await requireInput(join(config.paths.features, TABLE_FILES.features), 'features'),
        ),
      );
    const labels = churnLabels(features, config.churn.window_days);
    const labelsFile = join(config.paths.processed, TABLE_FILES.labels);
    await writeCsv(labelsFile, [
      { name: LABEL_COLUMNS[0], values: labels.userId },
      { name: LABEL_COLUMNS[1], texts: labels.asOfDate },
      { name: LABEL_COLUMNS[2], values: labels.label },
    ]);
    // Both tables come from the same grid: the inner join is the labelled rows of the grid.
    const trainingSet = selectRows(features, labels.gridRow, labels.label);
    const trainingFile = join(config.paths.processed, TABLE_FILES.trainingSet);
    await writeCsv(
      trainingFile,
      frameCsvColumns(trainingSet, trainingSetColumns(config.features.windows_days)),
    );
    handoff?.put(TRAINING_SET, trainingSet);
    let churned = 0;
    for (const value of labels.label) churned += value;
    const rate = labels.rows > 0 ? ((100 * churned) / labels.rows).toFixed(1) : '0';
    return {
      summary: `${labels.rows} labelled rows (${rate}% churn in ${config.churn.window_days} days), training set ${trainingSet.rows} rows`,
      outputs: [labelsFile, trainingFile],
    };
  },
};
