import { type FeatureColumn, modelFeatureColumns } from '@churn/features';
import * as ort from 'onnxruntime-node';
import type { ModelParams } from '../src/index.js';
import type { FeatureFrame } from '../src/train/index.js';
import { packedFeeds, random } from './onnx-fixtures.js';

export const parityColumns: FeatureColumn[] = modelFeatureColumns({
  windowsDays: [7, 30],
  includeEngagementScore: false,
});

/**
 * A small labelled frame with the model's columns: users x days, counts driven by a
 * latent engagement, quiz averages missing (NaN) on days without quizzes, and a
 * country that only appears in the last days (unknown to a model trained before).
 */
export function trainingFrame(users: number, days: number, seed: number): FeatureFrame {
  const next = random(seed);
  const rows = users * days;
  const userId = new Int32Array(rows);
  const asOfDate = new Array<string>(rows);
  const label = new Uint8Array(rows);
  const engagement = Array.from({ length: users }, () => next());
  const plan = Array.from({ length: users }, () => (next() < 0.35 ? 'paid' : 'free'));
  const countries = ['IN', 'US', 'UK', 'CA'];
  const country = Array.from({ length: users }, () => countries[Math.floor(next() * 4)]!);
  const source = Array.from({ length: users }, () => (next() < 0.5 ? 'ads' : 'organic'));
  const numeric = new Map(
    parityColumns
      .filter((column) => column.type === 'numeric')
      .map((column) => [column.name, new Float64Array(rows)]),
  );
  const categorical = new Map<string, string[]>([
    ['plan', new Array<string>(rows)],
    ['country', new Array<string>(rows)],
    ['marketing_source', new Array<string>(rows)],
  ]);
  for (let u = 0; u < users; u++) {
    for (let d = 0; d < days; d++) {
      const i = u * days + d;
      const eng = engagement[u]!;
      userId[i] = u + 1;
      asOfDate[i] = new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10);
      categorical.get('plan')![i] = plan[u]!;
      categorical.get('country')![i] = d >= days - 3 && u % 7 === 0 ? 'SG' : country[u]!;
      categorical.get('marketing_source')![i] = source[u]!;
      let j = 0;
      for (const [name, values] of numeric) {
        const base = eng * (1 + (j++ % 5)) * 3 + next() * 2;
        if (name.startsWith('quiz_avg_score'))
          values[i] = next() < eng ? 40 + 60 * next() : Number.NaN;
        else if (name === 'is_paid') values[i] = plan[u] === 'paid' ? 1 : 0;
        else if (name === 'days_since_signup') values[i] = d + (u % 30);
        else if (name === 'payment_fail_rate_30d') values[i] = next() < 0.1 ? next() : 0;
        else values[i] = Math.round(base * 4) / 4;
      }
      const risk = 0.7 * (1 - eng) ** 2 + (plan[u] === 'paid' ? -0.1 : 0.05);
      label[i] = next() < risk ? 1 : 0;
    }
  }
  return { rows, userId, asOfDate, numeric, categorical, label };
}

/** Runs an ONNX model over every row of a frame (packedFeeds). */
export async function runOnnxFrame(
  model: Uint8Array,
  params: ModelParams,
  frame: FeatureFrame,
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model);
  try {
    const feeds = packedFeeds(
      params,
      frame.rows,
      (i, name) => frame.categorical.get(name)?.[i] ?? frame.numeric.get(name)?.[i],
    );
    return (await session.run(feeds)).churn_probability!.data as Float32Array;
  } finally {
    await session.release();
  }
}
