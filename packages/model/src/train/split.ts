import { type FeatureFrame, selectRows } from '@churn/features';
import { TrainError } from './errors.js';

export interface TimeSplit {
  /** Row indices, ascending. */
  readonly train: Int32Array;
  readonly test: Int32Array;
  /** First and last as_of_date of each part (YYYY-MM-DD). */
  readonly trainFrom: string;
  readonly trainTo: string;
  readonly testFrom: string;
  readonly testTo: string;
}

/**
 * Time-based split: the last `testFraction` of the distinct as_of_dates (at least
 * one, and at least one left for training) form the test set, so the model is
 * judged on days after those it learned from.
 *
 * @example
 * timeSplit(frame, 0.2); // 100 distinct dates -> the last 20 dates are the test set
 */
export function timeSplit(frame: FeatureFrame, testFraction: number): TimeSplit {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new TrainError(
      'CHURN_ERR_TRAIN_INVALID_OPTION',
      `test_fraction ${testFraction} not in (0, 1)`,
    );
  }
  if (frame.asOfDate.length !== frame.rows) {
    throw new TrainError(
      'CHURN_ERR_COLUMN_LENGTH',
      `as_of_date has ${frame.asOfDate.length} values, the frame ${frame.rows} rows`,
    );
  }
  // ISO dates sort lexicographically in time order.
  const dates = [...new Set(frame.asOfDate)].sort();
  if (dates.length < 2) {
    throw new TrainError(
      'CHURN_ERR_TOO_FEW_DATES',
      `a time split needs at least 2 distinct as_of_dates, found ${dates.length}`,
    );
  }
  // As the original: the first floor(n * (1 - f)) dates train, the rest test.
  const trainDates = Math.min(
    dates.length - 1,
    Math.max(1, Math.floor(dates.length * (1 - testFraction))),
  );
  const testDates = dates.length - trainDates;
  const firstTestDate = dates[dates.length - testDates]!;
  let testCount = 0;
  for (const date of frame.asOfDate) if (date >= firstTestDate) testCount++;
  const train = new Int32Array(frame.rows - testCount);
  const test = new Int32Array(testCount);
  let t = 0;
  let s = 0;
  for (let i = 0; i < frame.rows; i++) {
    if (frame.asOfDate[i]! >= firstTestDate) test[s++] = i;
    else train[t++] = i;
  }
  return {
    train,
    test,
    trainFrom: dates[0]!,
    trainTo: dates[dates.length - testDates - 1]!,
    testFrom: firstTestDate,
    testTo: dates[dates.length - 1]!,
  };
}

/** The train and test frames of a split, labels included. */
export function splitFrame(
  frame: FeatureFrame,
  split: TimeSplit,
): { train: FeatureFrame; test: FeatureFrame } {
  return { train: selectRows(frame, split.train), test: selectRows(frame, split.test) };
}
