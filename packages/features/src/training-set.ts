import { parseEpochDay } from '@churn/io';
import { type FeatureFrame, selectRows } from './frame.js';
import type { Labels } from './labels.js';

/**
 * The training set: features inner-joined with labels on (user_id, as_of_date), in the
 * order of the feature rows, with `label` set.
 */
export function joinTrainingSet(
  features: FeatureFrame,
  labels: Pick<Labels, 'rows' | 'userId' | 'asOfDate' | 'label'>,
): FeatureFrame {
  const dayOf = new Map<string, number>();
  const key = (userId: number, date: string): number => {
    let day = dayOf.get(date);
    if (day === undefined) {
      day = parseEpochDay(date);
      dayOf.set(date, day);
    }
    // Epoch days stay below 10^6 for millennia; user ids below 2^53 / 10^6.
    return userId * 1_000_000 + day;
  };
  const labelOf = new Map<number, number>();
  for (let row = 0; row < labels.rows; row++) {
    labelOf.set(key(labels.userId[row]!, labels.asOfDate[row]!), labels.label[row]!);
  }
  const indices = new Int32Array(features.rows);
  const label = new Uint8Array(features.rows);
  let count = 0;
  for (let row = 0; row < features.rows; row++) {
    const value = labelOf.get(key(features.userId[row]!, features.asOfDate[row]!));
    if (value === undefined) continue;
    indices[count] = row;
    label[count] = value;
    count++;
  }
  return selectRows(features, indices.subarray(0, count), label.subarray(0, count));
}
