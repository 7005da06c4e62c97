import { parseEpochDay } from '@churn/io';
import type { DailyGrid } from './daily-grid.js';
import { FeaturesError } from './errors.js';
import { type FeatureFrame, selectRows } from './frame.js';

/**
 * Puts a frame read from a file on its user x day grid (see DailyGrid). Rows already in
 * grid order (as the pipeline writes them) are kept as they are; others are reordered.
 * Throws CHURN_ERR_GRID_INCOMPLETE when a (user, day) is missing, repeated or undated.
 */
export function toDailyGrid(frame: FeatureFrame): DailyGrid {
  const dayOf = new Map<string, number>();
  const epochDays = new Int32Array(frame.rows);
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < frame.rows; row++) {
    const text = frame.asOfDate[row]!;
    let day = dayOf.get(text);
    if (day === undefined) {
      day = parseEpochDay(text);
      if (Number.isNaN(day)) incomplete(`row ${row + 1} has no valid date`);
      dayOf.set(text, day);
    }
    epochDays[row] = day;
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
  }
  const ids = [...new Set(frame.userId)].sort((a, b) => a - b);
  const userIndex = new Map(ids.map((id, index) => [id, index]));
  const days = frame.rows === 0 ? 0 : lastDay - firstDay + 1;
  if (frame.rows !== ids.length * days) {
    incomplete(`${frame.rows} rows for ${ids.length} users x ${days} days`);
  }
  const position = new Int32Array(frame.rows).fill(-1);
  let ordered = true;
  for (let row = 0; row < frame.rows; row++) {
    const cell = userIndex.get(frame.userId[row]!)! * days + (epochDays[row]! - firstDay);
    if (position[cell] !== -1)
      incomplete(`user ${frame.userId[row]} has ${frame.asOfDate[row]} twice`);
    position[cell] = row;
    if (cell !== row) ordered = false;
  }
  const grid = ordered ? frame : selectRows(frame, position);
  return { ...grid, users: ids.length, days, firstDay: frame.rows === 0 ? 0 : firstDay };
}

function incomplete(detail: string): never {
  throw new FeaturesError('CHURN_ERR_GRID_INCOMPLETE', `not a complete user x day grid: ${detail}`);
}
