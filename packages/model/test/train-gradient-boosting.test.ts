import { selectRows } from '@churn/features';
import { describe, expect, it } from 'vitest';
import { binOf, binThresholds } from '../src/train/binning.js';
import {
  averagePrecision,
  type GradientBoostingOptions,
  predictProba,
  trainGradientBoosting,
  userHoldout,
} from '../src/train/index.js';
import { codeOf, columnsOf, makeFrame, rng } from './train-fixtures.js';

const OPTIONS: GradientBoostingOptions = {
  learningRate: 0.1,
  maxIter: 30,
  maxDepth: 6,
  maxLeafNodes: 31,
  minSamplesLeaf: 5,
  l2Regularization: 0,
  maxBins: 255,
  imbalanceStrategy: 'none',
};

function logLoss(labels: ArrayLike<number>, p: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum -= labels[i] ? Math.log(p[i]!) : Math.log(1 - p[i]!);
  return sum / p.length;
}

describe('binning', () => {
  it('puts thresholds between distinct values when there are few', () => {
    expect([...binThresholds(Float32Array.of(1, 2, 2, 3), 255)]).toEqual([1.5, 2.5]);
  });

  it('makes at most maxBins quantile bins whose codes agree with x <= threshold', () => {
    const random = rng(1);
    const values = Float32Array.from({ length: 5000 }, () => Math.fround(random() * 100));
    const thresholds = binThresholds(values, 16);
    expect(thresholds.length).toBeLessThanOrEqual(15);
    for (let i = 1; i < thresholds.length; i++)
      expect(thresholds[i]!).toBeGreaterThan(thresholds[i - 1]!);
    const counts = new Array(thresholds.length + 1).fill(0);
    let disagreements = 0;
    for (const x of values) {
      const bin = binOf(x, thresholds);
      counts[bin]++;
      for (let b = 0; b < thresholds.length; b++) {
        if (x <= thresholds[b]! !== bin <= b) disagreements++;
      }
    }
    expect(disagreements).toBe(0);
    // equal-frequency: every bin holds 1/16 of the rows, give or take 1%
    for (const count of counts) expect(Math.abs(count - 5000 / 16)).toBeLessThan(50);
  });

  it('separates neighbouring float32 values', () => {
    const a = Math.fround(0.1);
    const b = a + 2 ** -27; // the next float32 after 0.1
    expect(Math.fround(b)).toBe(b);
    const [t] = binThresholds(Float32Array.of(a, b), 255);
    expect(a <= t!).toBe(true);
    expect(b <= t!).toBe(false);
  });
});

describe('trainGradientBoosting', () => {
  it('fits a step function with one split at the step', () => {
    // 200 distinct values: one bin each (<= max_bins), so the split can sit exactly at the step
    const x = Array.from({ length: 200 }, (_, i) => i / 200);
    const spec = { numeric: { x }, label: x.map((v) => (v > 0.6 ? 1 : 0)) };
    const { params } = trainGradientBoosting(makeFrame(spec), columnsOf(spec), {
      ...OPTIONS,
      maxLeafNodes: 2,
    });
    const root = params.trees[0]!;
    expect(root.feature[0]).toBe(0);
    // the threshold separates 0.6 (left) from 0.605 (right)
    expect(root.threshold[0]!).toBeGreaterThanOrEqual(Math.fround(0.6));
    expect(root.threshold[0]!).toBeLessThan(0.605);
    const p = predictProba(params, makeFrame({ numeric: { x: [0.1, 0.6, 0.61, 0.9] } }));
    expect(p[0]!).toBeLessThan(0.1);
    expect(p[1]!).toBeLessThan(0.1);
    expect(p[2]!).toBeGreaterThan(0.9);
    expect(p[3]!).toBeGreaterThan(0.9);
  });

  it('keeps the gain of each split node: a perfect split of 121 negatives and 79 positives gains 200', () => {
    // From the base rate p = 79/200, a child of n rows of one class scores G^2/H = n*p/(1-p)
    // or n*(1-p)/p: 121 * 0.395/0.605 + 79 * 0.605/0.395 = 79 + 121, the parent scores 0.
    const x = Array.from({ length: 200 }, (_, i) => i / 200);
    const spec = { numeric: { x }, label: x.map((v) => (v > 0.6 ? 1 : 0)) };
    const { params } = trainGradientBoosting(makeFrame(spec), columnsOf(spec), {
      ...OPTIONS,
      maxIter: 1,
      maxLeafNodes: 2,
    });
    const tree = params.trees[0]!;
    expect(tree.gain![0]).toBeCloseTo(200, 4);
    expect([tree.gain![1], tree.gain![2]]).toEqual([0, 0]);
  });

  it('learns XOR, an interaction no single split shows', () => {
    const random = rng(2);
    const x1 = Array.from({ length: 2000 }, () => random());
    const x2 = Array.from({ length: 2000 }, () => random());
    const spec = {
      numeric: { x1, x2 },
      label: x1.map((a, i) => (a > 0.5 !== x2[i]! > 0.5 ? 1 : 0)),
    };
    const frame = makeFrame(spec);
    const { params } = trainGradientBoosting(frame, columnsOf(spec), { ...OPTIONS, maxIter: 50 });
    const p = predictProba(params, frame);
    let correct = 0;
    for (let i = 0; i < frame.rows; i++)
      correct += (p[i]! >= 0.5 ? 1 : 0) === spec.label[i] ? 1 : 0;
    expect(correct / frame.rows).toBeGreaterThan(0.97);
  });

  it('lowers the training loss with more iterations, and predictProba reproduces it (1e-9)', () => {
    const random = rng(3);
    const x = Array.from({ length: 3000 }, () => random() * 10);
    const c = x.map(() => ['a', 'b', 'c'][Math.floor(random() * 3)]!);
    const spec = {
      numeric: { x },
      categorical: { c },
      label: x.map((v, i) => (random() < (c[i] === 'b' ? 0.8 : 0.2) * (v / 10) ? 1 : 0)),
    };
    const frame = makeFrame(spec);
    const losses = [5, 20, 60].map((maxIter) => {
      const { params, report } = trainGradientBoosting(frame, columnsOf(spec), {
        ...OPTIONS,
        maxIter,
      });
      // the bins training saw and the thresholds prediction uses agree row by row
      expect(
        Math.abs(logLoss(spec.label, predictProba(params, frame)) - report.trainLoss),
      ).toBeLessThan(1e-9);
      return report.trainLoss;
    });
    expect(losses[1]!).toBeLessThan(losses[0]!);
    expect(losses[2]!).toBeLessThan(losses[1]!);
  });

  it('respects max_leaf_nodes, max_depth and min_samples_leaf', () => {
    const random = rng(4);
    const x = Array.from({ length: 1000 }, () => random());
    const spec = { numeric: { x }, label: x.map((v) => (random() < v ? 1 : 0)) };
    const frame = makeFrame(spec);
    const { params } = trainGradientBoosting(frame, columnsOf(spec), {
      ...OPTIONS,
      maxLeafNodes: 8,
      maxDepth: 2,
      minSamplesLeaf: 100,
    });
    for (const tree of params.trees) {
      const leaves = [...tree.left].filter((child) => child === -1).length;
      expect(leaves).toBeLessThanOrEqual(4); // depth 2 allows 4 leaves, fewer than 8
      const depth = (node: number): number =>
        tree.left[node] === -1
          ? 0
          : 1 + Math.max(depth(tree.left[node]!), depth(tree.right[node]!));
      expect(depth(0)).toBeLessThanOrEqual(2);
      // leaves of >= 100 rows: every leaf's threshold range holds >= 100 of the sorted x
      for (let node = 0; node < tree.left.length; node++) {
        if (tree.left[node] === -1) continue;
        const below = x.filter((v) => Math.fround(v) <= tree.threshold[node]!).length;
        expect(Math.min(below, x.length - below)).toBeGreaterThanOrEqual(100);
      }
    }
  });

  it('is deterministic and float32-exact', () => {
    const random = rng(5);
    const x = Array.from({ length: 500 }, () => random());
    const spec = { numeric: { x }, label: x.map((v) => (random() < v ? 1 : 0)) };
    const first = trainGradientBoosting(makeFrame(spec), columnsOf(spec), OPTIONS).params;
    const second = trainGradientBoosting(makeFrame(spec), columnsOf(spec), OPTIONS).params;
    expect(second).toEqual(first);
    expect(Math.fround(first.baseScore)).toBe(first.baseScore);
    for (const tree of first.trees) for (const v of tree.value) expect(Math.fround(v)).toBe(v);
  });

  it('grows the same trees with one thread or two', () => {
    const random = rng(6);
    // enough rows that the larger nodes are also partitioned on two threads
    const x1 = Array.from({ length: 12_001 }, () => random());
    const x2 = x1.map(() => Math.round(random() * 4));
    const spec = {
      numeric: { x1, x2 },
      label: x1.map((v, i) => (random() < v * (x2[i]! / 4) ? 1 : 0)),
    };
    const one = trainGradientBoosting(makeFrame(spec), columnsOf(spec), { ...OPTIONS, threads: 1 });
    const two = trainGradientBoosting(makeFrame(spec), columnsOf(spec), { ...OPTIONS, threads: 2 });
    expect(two.params).toEqual(one.params);
    expect(two.report.trainLoss).toBe(one.report.trainLoss);
  });

  it('starts from balanced log-odds 0 with class_weight, from the base rate without', () => {
    const x = Array.from({ length: 400 }, (_, i) => i);
    const spec = { numeric: { x }, label: x.map((v) => (v % 4 === 0 ? 1 : 0)) };
    const base = (imbalanceStrategy: 'none' | 'class_weight') =>
      trainGradientBoosting(makeFrame(spec), columnsOf(spec), {
        ...OPTIONS,
        maxIter: 1,
        imbalanceStrategy,
      }).params.baseScore;
    expect(base('class_weight')).toBeCloseTo(0, 6);
    expect(base('none')).toBeCloseTo(Math.log(1 / 3), 6);
  });

  it('fails fast on bad options and frames', () => {
    const spec = { numeric: { x: [1, 2, 3, 4] }, label: [0, 1, 0, 1] };
    const columns = columnsOf(spec);
    expect(
      codeOf(() => trainGradientBoosting(makeFrame(spec), columns, { ...OPTIONS, maxBins: 256 })),
    ).toBe('CHURN_ERR_TRAIN_INVALID_OPTION');
    expect(
      codeOf(() => trainGradientBoosting(makeFrame(spec), columns, { ...OPTIONS, maxIter: 0 })),
    ).toBe('CHURN_ERR_TRAIN_INVALID_OPTION');
    expect(
      codeOf(() =>
        trainGradientBoosting(makeFrame({ numeric: { x: [] }, label: [] }), columns, OPTIONS),
      ),
    ).toBe('CHURN_ERR_EMPTY_FRAME');
    expect(
      codeOf(() =>
        trainGradientBoosting(makeFrame({ ...spec, label: [0, 1, 2, 1] }), columns, OPTIONS),
      ),
    ).toBe('CHURN_ERR_INVALID_LABEL');
  });
});

describe('trainGradientBoosting early stopping', () => {
  // Pure noise: every tree fits noise, so the held-out loss rises. 200 users of 10 rows.
  const random = rng(7);
  const rows = 2000;
  const x1 = Array.from({ length: rows }, () => random());
  const x2 = Array.from({ length: rows }, () => random());
  const spec = {
    numeric: { x1, x2 },
    label: x1.map((v) => (random() < 0.3 + 0.1 * v ? 1 : 0)),
  };
  const userId = Int32Array.from({ length: rows }, (_, i) => 1 + (i % 200));
  const makeUsersFrame = () => ({ ...makeFrame(spec), userId });
  const stopping = {
    validationFraction: 0.2,
    nIterNoChange: 5,
    tol: 0,
    scoring: 'loss' as const,
  };
  const noisy = { ...OPTIONS, maxIter: 80, minSamplesLeaf: 2, earlyStopping: stopping };
  // 20% of the users, stratified, as the seed (default 0) draws them
  const { keep: fitRows, holdout: validationRows } = userHoldout(
    userId,
    Uint8Array.from(spec.label),
    0.2,
    0,
  );

  it('holds out whole users, a fifth of each class of user', () => {
    const heldUsers = new Set(Array.from(validationRows, (row) => userId[row]!));
    expect(heldUsers.size).toBe(40);
    for (const row of fitRows) expect(heldUsers.has(userId[row]!)).toBe(false);
    expect(fitRows.length + validationRows.length).toBe(rows);
  });

  it('stops before max_iter when the validation loss rises, keeping the best round', () => {
    const { params, report } = trainGradientBoosting(makeUsersFrame(), columnsOf(spec), noisy);
    expect(report.iterations).toBeLessThan(noisy.maxIter);
    expect(report.iterations).toBe(report.bestIteration + stopping.nIterNoChange);
    expect(params.trees.length).toBe(report.bestIteration);
    expect(report.trainRows).toBe(fitRows.length);
    expect(report.validationRows).toBe(validationRows.length);
    // the reported validation loss is the kept model's (1e-9)
    const validation = selectRows(makeUsersFrame(), validationRows);
    expect(report.validationScore?.scoring).toBe('loss');
    expect(
      Math.abs(
        logLoss(validation.label!, predictProba(params, validation)) -
          report.validationScore!.value,
      ),
    ).toBeLessThan(1e-9);
  });

  it('by default keeps the round with the best held-out average precision', () => {
    const frame = makeUsersFrame();
    const { scoring: _, ...byDefault } = stopping;
    const { params, report } = trainGradientBoosting(frame, columnsOf(spec), {
      ...noisy,
      earlyStopping: byDefault,
    });
    const validation = selectRows(frame, validationRows);
    expect(report.validationScore?.scoring).toBe('average_precision');
    expect(
      Math.abs(
        averagePrecision(validation.label!, predictProba(params, validation)) -
          report.validationScore!.value,
      ),
    ).toBeLessThan(1e-12);
    const full = trainGradientBoosting(selectRows(frame, fitRows), columnsOf(spec), {
      ...noisy,
      earlyStopping: undefined,
      maxIter: report.iterations,
    }).params;
    const scores = Array.from({ length: report.iterations }, (_, k) =>
      averagePrecision(
        validation.label!,
        predictProba({ ...full, trees: full.trees.slice(0, k + 1) }, validation),
      ),
    );
    // the first round with the highest AP
    expect(scores.indexOf(Math.max(...scores)) + 1).toBe(report.bestIteration);
  });

  it('balances the classes over the fit rows: the same trees as training on them alone', () => {
    const frame = makeUsersFrame();
    const balanced = { ...noisy, imbalanceStrategy: 'class_weight' as const };
    const { params, report } = trainGradientBoosting(frame, columnsOf(spec), balanced);
    // base score log(1) = 0 (1e-12): both classes weigh the same over the fit rows
    expect(Math.abs(params.baseScore)).toBeLessThan(1e-12);
    const alone = trainGradientBoosting(selectRows(frame, fitRows), columnsOf(spec), {
      ...balanced,
      earlyStopping: undefined,
      maxIter: report.bestIteration,
    }).params;
    expect(params.baseScore).toBe(alone.baseScore);
    expect(params.trees).toEqual(alone.trees);
  });

  it('truncates to the round with the lowest validation loss', () => {
    const frame = makeUsersFrame();
    const { params, report } = trainGradientBoosting(frame, columnsOf(spec), noisy);
    // the same rounds grown without early stopping on the fit rows only
    const full = trainGradientBoosting(selectRows(frame, fitRows), columnsOf(spec), {
      ...noisy,
      earlyStopping: undefined,
      maxIter: report.iterations,
    }).params;
    expect(params).toEqual({ ...full, trees: full.trees.slice(0, report.bestIteration) });
    const validation = selectRows(frame, validationRows);
    const losses = Array.from({ length: report.iterations }, (_, k) =>
      logLoss(
        validation.label!,
        predictProba({ ...full, trees: full.trees.slice(0, k + 1) }, validation),
      ),
    );
    const best = losses.indexOf(Math.min(...losses));
    expect(best + 1).toBe(report.bestIteration);
    expect(losses[losses.length - 1]!).toBeGreaterThan(losses[best]!);
  });

  it('runs all max_iter rounds without early stopping', () => {
    const { params, report } = trainGradientBoosting(makeFrame(spec), columnsOf(spec), {
      ...noisy,
      earlyStopping: undefined,
    });
    expect(report.iterations).toBe(noisy.maxIter);
    expect(report.bestIteration).toBe(noisy.maxIter);
    expect(params.trees.length).toBe(noisy.maxIter);
    expect(report.validationRows).toBe(0);
    expect(report.validationScore).toBeUndefined();
  });

  it('is deterministic, with one thread or two', () => {
    const first = trainGradientBoosting(makeFrame(spec), columnsOf(spec), noisy);
    const second = trainGradientBoosting(makeFrame(spec), columnsOf(spec), noisy);
    const single = trainGradientBoosting(makeFrame(spec), columnsOf(spec), {
      ...noisy,
      threads: 1,
    });
    expect(second).toEqual(first);
    expect(single).toEqual(first);
  });

  it('rejects bad early stopping options', () => {
    const columns = columnsOf(spec);
    for (const bad of [
      { ...stopping, validationFraction: 1 },
      { ...stopping, nIterNoChange: 0 },
      { ...stopping, tol: -1 },
    ]) {
      expect(
        codeOf(() =>
          trainGradientBoosting(makeFrame(spec), columns, { ...noisy, earlyStopping: bad }),
        ),
      ).toBe('CHURN_ERR_TRAIN_INVALID_OPTION');
    }
  });
});
