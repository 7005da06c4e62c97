import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportModel } from '@churn/model/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScorer, type ScorableFrame, type Scorer, ScorerErrorCodes } from '../src/index.js';
import { gb, lr, meta, sigmoid } from './model-fixtures.js';

const TOLERANCE = 1e-6;

let root: string;
let lrDir: string;
let gbDir: string;
let scorer: Scorer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'churn-scorer-'));
  lrDir = (await exportModel(lr, meta('logistic_regression'), root)).dir;
  gbDir = (await exportModel(gb, meta('gradient_boosting'), root)).dir;
  scorer = await loadScorer(lrDir);
});
afterAll(async () => {
  await scorer.close();
  await rm(root, { recursive: true, force: true });
});

describe('loadScorer', () => {
  it('exposes the card, name, version and load time', () => {
    expect(scorer.name).toBe('logistic_regression');
    expect(scorer.version).toMatch(/^logistic_regression-20260101T000000Z-[0-9a-f]{8}$/);
    expect(scorer.card.features.map((feature) => feature.name)).toEqual([
      'plan',
      'days_since_signup',
      'events_7d',
    ]);
    expect(scorer.loadSeconds).toBeGreaterThan(0);
    expect(scorer.loadedAt).toBeInstanceOf(Date);
  });
});

describe('scoreRecords', () => {
  it('scores records in one run like the formula', async () => {
    const risks = await scorer.scoreRecords([
      { plan: 'paid', days_since_signup: 65, events_7d: 3.25 },
      { plan: 'free', days_since_signup: 15, events_7d: 21.75 },
    ]);
    expect(risks).toBeInstanceOf(Float32Array);
    expect(risks[0]).toBeCloseTo(sigmoid(-0.25 - 0.35 - 0.8 - 1.3 * -1), 6);
    expect(Math.abs(risks[1]! - sigmoid(-0.25 + 0.35 + 0.8 - 1.3))).toBeLessThan(TOLERANCE);
  });

  it('gives absent and null features the card defaults', async () => {
    const [empty, nulls, explicit] = await scorer.scoreRecords([
      {},
      { plan: null, days_since_signup: null, events_7d: undefined },
      { plan: 'missing', days_since_signup: 30, events_7d: 2 },
    ]);
    expect(empty).toBe(explicit);
    expect(nulls).toBe(explicit);
    expect(empty).toBeCloseTo(sigmoid(-0.25 + 0.1 + (-0.8 * -10) / 25 + (-1.3 * -10.5) / 9.25), 6);
  });

  it('treats an unknown category as contributing nothing and ignores extra fields', async () => {
    const [unknown, known] = await scorer.scoreRecords([
      { plan: 'enterprise', days_since_signup: 40, events_7d: 12.5, extra: 'x' },
      { plan: 'free', days_since_signup: 40, events_7d: 12.5 },
    ]);
    expect(unknown).toBeCloseTo(sigmoid(-0.25), 6);
    expect(known).toBeCloseTo(sigmoid(0.1), 6);
  });

  it('returns an empty result for no records', async () => {
    expect(await scorer.scoreRecords([])).toEqual(new Float32Array(0));
  });
});

describe('scoreFrame', () => {
  const frame: ScorableFrame & { userId: Int32Array } = {
    rows: 5,
    userId: Int32Array.from([1, 2, 3, 4, 5]),
    numeric: new Map([
      ['days_since_signup', Float64Array.from([1, Number.NaN, 30.1, 400, 0.333333333])],
      ['events_7d', Float64Array.from([0, 3, Number.NaN, 2.5, 7])],
    ]),
    categorical: new Map([['plan', ['free', 'paid', 'missing', 'other', 'free']]]),
  };
  const records = Array.from({ length: frame.rows }, (_, i) => ({
    plan: frame.categorical.get('plan')![i],
    days_since_signup: frame.numeric.get('days_since_signup')![i],
    events_7d: frame.numeric.get('events_7d')![i],
  }));

  it('equals scoreRecords on the same rows, for the whole frame and a range', async () => {
    const fromRecords = await scorer.scoreRecords(records);
    expect(await scorer.scoreFrame(frame)).toEqual(fromRecords);
    expect(await scorer.scoreFrame(frame, 1, 4)).toEqual(fromRecords.slice(1, 4));
    expect(await scorer.scoreFrame(frame, 2, 2)).toEqual(new Float32Array(0));
  });

  it('fills columns the frame lacks with the defaults', async () => {
    const partial: ScorableFrame = { rows: 2, numeric: new Map(), categorical: new Map() };
    expect(await scorer.scoreFrame(partial)).toEqual(await scorer.scoreRecords([{}, {}]));
  });

  it('refuses a range outside the frame', async () => {
    for (const [start, end] of [
      [-1, 2],
      [3, 2],
      [0, 6],
      [0.5, 2],
    ] as const) {
      await expect(scorer.scoreFrame(frame, start, end)).rejects.toMatchObject({
        code: ScorerErrorCodes.CHURN_ERR_SCORER_BAD_RANGE,
      });
    }
  });

  it('scores a gradient-boosting model the same way (frame = records)', async () => {
    const trees = await loadScorer(gbDir);
    try {
      const risks = await trees.scoreFrame(frame);
      expect(risks).toEqual(await trees.scoreRecords(records));
      // events_7d 0 <= 2.5 -> +0.4; NaN -> 2 -> +0.4; 3 and 7 -> plan code: paid 1 -> -0.3, free 0 -> +0.2.
      const expected = [0.4, -0.3, 0.4, 0.4, 0.2].map((leaf) => sigmoid(-0.5 + leaf));
      risks.forEach((risk, i) => {
        expect(Math.abs(risk - expected[i]!)).toBeLessThan(TOLERANCE);
      });
    } finally {
      await trees.close();
    }
  });
});

describe('non-finite probabilities', () => {
  // Beyond float32 both become ±Infinity; their standardised terms have opposite signs,
  // so the logit is Infinity - Infinity = NaN.
  const overflow = { plan: 'free', days_since_signup: 1e39, events_7d: -1e39 };
  const fine = { plan: 'free', days_since_signup: 10, events_7d: 2 };

  it('are refused with the index of the record', async () => {
    const refused = scorer.scoreRecords([fine, fine, overflow, overflow]);
    await expect(refused).rejects.toMatchObject({
      code: ScorerErrorCodes.CHURN_ERR_SCORER_NON_FINITE,
      row: 2,
    });
  });

  it('are refused with the frame row, not the row within the range', async () => {
    const frame: ScorableFrame = {
      rows: 4,
      numeric: new Map([
        ['days_since_signup', Float64Array.from([1, 2, 3, Number.POSITIVE_INFINITY])],
        ['events_7d', Float64Array.from([1, 2, 3, Number.NEGATIVE_INFINITY])],
      ]),
      categorical: new Map(),
    };
    await expect(scorer.scoreFrame(frame, 2, 4)).rejects.toMatchObject({
      code: ScorerErrorCodes.CHURN_ERR_SCORER_NON_FINITE,
      row: 3,
    });
    expect(await scorer.scoreFrame(frame, 0, 3)).toHaveLength(3);
  });
});

describe('load failures', () => {
  const copyModel = async (
    name: string,
    change: (card: Record<string, unknown>, onnx: Buffer) => Buffer | undefined,
  ) => {
    const dir = join(root, name);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir);
    const card = JSON.parse(await readFile(join(lrDir, 'model-card.json'), 'utf8'));
    const onnx = await readFile(join(lrDir, 'model.onnx'));
    const changed = change(card, onnx) ?? onnx;
    await writeFile(join(dir, 'model.onnx'), changed);
    await writeFile(join(dir, 'model-card.json'), JSON.stringify(card));
    return dir;
  };

  it.each([
    ['a missing folder', 'CHURN_ERR_SCORER_MODEL_NOT_FOUND', async () => join(root, 'absent')],
    [
      'a card of another kind',
      'CHURN_ERR_SCORER_CARD_INVALID',
      () =>
        copyModel('kind', (card) => {
          card.kind = 'x';
          return undefined;
        }),
    ],
    [
      'a card of a newer schemaVersion',
      'CHURN_ERR_SCORER_CARD_INVALID',
      () =>
        copyModel('schema', (card) => {
          card.schemaVersion = 3;
          return undefined;
        }),
    ],
    [
      'a card of schemaVersion 1 (one graph input per feature)',
      'CHURN_ERR_SCORER_CARD_INVALID',
      () =>
        copyModel('schema-1', (card) => {
          card.schemaVersion = 1;
          return undefined;
        }),
    ],
    [
      'a modified ONNX file',
      'CHURN_ERR_SCORER_CHECKSUM_MISMATCH',
      () => copyModel('sha', (_card, onnx) => Buffer.concat([onnx, Buffer.from([0])])),
    ],
    [
      'bytes onnxruntime cannot parse',
      'CHURN_ERR_SCORER_LOAD_FAILED',
      () =>
        copyModel('garbage', (card) => {
          const garbage = Buffer.from('not an onnx model');
          (card.onnx as { sha256: string }).sha256 = createHash('sha256')
            .update(garbage)
            .digest('hex');
          return garbage;
        }),
    ],
  ])('refuses %s', async (_label, code, makeDir) => {
    await expect(loadScorer(await makeDir())).rejects.toMatchObject({ code });
  });

  it('refuses a card whose inputs are not the graph inputs', async () => {
    const dir = await copyModel('inputs', (card) => {
      const inputs = (card.onnx as { inputs: Array<{ name: string }> }).inputs;
      inputs[1]!.name = 'renamed';
      return undefined;
    });
    await expect(loadScorer(dir)).rejects.toMatchObject({ code: 'CHURN_ERR_SCORER_LOAD_FAILED' });
  });
});

describe('close', () => {
  it('finishes runs in flight, then refuses new ones', async () => {
    const own = await loadScorer(lrDir, { intraOpNumThreads: 2 });
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      plan: 'free',
      days_since_signup: i,
      events_7d: 1,
    }));
    const running = [own.scoreRecords(rows), own.scoreRecords(rows)];
    const closed = own.close();
    const results = await Promise.all(running);
    expect(results.map((result) => result.length)).toEqual([5000, 5000]);
    await closed;
    await expect(own.scoreRecords([{}])).rejects.toMatchObject({ code: 'CHURN_ERR_SCORER_CLOSED' });
    await own.close();
  });
});

describe('ScorerErrorCodes', () => {
  it('maps every key to itself', () => {
    for (const [key, code] of Object.entries(ScorerErrorCodes)) expect(code).toBe(key);
  });
});
