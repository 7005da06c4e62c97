import type { DailyGrid } from './daily-grid.js';
import { FeaturesError } from './errors.js';

/** labels.csv in memory: one label per (user, as_of_date) that has a full horizon. */
export interface Labels {
  readonly rows: number;
  readonly userId: Int32Array;
  readonly asOfDate: string[];
  readonly label: Uint8Array;
  /** Row of the grid each label belongs to. */
  readonly gridRow: Int32Array;
}

/**
 * churn_label(user, t) = 1 when the user has no active day in t+1 .. t+windowDays. The last
 * `windowDays` days of the grid have no full horizon and get no label.
 *
 * @example
 * // one user, active on days 0 and 2 of 4, window 1: t=0 -> 1 (day 1 idle), t=1 -> 0, t=2 -> 1
 */
export function churnLabels(grid: DailyGrid, windowDays: number): Labels {
  if (!Number.isInteger(windowDays) || windowDays < 1) {
    throw new FeaturesError(
      'CHURN_ERR_FEATURES_BAD_ARGUMENT',
      'churn window must be a positive integer',
    );
  }
  const active = grid.numeric.get('is_active_day');
  if (!active) throw new FeaturesError('CHURN_ERR_CSV_MISSING_COLUMN', 'no column is_active_day');
  const labelled = Math.max(0, grid.days - windowDays);
  const rows = grid.users * labelled;
  const userId = new Int32Array(rows);
  const asOfDate = new Array<string>(rows);
  const label = new Uint8Array(rows);
  const gridRow = new Int32Array(rows);
  // activeAfter = active days in (t, t + windowDays], kept as a sliding count.
  for (let u = 0, out = 0; u < grid.users; u++) {
    const offset = u * grid.days;
    let activeAfter = 0;
    for (let d = 1; d <= windowDays && d < grid.days; d++)
      activeAfter += active[offset + d]! > 0 ? 1 : 0;
    for (let t = 0; t < labelled; t++, out++) {
      const cell = offset + t;
      userId[out] = grid.userId[cell]!;
      asOfDate[out] = grid.asOfDate[cell]!;
      label[out] = activeAfter === 0 ? 1 : 0;
      gridRow[out] = cell;
      activeAfter -= active[cell + 1]! > 0 ? 1 : 0;
      if (t + 1 + windowDays < grid.days) activeAfter += active[cell + 1 + windowDays]! > 0 ? 1 : 0;
    }
  }
  return { rows, userId, asOfDate, label, gridRow };
}
