// Read speed of the default-size feature table (2000 users x 120 days = 240,000 rows x 51
// columns): raw scanning, readFeatureFrame with every column, and with the model's columns.
//   npx tsx --conditions=@churn/source packages/features/bench/csv-read.bench.ts [file.csv]
// Without a file it writes a synthetic one of that shape first (seeded, ~40 MB).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCsv, writeCsv } from '@churn/io';
import {
  buildDailyGrid,
  EVENT_TYPES,
  featureTableColumns,
  frameCsvColumns,
  modelFeatureColumns,
  readFeatureFrame,
  rollingFeatures,
} from '../src/index.js';

const WINDOWS = [7, 14, 30];
const RUNS = 5;

async function syntheticFile(dir: string): Promise<string> {
  let state = 42;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const users = 2000;
  const start = 20_089; // 2025-01-01
  const perUser = 240;
  const n = users * perUser;
  const grid = buildDailyGrid(
    {
      rows: users,
      userId: Int32Array.from({ length: users }, (_, i) => i + 1),
      signupDay: Int32Array.from({ length: users }, () => start - Math.floor(random() * 40)),
      plan: Array.from({ length: users }, () => (random() < 0.35 ? 'paid' : 'free')),
      isPaid: new Uint8Array(users),
      country: Array.from({ length: users }, () => ['IN', 'US', 'UK'][Math.floor(random() * 3)]!),
      marketingSource: Array.from({ length: users }, () => 'organic'),
      engagementScore: Float64Array.from({ length: users }, () => Math.round(random() * 1e6) / 1e6),
    },
    {
      rows: n,
      eventId: Float64Array.from({ length: n }, (_, i) => i + 1),
      userId: Int32Array.from({ length: n }, (_, i) => Math.floor(i / perUser) + 1),
      eventTime: Float64Array.from({ length: n }, (_, i) => (start + ((i * 7) % 120)) * 86_400),
      eventType: Uint8Array.from({ length: n }, () => Math.floor(random() * EVENT_TYPES.length)),
      courseId: Array.from({ length: n }, () => ''),
      watchMinutes: Float64Array.from({ length: n }, () => Math.round(random() * 6000) / 100),
      quizScore: Float64Array.from({ length: n }, () =>
        random() < 0.3 ? Math.round(random() * 1e4) / 100 : Number.NaN,
      ),
      amount: new Float64Array(n).fill(Number.NaN),
    },
  );
  const features = rollingFeatures(grid, WINDOWS);
  const file = join(dir, 'user_features_daily.csv');
  await writeCsv(file, frameCsvColumns(features, featureTableColumns(WINDOWS)));
  return file;
}

async function timed(label: string, run: () => Promise<string>): Promise<void> {
  const times: number[] = [];
  let detail = '';
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    detail = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log(
    `${label.padEnd(40)} min ${ms(times[0]!)}  median ${ms(times[RUNS >> 1]!)}  (${detail})`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'churn-csv-bench-'));
try {
  const file = process.argv[2] ?? (await syntheticFile(dir));
  const mb = statSync(file).size / 1024 / 1024;
  console.log(
    `${file}: ${mb.toFixed(1)} MB; load average ${loadavg()[0]!.toFixed(1)} (the machine may be shared)`,
  );
  await timed('openCsv: scan every batch', async () => {
    const csv = await openCsv(file);
    let rows = 0;
    for await (const batch of csv.batches()) rows += batch.rows;
    return `${rows} rows x ${csv.header.length} columns`;
  });
  await timed('readFeatureFrame: every column', async () => {
    const frame = await readFeatureFrame(file);
    return `${frame.rows} rows, ${frame.numeric.size} numeric + ${frame.categorical.size} text`;
  });
  const columns = modelFeatureColumns({ windowsDays: WINDOWS, includeEngagementScore: false });
  await timed('readFeatureFrame: the 47 model columns', async () => {
    const frame = await readFeatureFrame(file, { columns });
    return `${frame.rows} rows`;
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
