import { EVENT_TYPES, type EventTable, type EventType, type UserTable } from '@churn/features';
import { dayOfMonth, parseEpochDay, roundDecimals } from '@churn/io';
import { Random } from '@churn/model/train';
import { EventBuffer } from './event-buffer.js';

export interface SyntheticDataOptions {
  readonly nUsers: number;
  readonly days: number;
  /** YYYY-MM-DD */
  readonly startDate: string;
  readonly seed: number;
  readonly paidRatio: number;
  readonly churnBaseRate: number;
  /**
   * How much likelier a churner is to leave on the last day than on the first possible
   * one (churn days have a linearly rising density): 0 = uniform, as the reference;
   * 3 = four times as likely at the end, so the churn rate rises over the period.
   */
  readonly churnTrend?: number;
}

export const COUNTRIES = ['IN', 'US', 'UK', 'CA', 'AU', 'SG'] as const;
export const MARKETING_SOURCES = ['organic', 'referral', 'ads', 'youtube', 'community'] as const;
export const COURSES = [
  'k8s-mastery',
  'devops-warrior',
  'mlops-foundation',
  'argo-cd',
  'terraform',
  'linux-pro',
  'observability',
] as const;

const code = (name: EventType) => EVENT_TYPES.indexOf(name);

/**
 * The reference's synthetic users and events (see the original system's data contract):
 * Beta(2, 2.5) engagement drives activity and churn; churners stop at a day uniform in
 * [days/4, days). Deterministic for a seed. Events come sorted by (user_id, event_time)
 * with event_id 1..n in that order.
 */
export function generateSyntheticData(options: SyntheticDataOptions): {
  users: UserTable;
  events: EventTable;
  /** Latent: the day index (0-based) a user churns, `days` for users who do not. */
  churnDay: Int32Array;
} {
  const { nUsers, days } = options;
  const random = new Random(options.seed);
  const startDay = parseEpochDay(options.startDate);
  const signupSpread = Math.max(30, Math.floor(days / 3));
  const firstChurnDay = Math.floor(days / 4);
  const users: UserTable = {
    rows: nUsers,
    userId: new Int32Array(nUsers),
    signupDay: new Int32Array(nUsers),
    plan: new Array<string>(nUsers),
    isPaid: new Uint8Array(nUsers),
    country: new Array<string>(nUsers),
    marketingSource: new Array<string>(nUsers),
    engagementScore: new Float64Array(nUsers),
  };
  const events = new EventBuffer();
  const churnDay = new Int32Array(nUsers);
  const monthDay = Array.from({ length: days }, (_, d) => dayOfMonth(startDay + d));

  for (let u = 0; u < nUsers; u++) {
    const userId = u + 1;
    const paid = random.chance(options.paidRatio);
    const engagement = random.beta(2, 2.5);
    users.userId[u] = userId;
    users.signupDay[u] = startDay - random.int(0, signupSpread);
    users.isPaid[u] = paid ? 1 : 0;
    users.plan[u] = paid ? 'paid' : 'free';
    users.country[u] = random.pick(COUNTRIES);
    users.marketingSource[u] = random.pick(MARKETING_SOURCES);
    users.engagementScore[u] = roundDecimals(engagement, 6);

    const churnP = Math.min(
      0.95,
      options.churnBaseRate * (paid ? 0.75 : 1) * (0.4 + 1.4 * (1 - engagement) ** 1.6),
    );
    const lastDay = random.chance(churnP)
      ? churnDayOf(random, firstChurnDay, days, options.churnTrend ?? 0)
      : days;
    churnDay[u] = lastDay;

    events.beginUser(userId);
    let dayStart = 0;
    // Event times are the day plus a uniform minute of it.
    const at = () => dayStart + random.int(0, 1440) * 60;
    for (let d = 0; d < lastDay; d++) {
      dayStart = (startDay + d) * 86_400;
      if (random.chance(0.15 + 0.8 * engagement)) {
        const sessions = random.int(1, 4);
        for (let s = 0; s < sessions; s++) {
          events.add(at(), code('login'), '', Number.NaN, Number.NaN, Number.NaN);
          if (random.chance(0.5 + 0.4 * engagement)) {
            const minutes = clip(random.normal(20 + 40 * engagement, 10), 2, 180);
            events.add(
              at(),
              code('video_watch'),
              random.pick(COURSES),
              round2(minutes),
              Number.NaN,
              Number.NaN,
            );
          }
          if (random.chance(0.25 + 0.35 * engagement)) {
            const score = clip(random.normal(50 + 40 * engagement, 15), 0, 100);
            events.add(
              at(),
              code('quiz_attempt'),
              random.pick(COURSES),
              Number.NaN,
              round2(score),
              Number.NaN,
            );
          }
          if (random.chance(0.05)) {
            events.add(
              at(),
              code('course_enroll'),
              random.pick(COURSES),
              Number.NaN,
              Number.NaN,
              Number.NaN,
            );
          }
        }
      }
      if (paid && monthDay[d]! <= 3) {
        const type = random.chance(0.93) ? code('payment_success') : code('payment_failed');
        const amount = clip(random.normal(499, 80), 199, 999);
        events.add(at(), type, '', Number.NaN, Number.NaN, round2(amount));
      }
      if (random.chance(0.005)) {
        events.add(at(), code('support_ticket'), '', Number.NaN, Number.NaN, Number.NaN);
      }
    }
    events.endUser();
  }
  return { users, events: events.toTable(), churnDay };
}

/**
 * A churn day in [first, end): uniform without a trend (the reference's draw, so the
 * default data are unchanged); with trend k, density 1 + k*t on t in [0, 1), drawn by
 * inverting its CDF (t + k t^2 / 2) / (1 + k / 2).
 */
function churnDayOf(random: Random, first: number, end: number, trend: number): number {
  if (trend === 0) return random.int(first, end);
  const u = random.next();
  const t = (Math.sqrt(1 + 2 * trend * u * (1 + trend / 2)) - 1) / trend;
  return Math.min(end - 1, first + Math.floor(t * (end - first)));
}

function clip(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round2(value: number): number {
  return roundDecimals(value, 2);
}
