import type { FeatureFrame } from '@churn/features';
import { type FeatureColumn, MISSING_CATEGORY } from '@churn/features';
import { Random } from '../src/train/random.js';

/**
 * A frame shaped like the default training set (users x days, the model columns)
 * with a latent engagement driving counts and churn. For timing when the real
 * training_set.csv is absent; its quality numbers mean nothing.
 */
export function syntheticFrame(
  columns: readonly FeatureColumn[],
  users: number,
  days: number,
  seed = 7,
): FeatureFrame {
  const random = new Random(seed);
  const rand = () => random.next();
  const rows = users * days;
  const engagement = Array.from({ length: users }, () => rand());
  const userId = new Int32Array(rows);
  const asOfDate: string[] = new Array(rows);
  const label = new Uint8Array(rows);
  const start = Date.UTC(2025, 0, 1);
  for (let u = 0; u < users; u++) {
    for (let d = 0; d < days; d++) {
      const i = u * days + d;
      userId[i] = u + 1;
      asOfDate[i] = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
      label[i] = rand() < 0.6 * (1 - engagement[u]!) ** 2 ? 1 : 0;
    }
  }
  const numeric = new Map<string, Float64Array>();
  const categorical = new Map<string, string[]>();
  const vocab: Record<string, string[]> = {
    plan: ['free', 'paid'],
    country: ['IN', 'US', 'UK', 'CA', 'AU', 'SG'],
    marketing_source: ['organic', 'referral', 'ads', 'youtube', 'community'],
  };
  for (const column of columns) {
    if (column.type === 'categorical') {
      const values = vocab[column.name] ?? ['a', 'b'];
      categorical.set(
        column.name,
        Array.from(
          { length: rows },
          () => values[Math.floor(rand() * values.length)] ?? MISSING_CATEGORY,
        ),
      );
      continue;
    }
    const scale = 1 + Math.floor(rand() * 60);
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const eng = engagement[userId[i]! - 1]!;
      const x = Math.round(scale * eng * rand() * 4);
      values[i] = column.name.startsWith('quiz_avg') && x === 0 ? Number.NaN : x;
    }
    numeric.set(column.name, values);
  }
  return { rows, userId, asOfDate, numeric, categorical, label };
}
