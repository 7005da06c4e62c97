/**
 * Scorer benchmark: model file sizes, load time, single-record and batch latency,
 * and frame throughput, for models shaped like the defaults (47 columns, 250 trees of
 * up to 31 leaves). Parameters are random, so only the timings mean anything.
 * Run: npm run bench -w @churn/scorer (the machine may be shared: compare runs on one host).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelFeatureColumns } from '@churn/features';
import type { LogisticRegressionParams, ModelParams } from '@churn/model';
import { exportModel } from '@churn/model/onnx';
import { randomGradientBoosting } from '@churn/model/synthetic';
import { loadScorer, type ScorableFrame } from '../src/index.js';

const columns = modelFeatureColumns({ windowsDays: [7, 14, 30], includeEngagementScore: false });
const numericNames = columns.filter((c) => c.type === 'numeric').map((c) => c.name);
const vocab: Record<string, string[]> = {
  plan: ['free', 'paid'],
  country: ['AU', 'CA', 'IN', 'SG', 'UK', 'US'],
  marketing_source: ['ads', 'community', 'organic', 'referral', 'youtube'],
};
let seed = 42;
const next = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

const gb = randomGradientBoosting({
  numeric: numericNames,
  categorical: Object.entries(vocab).map(([name, categories]) => ({ name, categories })),
  featureOrder: columns.map((c) => c.name),
  trees: 250,
});
const lr: LogisticRegressionParams = {
  kind: 'logistic_regression',
  numeric: numericNames.map((name) => ({
    name,
    impute: 0,
    mean: 3,
    scale: 2,
    weight: next() - 0.5,
  })),
  categorical: Object.entries(vocab).map(([name, categories]) => ({
    name,
    categories,
    weights: categories.map(() => next() - 0.5),
  })),
  intercept: -1,
};

function frame(rows: number): ScorableFrame {
  return {
    rows,
    numeric: new Map(
      numericNames.map((name) => [
        name,
        Float64Array.from({ length: rows }, () => Math.round(next() * 30)),
      ]),
    ),
    categorical: new Map(
      Object.entries(vocab).map(([name, values]) => [
        name,
        Array.from({ length: rows }, () => values[Math.floor(next() * values.length)]!),
      ]),
    ),
  };
}

function record(): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const name of numericNames) row[name] = Math.round(next() * 30);
  for (const [name, values] of Object.entries(vocab))
    row[name] = values[Math.floor(next() * values.length)];
  return row;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function bench(name: string, params: ModelParams, root: string) {
  const exported = await exportModel(
    params,
    {
      name,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      threshold: 0.5,
      primaryMetric: 'pr_auc',
      metrics: { pr_auc: 0.5 },
      trainingData: {
        fingerprint: `sha256:${'0'.repeat(64)}`,
        rows: 0,
        trainRows: 0,
        testRows: 0,
        fromDate: '',
        toDate: '',
      },
    },
    root,
  );
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const scorer = await loadScorer(exported.dir);
    loads.push(scorer.loadSeconds * 1000);
    await scorer.close();
  }
  loads.sort((a, b) => a - b);
  console.log(
    `${name}: model.onnx ${exported.onnxBytes} bytes, load median ${quantile(loads, 0.5).toFixed(1)} ms (5 loads)`,
  );
  const scorer = await loadScorer(exported.dir);
  for (const size of [1, 100]) {
    const rows = Array.from({ length: size }, record);
    const times: number[] = [];
    for (let i = 0; i < 2000 / size + 200; i++) {
      const start = performance.now();
      await scorer.scoreRecords(rows);
      if (i >= 100) times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${name}: scoreRecords(${size}) p50 ${quantile(times, 0.5).toFixed(3)} ms, p99 ${quantile(times, 0.99).toFixed(3)} ms`,
    );
  }
  const big = frame(240_000);
  for (const threads of [1, 2]) {
    const worker = await loadScorer(exported.dir, { intraOpNumThreads: threads });
    const start = performance.now();
    for (let offset = 0; offset < big.rows; offset += 4096) {
      await worker.scoreFrame(big, offset, Math.min(big.rows, offset + 4096));
    }
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `${name}: scoreFrame 240000 rows in 4096-row runs, ${threads} thread(s): ${seconds.toFixed(2)} s (${Math.round(big.rows / seconds)} rows/s)`,
    );
    await worker.close();
  }
  await scorer.close();
}

const root = await mkdtemp(join(tmpdir(), 'churn-scorer-bench-'));
try {
  await bench('logistic_regression', lr, root);
  await bench('gradient_boosting', gb, root);
} finally {
  await rm(root, { recursive: true, force: true });
}
