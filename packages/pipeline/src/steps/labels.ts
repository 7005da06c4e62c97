import { join } from 'node:path';
import {
  churnLabels,
  featureTableColumns,
  frameCsvColumns,
  LABEL_COLUMN,
  LABEL_COLUMNS,
  readFeatureFrame,
  selectRows,
  TABLE_FILES,
  toDailyGrid,
  trainingSetColumns,
} from '@churn/features';
import { FEATURE_GRID, TRAINING_SET } from '../handoff.js';
import type { Step } from '../step.js';
import { requireInput } from './input-file.js';

/** labels: churn labels (labels.csv) and the training set (features joined with labels). */
export const labelsStep: Step = {
  name: 'labels',
  description: 'churn labels and the training set',
  async run({ config, handoff, writer }) {
    const handed = handoff?.take(FEATURE_GRID);
    const features =
      handed?.grid ??
      toDailyGrid(
        await readFeatureFrame(
          await requireInput(join(config.paths.features, TABLE_FILES.features), 'features'),
        ),
      );
    const labels = churnLabels(features, config.churn.window_days);
    const labelsFile = join(config.paths.processed, TABLE_FILES.labels);
    writer.write(labelsFile, [
      { name: LABEL_COLUMNS[0], values: labels.userId },
      { name: LABEL_COLUMNS[1], texts: labels.asOfDate },
      { name: LABEL_COLUMNS[2], values: labels.label },
    ]);
    // Both tables come from the same grid: the inner join is the labelled rows of the grid.
    const trainingSet = selectRows(features, labels.gridRow, labels.label);
    const trainingFile = join(config.paths.processed, TABLE_FILES.trainingSet);
    const windows = config.features.windows_days;
    // A training row is its feature row with the label appended: with the feature table's
    // lines at hand, they are copied and only the label is encoded.
    const written = handed
      ? writer.write(trainingFile, [{ name: LABEL_COLUMN, values: labels.label }], {
          leading: {
            from: handed.file,
            header: featureTableColumns(windows),
            lines: labels.gridRow,
          },
          // train records the file's fingerprint in the model card
          fingerprint: true,
        })
      : writer.write(trainingFile, frameCsvColumns(trainingSet, trainingSetColumns(windows)), {
          fingerprint: true,
        });
    handoff?.put(TRAINING_SET, { frame: trainingSet, file: written });
    let churned = 0;
    for (const value of labels.label) churned += value;
    const rate = labels.rows > 0 ? ((100 * churned) / labels.rows).toFixed(1) : '0';
    return {
      summary: `${labels.rows} labelled rows (${rate}% churn in ${config.churn.window_days} days), training set ${trainingSet.rows} rows`,
      outputs: [labelsFile, trainingFile],
    };
  },
};
