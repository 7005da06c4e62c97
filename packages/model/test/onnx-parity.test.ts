import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectRows } from '@churn/features';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelParams } from '../src/index.js';
import { buildOnnxModel, type ExportMeta, exportModel } from '../src/onnx/index.js';
import {
  binaryMetrics,
  type FeatureFrame,
  predictProba,
  timeSplit,
  trainGradientBoosting,
  trainLogisticRegression,
} from '../src/train/index.js';
import { maxAbsDiff } from './onnx-fixtures.js';
import { parityColumns, runOnnxFrame, trainingFrame } from './training-frame.js';

// The bound: onnxruntime (float32) equals predictProba (float64) within 1e-5.
const PARITY_TOLERANCE = 1e-5;

const gbOptions = {
  learningRate: 0.1,
  maxIter: 40,
  maxDepth: 5,
  maxLeafNodes: 31,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  maxBins: 255,
  imbalanceStrategy: 'class_weight' as const,
};
const lrOptions = {
  l2: 1e-4,
  maxIter: 100,
  tolerance: 1e-6,
  imbalanceStrategy: 'class_weight' as const,
};

function train(frame: FeatureFrame) {
  const split = timeSplit(frame, 0.2);
  const trainFrame = selectRows(frame, split.train);
  const test = selectRows(frame, split.test);
  const models: Record<string, ModelParams> = {
    logistic_regression: trainLogisticRegression(trainFrame, parityColumns, lrOptions).params,
    gradient_boosting: trainGradientBoosting(trainFrame, parityColumns, gbOptions).params,
  };
  return { split, test, models };
}

let root: string;
let frame: FeatureFrame;
let first: ReturnType<typeof train>;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'churn-parity-'));
  frame = trainingFrame(300, 40, 5);
  first = train(frame);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.each(['logistic_regression', 'gradient_boosting'])('%s', (name) => {
  it('onnxruntime equals predictProba over the whole test set', async () => {
    const params = first.models[name]!;
    const expected = predictProba(params, first.test);
    const actual = await runOnnxFrame(buildOnnxModel(params), params, first.test);
    expect(actual).toHaveLength(first.test.rows);
    expect(first.test.rows).toBeGreaterThan(2000);
    expect(maxAbsDiff(actual, expected)).toBeLessThan(PARITY_TOLERANCE);
  });

  it('two runs with the same data and options write byte-identical ONNX and metrics', async () => {
    const second = train(trainingFrame(300, 40, 5));
    const exportRun = async (run: ReturnType<typeof train>, dir: string) => {
      const params = run.models[name]!;
      const metrics = binaryMetrics(run.test.label!, predictProba(params, run.test), 0.5);
      const meta: ExportMeta = {
        name,
        createdAt: new Date('2026-01-01T00:00:00Z'),
        threshold: 0.5,
        primaryMetric: 'pr_auc',
        metrics: { ...metrics },
        trainingData: {
          fingerprint: `sha256:${'e'.repeat(64)}`,
          rows: frame.rows,
          trainRows: run.split.train.length,
          testRows: run.split.test.length,
          fromDate: run.split.trainFrom,
          toDate: run.split.testTo,
        },
      };
      return exportModel(params, meta, join(root, dir));
    };
    const a = await exportRun(first, 'first');
    const b = await exportRun(second, 'second');
    expect(b.version).toBe(a.version);
    expect(await readFile(b.onnxFile)).toEqual(await readFile(a.onnxFile));
    expect(await readFile(b.cardFile, 'utf8')).toBe(await readFile(a.cardFile, 'utf8'));
  });
});
