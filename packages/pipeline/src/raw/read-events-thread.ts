/**
 * The second half of a large events.csv, read on a thread of its own (see readEvents): the
 * same checks, with lines and rows counted from the half's start; the caller shifts them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EVENT_COLUMNS } from '@churn/features';
import { TextCodes } from '@churn/io';
import { openRaw } from './open-raw.js';
import { ProblemList } from './problems.js';
import {
  type EventsPart,
  type EventsPartReply,
  type EventsPartRequest,
  parseEvents,
} from './read-events.js';

const { file, start, header, userIds } = workerData as EventsPartRequest;
try {
  const problems = new ProblemList();
  const opened = await openRaw(file, EVENT_COLUMNS, problems, { start, header });
  if (!opened) throw new Error(`${file} could not be opened from byte ${start}`);
  const { courseId, ...table } = await parseEvents(
    opened.csv,
    userIds && { userId: userIds },
    problems,
  );
  const courses = new TextCodes();
  const courseCodes = Uint32Array.from(courseId, (course) => courses.code(course));
  const reply: EventsPart = {
    table,
    courseCodes,
    courseLabels: courses.values,
    problems: { items: problems.items, total: problems.total },
  };
  const transfer = [
    courseCodes.buffer,
    ...Object.values(table).flatMap((value) =>
      ArrayBuffer.isView(value) ? [value.buffer as ArrayBuffer] : [],
    ),
  ];
  parentPort?.postMessage(reply satisfies EventsPartReply, transfer);
} catch (error) {
  parentPort?.postMessage({
    error: error instanceof Error ? error.message : String(error),
  } satisfies EventsPartReply);
}
