import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProblemList } from '../src/raw/problems.js';
import { readEvents } from '../src/raw/read-events.js';

const HEADER = 'event_id,user_id,event_time,event_type,course_id,watch_minutes,quiz_score,amount';
const users = { rows: 3, userId: Int32Array.of(1, 2, 3) } as never;

function eventsFile(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'churn-events-')), 'events.csv');
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** The table and problems of one read on one thread and of one on two. */
async function bothWays(file: string) {
  const read = async (splitMinBytes: number) => {
    const problems = new ProblemList();
    const table = await readEvents(file, users, problems, { splitMinBytes });
    problems.sortByLine();
    return { table, problems: { items: problems.items, total: problems.total } };
  };
  return { one: await read(Number.POSITIVE_INFINITY), two: await read(1) };
}

describe('readEvents on two threads', () => {
  it('gives the table and problems (lines, rows, duplicates across halves) of one thread', async () => {
    const lines = [HEADER];
    for (let i = 1; i <= 2_000; i++) {
      const course = i % 3 === 0 ? `course-${i % 7}` : '';
      lines.push(
        `${i},${1 + (i % 3)},2025-01-0${1 + (i % 9)}T08:00:00,video_watch,${course},${i / 4},,`,
      );
    }
    lines[10] = '10,1,2025-13-01T08:00:00,login,,,,'; // a bad date in the first half
    lines[1_200] = '1200,1,2025-01-01T08:00:00,login,,,'; // a field short, second half
    lines[1_500] = '1500,99,2025-01-01T08:00:00,login,,,,'; // an unknown user
    lines[1_800] = '5,2,2025-01-01T08:00:00,login,,,,'; // repeats event 5 of the first half
    lines.push('2001,1,2025-01-01T08:00:00,login,,,'); // the last line cut short
    const { one, two } = await bothWays(eventsFile(lines));
    expect(two.table).toEqual(one.table);
    // In the order found, a malformed row comes when its chunk is read, the others row by
    // row; sorted by line, the two reads list the same problems in the same order.
    expect(two.problems).toEqual(one.problems);
    expect(one.problems.total).toBe(5);
    expect(one.problems.items.map((problem) => [problem.line, problem.row])).toEqual([
      [11, 10],
      [1_201, 1_200],
      [1_501, 1_500],
      [1_801, 1_800],
      [2_002, 2_001],
    ]);
  });

  it('reads the file on one thread when the middle line end is inside a quoted field', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `part ${i}`).join('\n');
    const lines = [
      HEADER,
      '1,1,2025-01-01T08:00:00,login,,,,',
      `2,2,2025-01-01T09:00:00,course_enroll,"${long}",,,`,
      '3,3,2025-01-02T08:00:00,login,,,,',
      '',
    ];
    const { one, two } = await bothWays(eventsFile(lines));
    expect(one.problems.total).toBe(0);
    expect(one.table?.courseId[1]).toBe(long);
    expect(two).toEqual(one);
  });
});
