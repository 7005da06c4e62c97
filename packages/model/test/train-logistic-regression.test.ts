import { describe, expect, it } from 'vitest';
import {
  type LogisticRegressionOptions,
  predictProba,
  sigmoid,
  trainLogisticRegression,
} from '../src/train/index.js';
import { codeOf, columnsOf, makeFrame, normal, rng } from './train-fixtures.js';

/** Absolute tolerance on recovered coefficients: ~4 standard errors at n = 40000. */
const TOLERANCE = 0.1;

const OPTIONS: LogisticRegressionOptions = {
  l2: 0,
  maxIter: 100,
  tolerance: 1e-9,
  imbalanceStrategy: 'none',
};

/** Rows drawn from a known logistic model: 0.5 + 1.5 x1 - 2 x2 + effect[c]. */
function logisticData(n: number, seed: number) {
  const uniform = rng(seed);
  const gauss = normal(uniform);
  const effect: Record<string, number> = { a: 0, b: 1, c: -1 };
  const x1: number[] = [];
  const x2: number[] = [];
  const c: string[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = 2 + 1.5 * gauss(); // mean 2, sd 1.5: the scaler has work to do
    const b = gauss();
    const cat = ['a', 'b', 'c'][Math.floor(uniform() * 3)]!;
    x1.push(a);
    x2.push(b);
    c.push(cat);
    y.push(uniform() < sigmoid(0.5 + 1.5 * a - 2 * b + effect[cat]!) ? 1 : 0);
  }
  return { numeric: { x1, x2 }, categorical: { c }, label: y };
}

describe('trainLogisticRegression', () => {
  it('recovers known coefficients (within 0.1 at n = 40000)', () => {
    const spec = logisticData(40_000, 11);
    const { params, report } = trainLogisticRegression(makeFrame(spec), columnsOf(spec), OPTIONS);
    expect(report.converged).toBe(true);
    expect(report.iterations).toBeLessThan(20);
    const [x1, x2] = params.numeric;
    // weights are on the standardised scale: raw coefficient = weight / scale
    const near = (actual: number, expected: number) =>
      expect(Math.abs(actual - expected)).toBeLessThan(TOLERANCE);
    near(x1!.weight / x1!.scale, 1.5);
    near(x2!.weight / x2!.scale, -2);
    near(x1!.mean, 2);
    near(x1!.scale, 1.5);
    const [a, b, c] = params.categorical[0]!.weights;
    expect(params.categorical[0]!.categories).toEqual(['a', 'b', 'c']);
    near(b! - a!, 1);
    near(c! - a!, -1);
    // the intercept absorbs the other terms: intercept + a - x1 weight * mean/scale ... = 0.5
    const raw = params.intercept + a! + (x1!.weight * (0 - x1!.mean)) / x1!.scale;
    near(raw + (x2!.weight * (0 - x2!.mean)) / x2!.scale, 0.5);
  });

  it('converges on rows stored user by user, 72 dates each, with a sampled Hessian', () => {
    // As the training set: one row per user and date. A feature that varies only with the
    // date is constant on any every-72nd-row sample; a uniform sample must still see it.
    const dates = 72;
    const users = 1200;
    const uniform = rng(21);
    const gauss = normal(uniform);
    const day: number[] = [];
    const noise: number[] = [];
    const label: number[] = [];
    for (let u = 0; u < users; u++) {
      for (let d = 0; d < dates; d++) {
        const x = gauss();
        day.push(d);
        noise.push(x);
        label.push(uniform() < sigmoid(-1 + (3 * d) / dates + 0.5 * x) ? 1 : 0);
      }
    }
    const spec = { numeric: { day, noise }, label };
    const { params, report } = trainLogisticRegression(makeFrame(spec), columnsOf(spec), {
      ...OPTIONS,
      maxIter: 30,
      tolerance: 1e-7,
      hessianSampleRows: users, // a stride would be exactly `dates`
      seed: 7,
    });
    expect(report.converged).toBe(true);
    const [dayInput] = params.numeric;
    // Within 0.1 of the true slope per date (3 / 72 per date, 1.5 over the range's sd).
    expect(Math.abs(dayInput!.weight / dayInput!.scale - 3 / dates)).toBeLessThan(0.1 / dates);
  });

  it('reports converged false when maxIter runs out first', () => {
    const spec = logisticData(2000, 16);
    const { report } = trainLogisticRegression(makeFrame(spec), columnsOf(spec), {
      ...OPTIONS,
      maxIter: 1,
    });
    expect(report).toMatchObject({ converged: false, iterations: 1 });
  });

  it('returns float32-exact numbers and is deterministic', () => {
    const spec = logisticData(2000, 12);
    const first = trainLogisticRegression(makeFrame(spec), columnsOf(spec), {
      ...OPTIONS,
      l2: 1e-3,
    });
    const second = trainLogisticRegression(makeFrame(spec), columnsOf(spec), {
      ...OPTIONS,
      l2: 1e-3,
    });
    expect(second.params).toEqual(first.params);
    for (const input of first.params.numeric) {
      for (const value of [input.mean, input.scale, input.weight, input.impute]) {
        expect(Math.fround(value)).toBe(value);
      }
    }
    expect(Math.fround(first.params.intercept)).toBe(first.params.intercept);
  });

  it('shrinks weights as l2 grows', () => {
    const spec = logisticData(2000, 13);
    const norm = (l2: number) =>
      trainLogisticRegression(makeFrame(spec), columnsOf(spec), {
        ...OPTIONS,
        l2,
      }).params.numeric.reduce((sum, input) => sum + input.weight ** 2, 0);
    expect(norm(1)).toBeLessThan(norm(0.01));
  });

  it('balances classes with class_weight', () => {
    const uniform = rng(14);
    const x = Array.from({ length: 4000 }, () => uniform());
    const label = x.map((v) => (uniform() < 0.05 + 0.2 * v ? 1 : 0));
    const spec = { numeric: { x }, label };
    const mean = (strategy: 'none' | 'class_weight') => {
      const frame = makeFrame(spec);
      const { params } = trainLogisticRegression(frame, columnsOf(spec), {
        ...OPTIONS,
        imbalanceStrategy: strategy,
      });
      return predictProba(params, frame).reduce((s, p) => s + p, 0) / frame.rows;
    };
    const positives = label.reduce<number>((s, y) => s + y, 0) / label.length;
    expect(mean('none')).toBeCloseTo(positives, 2);
    expect(mean('class_weight')).toBeGreaterThan(0.45);
  });

  it('fails fast on bad input', () => {
    const spec = logisticData(50, 15);
    const columns = columnsOf(spec);
    expect(
      codeOf(() =>
        trainLogisticRegression(makeFrame({ ...spec, label: undefined }), columns, OPTIONS),
      ),
    ).toBe('CHURN_ERR_MISSING_LABEL');
    expect(
      codeOf(() =>
        trainLogisticRegression(
          makeFrame(spec),
          [...columns, { name: 'nope', type: 'numeric' }],
          OPTIONS,
        ),
      ),
    ).toBe('CHURN_ERR_TRAIN_MISSING_COLUMN');
    expect(
      codeOf(() =>
        trainLogisticRegression(
          makeFrame({ ...spec, label: spec.label.map(() => 1) }),
          columns,
          OPTIONS,
        ),
      ),
    ).toBe('CHURN_ERR_SINGLE_CLASS');
    expect(
      codeOf(() => trainLogisticRegression(makeFrame(spec), columns, { ...OPTIONS, l2: -1 })),
    ).toBe('CHURN_ERR_TRAIN_INVALID_OPTION');
    const short = makeFrame(spec);
    short.numeric.set('x1', new Float64Array(3));
    expect(codeOf(() => trainLogisticRegression(short, columns, OPTIONS))).toBe(
      'CHURN_ERR_COLUMN_LENGTH',
    );
  });
});
