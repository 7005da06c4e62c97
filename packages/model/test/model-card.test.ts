import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ModelCard, ModelErrorCodes, parseModelCard, readModelCard } from '../src/index.js';

function validCard(): ModelCard {
  return {
    kind: 'churn-model-card',
    schemaVersion: 2,
    name: 'gradient_boosting',
    version: 'gradient_boosting-20260101T000000Z-0123abcd',
    algorithm: 'hist_gradient_boosting',
    createdAt: '2026-01-01T00:00:00.000Z',
    onnx: {
      file: 'model.onnx',
      sha256: 'a'.repeat(64),
      irVersion: 8,
      opsets: [
        { domain: '', version: 17 },
        { domain: 'ai.onnx.ml', version: 3 },
      ],
      inputs: [
        { name: 'categorical', type: 'string', shape: [-1, 1], columns: ['plan'] },
        { name: 'numeric', type: 'float32', shape: [-1, 1], columns: ['days_since_signup'] },
      ],
      output: { name: 'churn_probability', type: 'float32', shape: [-1, 1] },
    },
    features: [
      { name: 'plan', type: 'categorical', default: 'missing', categories: ['free', 'paid'] },
      { name: 'days_since_signup', type: 'numeric', default: 0 },
    ],
    threshold: 0.5,
    primaryMetric: 'pr_auc',
    metrics: {
      pr_auc: 0.9,
      roc_auc: 0.95,
      confusion_matrix: [
        [1, 2],
        [3, 4],
      ],
    },
    trainingData: {
      fingerprint: `sha256:${'b'.repeat(64)}`,
      rows: 10,
      trainRows: 8,
      testRows: 2,
      fromDate: '2025-01-01',
      toDate: '2025-03-01',
    },
  };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('parseModelCard', () => {
  it('round-trips a valid card through JSON', () => {
    const card = validCard();
    expect(parseModelCard(JSON.stringify(card))).toEqual(card);
    expect(parseModelCard(card)).toEqual(card);
  });

  it('refuses another kind', () => {
    expect(codeOf(() => parseModelCard({ ...validCard(), kind: 'churn-model-registry' }))).toBe(
      'CHURN_ERR_MODEL_CARD_KIND',
    );
  });

  it.each([1, 3])('refuses schemaVersion %i (one input per feature was 1)', (schemaVersion) => {
    expect(codeOf(() => parseModelCard({ ...validCard(), schemaVersion }))).toBe(
      'CHURN_ERR_MODEL_CARD_SCHEMA_VERSION',
    );
  });

  it.each([
    ['not JSON', '{ nope'],
    ['an array', '[]'],
    ['a missing version', { ...validCard(), version: undefined }],
    ['a bad sha256', { ...validCard(), onnx: { ...validCard().onnx, sha256: 'xyz' } }],
    [
      'a numeric default that is a string',
      {
        ...validCard(),
        features: [
          validCard().features[0],
          { name: 'days_since_signup', type: 'numeric', default: '0' },
        ],
      },
    ],
    [
      'input columns not matching the features',
      {
        ...validCard(),
        features: [validCard().features[0], { name: 'events_7d', type: 'numeric', default: 0 }],
      },
    ],
    [
      'an input shape that does not fit its columns',
      {
        ...validCard(),
        onnx: {
          ...validCard().onnx,
          inputs: [validCard().onnx.inputs[0], { ...validCard().onnx.inputs[1], shape: [-1, 2] }],
        },
      },
    ],
    [
      'a missing categorical input',
      { ...validCard(), onnx: { ...validCard().onnx, inputs: [validCard().onnx.inputs[1]] } },
    ],
    [
      'two numeric inputs',
      {
        ...validCard(),
        onnx: {
          ...validCard().onnx,
          inputs: [validCard().onnx.inputs[1], validCard().onnx.inputs[1]],
        },
      },
    ],
    ['a primary metric that is absent', { ...validCard(), primaryMetric: 'f1' }],
    [
      'duplicate features',
      { ...validCard(), features: [validCard().features[0], validCard().features[0]] },
    ],
  ])('refuses %s as CHURN_ERR_MODEL_CARD_INVALID', (_label, input) => {
    expect(codeOf(() => parseModelCard(input))).toBe('CHURN_ERR_MODEL_CARD_INVALID');
  });
});

describe('readModelCard', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('reads a card file and reports a missing one by code', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'churn-card-'));
    dirs.push(dir);
    await writeFile(join(dir, 'model-card.json'), JSON.stringify(validCard()));
    expect((await readModelCard(join(dir, 'model-card.json'))).version).toBe(validCard().version);
    await expect(readModelCard(join(dir, 'absent.json'))).rejects.toMatchObject({
      code: 'CHURN_ERR_MODEL_CARD_NOT_FOUND',
    });
  });
});

describe('ModelErrorCodes', () => {
  it('maps every key to itself', () => {
    for (const [key, code] of Object.entries(ModelErrorCodes)) expect(code).toBe(key);
  });
});
