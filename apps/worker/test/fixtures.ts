import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FeatureFrame,
  featureTableColumns,
  MISSING_CATEGORY,
  modelFeatureColumns,
} from '@churn/features';
import type { WorkerError } from '../src/errors.js';
import type { BatchScorer } from '../src/score/scorer-port.js';

export const WINDOWS = [7, 14, 30];
export const FEATURES = modelFeatureColumns({
  windowsDays: WINDOWS,
  includeEngagementScore: false,
});
export const HEADER = featureTableColumns(WINDOWS);
const PLANS = ['free', 'paid'];
const COUNTRIES = ['IN', 'US', 'UK', 'CA', 'AU', 'SG'];
const SOURCES = ['organic', 'referral', 'ads', 'youtube', 'community'];

export function tempDir(prefix = 'churn-worker-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A deterministic pseudo-random generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Row = Record<string, string>;

/** Feature rows for `users` x `dates`, values shifted by `shift` (drift tests). */
export function featureRows(options: {
  users: number;
  dates: readonly string[];
  seed?: number;
  shift?: number;
}): Row[] {
  const next = random(options.seed ?? 1);
  const rows: Row[] = [];
  for (let user = 1; user <= options.users; user++) {
    const plan = PLANS[user % 2]!;
    for (const date of options.dates) {
      const row: Row = {};
      for (const name of HEADER) row[name] = String(Math.round(next() * 20 + (options.shift ?? 0)));
      Object.assign(row, {
        user_id: String(user),
        as_of_date: date,
        signup_date: '2024-12-01',
        plan,
        is_paid: plan === 'paid' ? '1' : '0',
        country: COUNTRIES[user % COUNTRIES.length]!,
        marketing_source: user % 7 === 0 ? '' : SOURCES[user % SOURCES.length]!,
        engagement_score: next().toFixed(4),
        payment_fail_rate_30d: next().toFixed(3),
        quiz_avg_score: next() < 0.3 ? '' : (next() * 100).toFixed(2),
      });
      rows.push(row);
    }
  }
  return rows;
}

export function toCsv(rows: readonly Row[], header: readonly string[] = HEADER): string {
  return `${header.join(',')}\n${rows.map((row) => header.map((name) => row[name] ?? '').join(',')).join('\n')}\n`;
}

export function writeCsvFile(dir: string, name: string, rows: readonly Row[]): string {
  const file = join(dir, name);
  writeFileSync(file, toCsv(rows));
  return file;
}

/**
 * A hand-written logistic regression over the model columns, in plain TypeScript:
 * the independent reference a scored file is checked against, row by row.
 */
export function referenceRisk(row: Row): number {
  let logit = -1.5;
  FEATURES.forEach((feature, j) => {
    const text = row[feature.name] ?? '';
    if (feature.type === 'numeric') {
      const x = text === '' ? 0 : Math.fround(Number(text));
      logit += (((j % 5) - 2) / 40) * x;
    } else {
      const category = text === '' ? MISSING_CATEGORY : text;
      logit += category.length / 10 - 0.4;
    }
  });
  return Math.fround(1 / (1 + Math.exp(-logit)));
}

/** A scorer computing `referenceRisk` from a frame; records the batch sizes it saw. */
export function fakeScorer(version = 'logistic_regression-test-1'): BatchScorer & {
  batches: number[];
  close(): Promise<void>;
} {
  const batches: number[] = [];
  return {
    name: 'logistic_regression',
    version,
    card: { features: FEATURES },
    batches,
    async close() {},
    async scoreFrame(frame: FeatureFrame, start = 0, end = frame.rows) {
      batches.push(end - start);
      await new Promise((resolve) => setImmediate(resolve));
      const scores = new Float32Array(end - start);
      for (let i = start; i < end; i++) {
        const row: Row = {};
        for (const feature of FEATURES) {
          if (feature.type === 'numeric') {
            const value = frame.numeric.get(feature.name)![i]!;
            row[feature.name] = Number.isNaN(value) ? '' : String(value);
          } else {
            row[feature.name] = frame.categorical.get(feature.name)![i]!;
          }
        }
        scores[i - start] = referenceRisk(row);
      }
      return scores;
    },
  };
}

/** Parses a CSV written by the worker (no quoted fields) into rows. */
export function parseCsv(text: string): Row[] {
  const [head, ...lines] = text.trimEnd().split('\n');
  const header = head!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<WorkerError> {
  try {
    await promise;
  } catch (error) {
    return error as WorkerError;
  }
  throw new Error('expected the promise to reject');
}
