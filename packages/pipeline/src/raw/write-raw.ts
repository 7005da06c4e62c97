import { join } from 'node:path';
import {
  EVENT_TYPES,
  type EventTable,
  formatEpochDay,
  TABLE_FILES,
  type UserTable,
  writeCsv,
} from '@churn/features';

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
    { name: 'event_time', texts: formatEventTimes(events.eventTime) },
    { name: 'event_type', texts: Array.from(events.eventType, (type) => EVENT_TYPES[type]!) },
    { name: 'course_id', texts: events.courseId },
    { name: 'watch_minutes', values: events.watchMinutes, decimals: 6 },
    { name: 'quiz_score', values: events.quizScore, decimals: 6 },
    { name: 'amount', values: events.amount, decimals: 6 },
  ]);
  return [usersFile, eventsFile];
}

/** `YYYY-MM-DDTHH:MM:SS` for whole seconds since the epoch. */
function formatEventTimes(seconds: Float64Array): string[] {
  const dates = new Map<number, string>();
  const two = (value: number) => (value < 10 ? `0${value}` : String(value));
  return Array.from(seconds, (time) => {
    const day = Math.floor(time / 86_400);
    let date = dates.get(day);
    if (date === undefined) {
      date = formatEpochDay(day);
      dates.set(day, date);
    }
    const rest = Math.round(time - day * 86_400);
    return `${date}T${two(Math.floor(rest / 3600))}:${two(Math.floor(rest / 60) % 60)}:${two(rest % 60)}`;
  });
}
