import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportModel } from '@churn/model/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScorer, type ScorableFrame, type Scorer } from '../src/index.js';
import { ThreadedScorer } from '../src/thread/index.js';
import { gb, lr, meta } from './model-fixtures.js';

// vitest's own process lacks the source condition that the thread needs to resolve @churn/*.
const EXEC_ARGV = ['--conditions=@churn/source'];

let root: string;
let lrDir: string;
let gbDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'churn-thread-scorer-'));
  lrDir = (await exportModel(lr, meta('logistic_regression'), root)).dir;
  gbDir = (await exportModel(gb, meta('gradient_boosting'), root)).dir;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Records covering missing (absent, null, NaN, ''), unknown categories and extra fields. */
const records: Array<Record<string, unknown>> = [
  { plan: 'paid', days_since_signup: 65, events_7d: 3.25 },
  { plan: 'free', days_since_signup: 15, events_7d: 21.75 },
  {},
  { plan: null, days_since_signup: null, events_7d: undefined },
  { plan: 'enterprise', days_since_signup: Number.NaN, events_7d: '', extra: 'x' },
  { plan: 'missing', days_since_signup: 0.333333333, events_7d: 2.5 },
  { plan: 'free', days_since_signup: 1e6, events_7d: -4 },
];

const frame: ScorableFrame = {
  rows: 5,
  numeric: new Map([
    ['days_since_signup', Float64Array.from([1, Number.NaN, 30.1, 400, 0.333333333])],
    ['events_7d', Float64Array.from([0, 3, Number.NaN, 2.5, 7])],
  ]),
  categorical: new Map([['plan', ['free', 'paid', 'missing', 'other', 'free']]]),
};

describe.each([
  ['logistic regression', () => lrDir],
  ['gradient boosting', () => gbDir],
])('ThreadedScorer (%s)', { timeout: 60_000 }, (_label, dirOf) => {
  let local: Scorer;
  let threaded: ThreadedScorer;
  beforeAll(async () => {
    local = await loadScorer(dirOf());
    threaded = await ThreadedScorer.load(dirOf(), { execArgv: EXEC_ARGV });
  });
  afterAll(async () => {
    await Promise.all([local?.close(), threaded?.close()]);
  });

  it('describes the same model', () => {
    expect(threaded.card).toEqual(local.card);
    expect(threaded.name).toBe(local.name);
    expect(threaded.version).toBe(local.version);
    expect(threaded.loadSeconds).toBeGreaterThan(0);
    expect(threaded.loadedAt).toBeInstanceOf(Date);
  });

  it('returns exactly the in-process probabilities for records (missing values, unknown categories)', async () => {
    const expected = await local.scoreRecords(records);
    expect(await threaded.scoreRecords(records)).toEqual(expected);
    expect(await threaded.scoreRecords([])).toEqual(new Float32Array(0));
  });

  it('returns exactly the in-process probabilities for frames and ranges', async () => {
    expect(await threaded.scoreFrame(frame)).toEqual(await local.scoreFrame(frame));
    expect(await threaded.scoreFrame(frame, 1, 4)).toEqual(await local.scoreFrame(frame, 1, 4));
    const empty: ScorableFrame = { rows: 2, numeric: new Map(), categorical: new Map() };
    expect(await threaded.scoreFrame(empty)).toEqual(await local.scoreFrame(empty));
    await expect(threaded.scoreFrame(frame, 0, 6)).rejects.toMatchObject({
      code: 'CHURN_ERR_SCORER_BAD_RANGE',
    });
  });

  it('answers concurrent runs each with its own rows, in order', async () => {
    const runs = records.map((record) => threaded.scoreRecords([record, record]));
    const expected = await local.scoreRecords(records);
    const results = await Promise.all(runs);
    results.forEach((risks, i) => {
      expect(risks).toEqual(Float32Array.from([expected[i]!, expected[i]!]));
    });
  });
});

describe('ThreadedScorer non-finite probabilities', { timeout: 60_000 }, () => {
  it('are refused with the code and the frame row from the thread', async () => {
    const own = await ThreadedScorer.load(lrDir, { execArgv: EXEC_ARGV });
    try {
      const overflow: ScorableFrame = {
        rows: 3,
        numeric: new Map([
          ['days_since_signup', Float64Array.from([1, 1e39, 1])],
          ['events_7d', Float64Array.from([1, -1e39, 1])],
        ]),
        categorical: new Map(),
      };
      await expect(own.scoreFrame(overflow, 1, 3)).rejects.toMatchObject({
        code: 'CHURN_ERR_SCORER_NON_FINITE',
        row: 1,
      });
      await expect(
        own.scoreRecords([{}, { days_since_signup: 1e39, events_7d: -1e39 }]),
      ).rejects.toMatchObject({ code: 'CHURN_ERR_SCORER_NON_FINITE', row: 1 });
    } finally {
      await own.close();
    }
  });
});

describe('ThreadedScorer.close', { timeout: 60_000 }, () => {
  it('finishes runs in flight, then refuses new ones', async () => {
    const own = await ThreadedScorer.load(lrDir, { execArgv: EXEC_ARGV });
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

describe('ThreadedScorer.load failures', { timeout: 60_000 }, () => {
  it('passes on the code of a missing model', async () => {
    await expect(
      ThreadedScorer.load(join(root, 'absent'), { execArgv: EXEC_ARGV }),
    ).rejects.toMatchObject({ code: 'CHURN_ERR_SCORER_MODEL_NOT_FOUND' });
  });

  it('passes on the code of a modified ONNX file', async () => {
    const dir = join(root, 'modified');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir);
    await writeFile(join(dir, 'model-card.json'), await readFile(join(lrDir, 'model-card.json')));
    await writeFile(
      join(dir, 'model.onnx'),
      Buffer.concat([await readFile(join(lrDir, 'model.onnx')), Buffer.from([0])]),
    );
    await expect(ThreadedScorer.load(dir, { execArgv: EXEC_ARGV })).rejects.toMatchObject({
      code: 'CHURN_ERR_SCORER_CHECKSUM_MISMATCH',
    });
  });
});
