import * as ort from 'onnxruntime-node';
import type {
  GradientBoostingParams,
  LogisticRegressionParams,
  ModelParams,
  RegressionTree,
} from '../src/index.js';

/** Small hand-built models and a straightforward TypeScript evaluation of them. */
export type Row = Record<string, string | number>;

export const lrParams: LogisticRegressionParams = {
  kind: 'logistic_regression',
  numeric: [
    { name: 'days_since_signup', impute: 30, mean: 40, scale: 25, weight: -0.8 },
    { name: 'events_7d', impute: 0, mean: 12.5, scale: 9.25, weight: -1.3 },
    { name: 'payment_fail_rate_30d', impute: 0, mean: 0.02, scale: 0.1, weight: 0.4 },
  ],
  categorical: [
    { name: 'plan', categories: ['free', 'paid'], weights: [0.35, -0.35] },
    { name: 'country', categories: ['IN', 'US', 'missing'], weights: [0.1, -0.2, 0.05] },
  ],
  intercept: -0.25,
};

function tree(
  nodes: Array<[feature: number, threshold: number, left: number, right: number, value: number]>,
): RegressionTree {
  return {
    feature: Int32Array.from(nodes.map((n) => n[0])),
    threshold: Float32Array.from(nodes.map((n) => n[1])),
    left: Int32Array.from(nodes.map((n) => n[2])),
    right: Int32Array.from(nodes.map((n) => n[3])),
    value: Float64Array.from(nodes.map((n) => n[4])),
  };
}

export const gbParams: GradientBoostingParams = {
  kind: 'gradient_boosting',
  numeric: [
    { name: 'days_since_signup', impute: 30 },
    { name: 'events_7d', impute: 0 },
  ],
  categorical: [
    { name: 'plan', categories: ['free', 'paid'] },
    { name: 'country', categories: ['IN', 'US', 'missing'] },
  ],
  // Deliberately not the input order: the tree matrix follows featureOrder.
  featureOrder: ['events_7d', 'plan', 'days_since_signup', 'country'],
  baseScore: -0.6,
  trees: [
    tree([
      [0, 2.5, 1, 2, 0],
      [1, 0.5, 3, 4, 0],
      [-1, 0, -1, -1, -0.4],
      [-1, 0, -1, -1, 0.3],
      [-1, 0, -1, -1, 0.7],
    ]),
    tree([
      [3, -0.5, 1, 2, 0],
      [-1, 0, -1, -1, 0.11],
      [2, 29.5, 3, 4, 0],
      [-1, 0, -1, -1, -0.2],
      [-1, 0, -1, -1, 0.25],
    ]),
    tree([[-1, 0, -1, -1, 0.05]]),
  ],
};

/** Rows covering known/unknown categories, NaN numerics and values exactly at a threshold. */
export const edgeRows: Row[] = [
  { plan: 'free', country: 'IN', days_since_signup: 10, events_7d: 0 },
  { plan: 'paid', country: 'US', days_since_signup: 29.5, events_7d: 2.5 },
  {
    plan: 'paid',
    country: 'US',
    days_since_signup: Math.fround(29.5 + 2 ** -19),
    events_7d: Math.fround(2.5 + 2 ** -22),
  },
  { plan: 'enterprise', country: 'FR', days_since_signup: Number.NaN, events_7d: Number.NaN },
  { plan: 'missing', country: 'missing', days_since_signup: 1e6, events_7d: -3 },
  { plan: 'free', country: '', days_since_signup: 0.1, events_7d: 0.3333333 },
];

/** A deterministic pseudo-random generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomRows(count: number, seed: number): Row[] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  return Array.from({ length: count }, () => ({
    plan: pick(['free', 'paid', 'other']),
    country: pick(['IN', 'US', 'missing', 'CA']),
    days_since_signup: next() < 0.1 ? Number.NaN : Math.round(next() * 800) / 10,
    events_7d: next() < 0.1 ? Number.NaN : pick([0, 1, 2, 2.5, 3, 7.25, 20]),
  }));
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const numericValue = (row: Row, name: string, impute: number) => {
  const value = (row[name] as number | undefined) ?? Number.NaN;
  return Math.fround(Number.isNaN(value) ? impute : value);
};

export function referenceProbability(params: ModelParams, row: Row): number {
  if (params.kind === 'logistic_regression') {
    let logit = params.intercept;
    for (const input of params.numeric) {
      logit +=
        (input.weight * (numericValue(row, input.name, input.impute) - input.mean)) / input.scale;
    }
    for (const input of params.categorical) {
      const index = input.categories.indexOf(row[input.name] as string);
      logit += index === -1 ? 0 : input.weights[index]!;
    }
    return sigmoid(logit);
  }
  const x = params.featureOrder.map((name) => {
    const categorical = params.categorical.find((input) => input.name === name);
    if (categorical) return categorical.categories.indexOf(row[name] as string);
    return numericValue(row, name, params.numeric.find((input) => input.name === name)!.impute);
  });
  let logit = params.baseScore;
  for (const t of params.trees) {
    let node = 0;
    while (t.left[node] !== -1) {
      node = x[t.feature[node]!]! <= t.threshold[node]! ? t.left[node]! : t.right[node]!;
    }
    logit += t.value[node]!;
  }
  return sigmoid(logit);
}

/**
 * The two model inputs for rows: every categorical in one [N, C] string matrix and every
 * numeric in one [N, K] float matrix (NaN = missing), row-major, columns in parameter order.
 */
export function packedFeeds(
  params: ModelParams,
  rows: number,
  value: (row: number, feature: string) => string | number | undefined,
): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const c = params.categorical.length;
  const k = params.numeric.length;
  if (c > 0) {
    const strings = new Array<string>(rows * c);
    for (let i = 0; i < rows; i++) {
      params.categorical.forEach((input, j) => {
        strings[i * c + j] = value(i, input.name) as string;
      });
    }
    feeds.categorical = new ort.Tensor('string', strings, [rows, c]);
  }
  if (k > 0) {
    const numbers = new Float32Array(rows * k);
    for (let i = 0; i < rows; i++) {
      params.numeric.forEach((input, j) => {
        numbers[i * k + j] = (value(i, input.name) as number | undefined) ?? Number.NaN;
      });
    }
    feeds.numeric = new ort.Tensor('float32', numbers, [rows, k]);
  }
  return feeds;
}

/** Runs an ONNX model in onnxruntime-node on rows (packedFeeds). */
export async function runOnnx(
  model: Uint8Array,
  params: ModelParams,
  rows: Row[],
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model);
  try {
    const feeds = packedFeeds(params, rows.length, (i, name) => rows[i]![name]);
    const output = (await session.run(feeds)).churn_probability!;
    expect2d(output.dims, rows.length);
    return output.data as Float32Array;
  } finally {
    await session.release();
  }
}

function expect2d(dims: readonly number[], rows: number): void {
  if (dims.length !== 2 || dims[0] !== rows || dims[1] !== 1) {
    throw new Error(`unexpected output shape [${dims.join(', ')}]`);
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
