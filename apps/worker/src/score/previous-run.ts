import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const SUMMARY_FILE = /^score_summary_(\d{4}-\d{2}-\d{2})\.json$/;

/**
 * The day and user count (scored plus outside the population) of the newest score summary in `dir` for `asOfDate` or an
 * earlier day, or null when there is none (or it cannot be read: the check is advisory).
 */
export async function previousRun(
  dir: string,
  asOfDate: string,
): Promise<{ asOfDate: string; rows: number } | null> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let newest = '';
  for (const name of names) {
    const date = SUMMARY_FILE.exec(name)?.[1];
    if (date && date <= asOfDate && date > newest) newest = date;
  }
  if (!newest) return null;
  try {
    const summary = JSON.parse(await readFile(join(dir, `score_summary_${newest}.json`), 'utf8'));
    if (typeof summary?.rows !== 'number') return null;
    const excluded = summary.population?.excludedRows;
    return { asOfDate: newest, rows: summary.rows + (typeof excluded === 'number' ? excluded : 0) };
  } catch {
    return null;
  }
}
