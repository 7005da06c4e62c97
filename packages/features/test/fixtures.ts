import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEpochDay } from '@churn/io';
import { EVENT_TYPES, type EventTable, type UserTable } from '../src/index.js';

/** A fresh temporary folder for one test. */
export function temporaryDir(): string {
  return mkdtempSync(join(tmpdir(), 'churn-features-'));
}

export interface TinyEvent {
  user: number;
  /** YYYY-MM-DD */
  date: string;
  type: (typeof EVENT_TYPES)[number];
  watch?: number;
  quiz?: number;
  amount?: number;
}

/** Users and events tables from a short hand-written list. */
export function tinyTables(
  users: Array<{ id: number; signup: string; paid?: boolean }>,
  events: TinyEvent[],
): { users: UserTable; events: EventTable } {
  const n = events.length;
  return {
    users: {
      rows: users.length,
      userId: Int32Array.from(users, (u) => u.id),
      signupDay: Int32Array.from(users, (u) => parseEpochDay(u.signup)),
      plan: users.map((u) => (u.paid ? 'paid' : 'free')),
      isPaid: Uint8Array.from(users, (u) => (u.paid ? 1 : 0)),
      country: users.map(() => 'US'),
      marketingSource: users.map(() => 'organic'),
      engagementScore: Float64Array.from(users, () => 0.5),
    },
    events: {
      rows: n,
      eventId: Float64Array.from(events, (_, i) => i + 1),
      userId: Int32Array.from(events, (e) => e.user),
      eventTime: Float64Array.from(events, (e) => parseEpochDay(e.date) * 86_400 + 3600),
      eventType: Uint8Array.from(events, (e) => EVENT_TYPES.indexOf(e.type)),
      courseId: events.map(() => ''),
      watchMinutes: Float64Array.from(events, (e) => e.watch ?? Number.NaN),
      quizScore: Float64Array.from(events, (e) => e.quiz ?? Number.NaN),
      amount: Float64Array.from(events, (e) => e.amount ?? Number.NaN),
    },
  };
}

/** The values of `column` for user `userId`, in date order. */
export function series(
  frame: { userId: Int32Array; numeric: Map<string, Float64Array> },
  column: string,
  userId: number,
): number[] {
  const values = frame.numeric.get(column);
  if (!values) throw new Error(`test fixture: no column ${column}`);
  return Array.from(values).filter((_, row) => frame.userId[row] === userId);
}
