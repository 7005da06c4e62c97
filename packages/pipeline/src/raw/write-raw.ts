import { join } from 'node:path';
import { EVENT_TYPES, type EventTable, TABLE_FILES, type UserTable } from '@churn/features';
import { formatEpochDay, writeCsv } from '@churn/io';

/** Writes users.csv and events.csv into `dir` (atomically, each). Returns their paths. */
export async function writeRawTables(
  dir: string,
  users: UserTable,
  events: EventTable,
): Promise<string[]> {
  const usersFile = join(dir, TABLE_FILES.users);
  const eventsFile = join(dir, TABLE_FILES.events);
  await writeCsv(usersFile, [
    { name: 'user_id', values: users.userId },
    { name: 'signup_date', texts: Array.from(users.signupDay, formatEpochDay) },
    { name: 'plan', texts: users.plan },
    { name: 'is_paid', values: users.isPaid },
    { name: 'country', texts: users.country },
    { name: 'marketing_source', texts: users.marketingSource },
    { name: 'engagement_score', values: users.engagementScore, decimals: 6 },
  ]);
  await writeCsv(eventsFile, [
    { name: 'event_id', values: events.eventId },
    { name: 'user_id', values: events.userId },
    { name: 'event_time', epochSeconds: events.eventTime },
    { name: 'event_type', codes: events.eventType, labels: EVENT_TYPES },
    { name: 'course_id', texts: events.courseId },
    { name: 'watch_minutes', values: events.watchMinutes, decimals: 6 },
    { name: 'quiz_score', values: events.quizScore, decimals: 6 },
    { name: 'amount', values: events.amount, decimals: 6 },
  ]);
  return [usersFile, eventsFile];
}
