import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelErrorCodes, readModelCard } from '../src/index.js';
import { buildOnnxModel, type ExportMeta, exportModel } from '../src/onnx/index.js';
import {
  edgeRows,
  gbParams,
  lrParams,
  maxAbsDiff,
  referenceProbability,
  runOnnx,
} from './onnx-fixtures.js';

const meta = (name: string, createdAt = '2026-11-26T15:04:23.456Z'): ExportMeta => ({
  name,
  createdAt: new Date(createdAt),
  threshold: 0.5,
  primaryMetric: 'pr_auc',
  metrics: { pr_auc: 0.93, roc_auc: 0.96, confusion_matrix: { tp: 1, fp: 2, tn: 3, fn: 4 } },
  trainingData: {
    fingerprint: `sha256:${'c'.repeat(64)}`,
    rows: 100,
    trainRows: 80,
    testRows: 20,
    fromDate: '2025-01-01',
    toDate: '2025-04-30',
  },
});

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'churn-export-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('exportModel', () => {
  it('writes model.onnx and a card that describes it', async () => {
    const exported = await exportModel(gbParams, meta('gradient_boosting'), join(root, 'a'));
    const bytes = await readFile(exported.onnxFile);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(exported.version).toBe(`gradient_boosting-20261126T150423Z-${sha.slice(0, 8)}`);
    expect(exported.dir).toBe(join(root, 'a', exported.version));
    expect(await readdir(exported.dir)).toEqual(['model-card.json', 'model.onnx']);

    const card = await readModelCard(exported.cardFile);
    expect(card).toEqual(exported.card);
    expect(card).toMatchObject({
      name: 'gradient_boosting',
      algorithm: 'hist_gradient_boosting',
      createdAt: '2026-11-26T15:04:23.456Z',
      onnx: { file: 'model.onnx', sha256: sha, irVersion: 8 },
      threshold: 0.5,
      primaryMetric: 'pr_auc',
    });
    expect(card.features).toEqual([
      { name: 'plan', type: 'categorical', default: 'missing', categories: ['free', 'paid'] },
      {
        name: 'country',
        type: 'categorical',
        default: 'missing',
        categories: ['IN', 'US', 'missing'],
      },
      { name: 'days_since_signup', type: 'numeric', default: 30 },
      { name: 'events_7d', type: 'numeric', default: 0 },
    ]);
    expect(card.onnx.inputs).toEqual([
      { name: 'categorical', type: 'string', shape: [-1, 2], columns: ['plan', 'country'] },
      {
        name: 'numeric',
        type: 'float32',
        shape: [-1, 2],
        columns: ['days_since_signup', 'events_7d'],
      },
    ]);
    expect(card.onnx.output).toEqual({
      name: 'churn_probability',
      type: 'float32',
      shape: [-1, 1],
    });
    expect(card.metrics.confusion_matrix).toEqual({ tp: 1, fp: 2, tn: 3, fn: 4 });

    const actual = await runOnnx(new Uint8Array(bytes), gbParams, edgeRows);
    expect(
      maxAbsDiff(
        actual,
        edgeRows.map((row) => referenceProbability(gbParams, row)),
      ),
    ).toBeLessThan(1e-5);
  });

  it('is byte-identical when run twice; the version timestamp follows createdAt', async () => {
    const first = await exportModel(lrParams, meta('logistic_regression'), join(root, 'b'));
    const second = await exportModel(lrParams, meta('logistic_regression'), join(root, 'c'));
    expect(second.version).toBe(first.version);
    expect(await readFile(second.onnxFile)).toEqual(await readFile(first.onnxFile));
    expect(await readFile(second.cardFile, 'utf8')).toBe(await readFile(first.cardFile, 'utf8'));
    expect(first.card.algorithm).toBe('logistic_regression');

    const later = await exportModel(
      lrParams,
      meta('logistic_regression', '2027-01-02T03:04:05Z'),
      join(root, 'b'),
    );
    expect(later.version).toBe(
      `logistic_regression-20270102T030405Z-${first.card.onnx.sha256.slice(0, 8)}`,
    );
    expect(await readFile(later.onnxFile)).toEqual(await readFile(first.onnxFile));
    expect((await readdir(join(root, 'b'))).sort()).toEqual([first.version, later.version].sort());
  });

  it('builds the same bytes from equal parameters in fresh arrays', () => {
    const copy = {
      ...gbParams,
      trees: gbParams.trees.map((tree) => ({
        feature: Int32Array.from(tree.feature),
        threshold: Float32Array.from(tree.threshold),
        left: Int32Array.from(tree.left),
        right: Int32Array.from(tree.right),
        value: Float64Array.from(tree.value),
      })),
    };
    expect(buildOnnxModel(copy)).toEqual(buildOnnxModel(gbParams));
  });

  it.each([
    ['a missing primary metric', { ...meta('gb'), primaryMetric: 'f1' }],
    [
      'a bad fingerprint',
      { ...meta('gb'), trainingData: { ...meta('gb').trainingData, fingerprint: 'abc' } },
    ],
    ['an invalid date', { ...meta('gb'), createdAt: new Date('nope') }],
    ['a name with a slash', { ...meta('gb'), name: '../gb' }],
    ['a threshold above 1', { ...meta('gb'), threshold: 2 }],
  ])('refuses %s before writing anything', async (_label, badMeta) => {
    const dir = join(root, 'refused');
    await expect(exportModel(gbParams, badMeta, dir)).rejects.toMatchObject({
      code: ModelErrorCodes.CHURN_ERR_MODEL_EXPORT_META_INVALID,
    });
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
