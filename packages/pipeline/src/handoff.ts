import type { DailyGrid, EventTable, FeatureFrame, UserTable } from '@churn/features';
import type { CsvWriteJob } from '@churn/io';

/** Names a value one step hands to the next, with its type. */
export interface HandoffKey<T> {
  readonly name: string;
  /** Type marker only; never set. */
  readonly type?: T;
}

export const RAW_TABLES: HandoffKey<{ users: UserTable; events: EventTable }> = {
  name: 'raw-tables',
};
/**
 * A grid and the write of its file (done in the background): a later table that repeats
 * its rows begins them with the file's lines instead of encoding the same cells again.
 */
export interface WrittenGrid {
  readonly grid: DailyGrid;
  readonly file: CsvWriteJob;
}

export const DAILY_GRID: HandoffKey<WrittenGrid> = { name: 'user-daily' };
export const FEATURE_GRID: HandoffKey<WrittenGrid> = { name: 'user-features-daily' };
/**
 * The training set as written to training_set.csv (same values as reading the file back),
 * and the write of that file, to wait for before reading it.
 */
export const TRAINING_SET: HandoffKey<{ frame: FeatureFrame; file: CsvWriteJob }> = {
  name: 'training-set',
};

/**
 * Data a step leaves in memory for the next step of the same run, so it need not parse
 * the file just written. A step still writes its files, and reads them when nothing was
 * handed over (it runs alone). Values are exactly what the files hold (see decimal.ts).
 */
export class Handoff {
  private readonly values = new Map<string, unknown>();

  put<T>(key: HandoffKey<T>, value: T): void {
    this.values.set(key.name, value);
  }

  /** The value, left in place. */
  get<T>(key: HandoffKey<T>): T | undefined {
    return this.values.get(key.name) as T | undefined;
  }

  /** The value, removed (frees its memory once the consumer is done). */
  take<T>(key: HandoffKey<T>): T | undefined {
    const value = this.values.get(key.name) as T | undefined;
    this.values.delete(key.name);
    return value;
  }

  clear(): void {
    this.values.clear();
  }
}
