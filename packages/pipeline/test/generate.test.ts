import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES } from '@churn/features';
import { dayOfMonth, parseEpochDay } from '@churn/io';
import { describe, expect, it } from 'vitest';
import { generateSyntheticData, PipelineErrorCodes } from '../src/index.js';
import { generateStep } from '../src/steps/generate.js';
import { contextFor, testConfig } from './fixtures.js';

async function generatedBytes(seed: number) {
  const config = testConfig({ n_users: 60, days: 45, seed });
  await generateStep.run(contextFor(config));
  return ['users.csv', 'events.csv'].map((name) => readFileSync(join(config.paths.raw, name)));
}

describe('generate: determinism', () => {
  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const [usersA, eventsA] = await generatedBytes(7);
    const [usersB, eventsB] = await generatedBytes(7);
    const [usersC, eventsC] = await generatedBytes(8);
    expect(usersA!.equals(usersB!)).toBe(true);
    expect(eventsA!.equals(eventsB!)).toBe(true);
    expect(usersA!.equals(usersC!)).toBe(false);
    expect(eventsA!.equals(eventsC!)).toBe(false);
  });
});

describe('generate: options', () => {
  it('refuses a start date that is not on the calendar', async () => {
    const config = testConfig();
    const context = contextFor({
      ...config,
      generate: { ...config.generate, start_date: '2025-02-30' },
    });
    await expect(generateStep.run(context)).rejects.toMatchObject({
      code: PipelineErrorCodes.CHURN_ERR_PIPELINE_INVALID_OPTION,
    });
  });
});

describe('generate: the reference distributions', () => {
  const nUsers = 3000;
  const days = 90;
  const { users, events, churnDay } = generateSyntheticData({
    nUsers,
    days,
    startDate: '2025-01-01',
    seed: 42,
    paidRatio: 0.35,
    churnBaseRate: 0.35,
  });
  const mean = (values: ArrayLike<number>) =>
    Array.from(values).reduce((a, b) => a + b, 0) / values.length;
  // Three standard errors of a share over nUsers draws, at most.
  const shareTolerance = 3 * Math.sqrt(0.25 / nUsers);

  it('draws paid users with paid_ratio and engagement from Beta(2, 2.5)', () => {
    expect(Math.abs(mean(users.isPaid) - 0.35)).toBeLessThan(shareTolerance);
    // Beta(2, 2.5): mean 2 / 4.5, sd 0.2; tolerance three standard errors.
    expect(Math.abs(mean(users.engagementScore) - 2 / 4.5)).toBeLessThan(
      (3 * 0.2) / Math.sqrt(nUsers),
    );
    expect(users.plan.every((plan, i) => plan === (users.isPaid[i] ? 'paid' : 'free'))).toBe(true);
  });

  it('churns users with the reference formula, at a day in [days/4, days)', () => {
    // Expected churn share: E[min(0.95, base * paidFactor * (0.4 + 1.4 (1 - e)^1.6))], e ~ Beta(2, 2.5).
    const betaPdf = (x: number) => (x * (1 - x) ** 1.5) / (4 / 35); // B(2, 2.5) = 4/35
    let expected = 0;
    const steps = 20_000;
    for (let i = 0; i < steps; i++) {
      const e = (i + 0.5) / steps;
      const p = (factor: number) => Math.min(0.95, 0.35 * factor * (0.4 + 1.4 * (1 - e) ** 1.6));
      expected += (betaPdf(e) / steps) * (0.35 * p(0.75) + 0.65 * p(1));
    }
    const churned = Array.from(churnDay).filter((day) => day < days);
    expect(Math.abs(churned.length / nUsers - expected)).toBeLessThan(shareTolerance);
    expect(Math.min(...churned)).toBeGreaterThanOrEqual(Math.floor(days / 4));
  });

  it('writes no event on or after a churn day, sorted by (user_id, event_time) with event_id 1..n', () => {
    const start = parseEpochDay('2025-01-01');
    const problems: string[] = [];
    for (let e = 0; e < events.rows; e++) {
      const day = Math.floor(events.eventTime[e]! / 86_400) - start;
      if (day >= churnDay[events.userId[e]! - 1]!) problems.push(`event ${e} after churn`);
      const order =
        e === 0
          ? 1
          : events.userId[e]! - events.userId[e - 1]! ||
            events.eventTime[e]! - events.eventTime[e - 1]!;
      if (order < 0) problems.push(`events out of order at ${e}`);
      if (events.eventId[e] !== e + 1) problems.push(`event_id ${events.eventId[e]} at ${e}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('keeps measures in their clipped ranges and payments on days 1-3 of a month', () => {
    const type = (name: (typeof EVENT_TYPES)[number]) => EVENT_TYPES.indexOf(name);
    const within = (value: number, min: number, max: number) => value >= min && value <= max;
    const problems: string[] = [];
    let successes = 0;
    let payments = 0;
    for (let e = 0; e < events.rows; e++) {
      const t = events.eventType[e]!;
      const payment = t === type('payment_success') || t === type('payment_failed');
      if (t === type('video_watch') && !within(events.watchMinutes[e]!, 2, 180))
        problems.push(`watch ${e}`);
      if (t !== type('video_watch') && !Number.isNaN(events.watchMinutes[e]!))
        problems.push(`watch on ${e}`);
      if (t === type('quiz_attempt') && !within(events.quizScore[e]!, 0, 100))
        problems.push(`quiz ${e}`);
      if (!payment) continue;
      payments++;
      if (t === type('payment_success')) successes++;
      if (dayOfMonth(Math.floor(events.eventTime[e]! / 86_400)) > 3) problems.push(`pay day ${e}`);
      if (!within(events.amount[e]!, 199, 999)) problems.push(`amount ${e}`);
      if (users.isPaid[events.userId[e]! - 1] !== 1) problems.push(`free payer ${e}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(payments).toBeGreaterThan(1000);
    expect(Math.abs(successes / payments - 0.93)).toBeLessThan(
      3 * Math.sqrt((0.93 * 0.07) / payments),
    );
  });

  it('makes one login per session: video_watch per login is 0.5 + 0.4 * engagement on average', () => {
    const logins = new Float64Array(nUsers);
    const videos = new Float64Array(nUsers);
    for (let e = 0; e < events.rows; e++) {
      const u = events.userId[e]! - 1;
      if (events.eventType[e] === EVENT_TYPES.indexOf('login')) logins[u]!++;
      if (events.eventType[e] === EVENT_TYPES.indexOf('video_watch')) videos[u]!++;
    }
    let weighted = 0;
    let total = 0;
    for (let u = 0; u < nUsers; u++) {
      weighted += logins[u]! * (0.5 + 0.4 * users.engagementScore[u]!);
      total += logins[u]!;
    }
    const observed = videos.reduce((a, b) => a + b, 0) / total;
    expect(Math.abs(observed - weighted / total)).toBeLessThan(0.01);
  });
});
