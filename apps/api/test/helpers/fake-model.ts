import { modelFeatureColumns } from '@churn/features';
import type {
  ModelSource,
  ProductionPointer,
  ServingCard,
  ServingScorer,
} from '../../src/index.js';

/** The model's columns at the default config: 3 categorical, 44 numeric. */
export const FEATURES = modelFeatureColumns({
  windowsDays: [7, 14, 30],
  includeEngagementScore: false,
});

export function fakeCard(version: string, features = FEATURES): ServingCard {
  return {
    name: 'logistic_regression',
    version,
    algorithm: 'logistic_regression',
    createdAt: '2026-11-26T12:00:00.000Z',
    threshold: 0.5,
    primaryMetric: 'pr_auc',
    metrics: { pr_auc: 0.9, roc_auc: 0.95 },
    onnx: { output: { name: 'churn_probability' } },
    features: features.map((feature) =>
      feature.type === 'categorical'
        ? { name: feature.name, type: 'categorical', default: 'missing', categories: ['a', 'b'] }
        : { name: feature.name, type: 'numeric', default: 0 },
    ),
  };
}

/**
 * A scorer without onnxruntime: risk = sigmoid(0.1 * days_since_last_activity - 1), so tests
 * know the expected value. Records every batch it scores and whether it was closed.
 */
export class FakeScorer implements ServingScorer {
  readonly name: string;
  readonly version: string;
  readonly loadedAt = new Date();
  readonly loadSeconds = 0.01;
  readonly batches: number[] = [];
  closed = false;
  /** Delays each run, to keep requests in flight. */
  delayMs = 0;
  /** Rows for which the model's arithmetic "overflows" to NaN (none by default). */
  nanWhen: (record: Record<string, unknown>) => boolean = () => false;

  constructor(readonly card: ServingCard) {
    this.name = card.name;
    this.version = card.version;
  }

  async scoreRecords(records: ReadonlyArray<Record<string, unknown>>): Promise<Float32Array> {
    if (this.closed) throw new Error('scoring with a closed session');
    this.batches.push(records.length);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.closed) throw new Error('session closed during a run');
    const risks = Float32Array.from(records, (record) =>
      this.nanWhen(record) ? Number.NaN : expectedRisk(record),
    );
    // As @churn/scorer: never a non-finite probability; the error names the first such row.
    const row = risks.findIndex((risk) => !Number.isFinite(risk));
    if (row >= 0) {
      throw Object.assign(new Error(`non-finite probability for row ${row}`), {
        code: 'CHURN_ERR_SCORER_NON_FINITE',
        row,
      });
    }
    return risks;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export function expectedRisk(record: Record<string, unknown>): number {
  const days = record.days_since_last_activity;
  const x = typeof days === 'number' ? days : 0;
  return Math.fround(1 / (1 + Math.exp(-(0.1 * x - 1))));
}

/** A registry stand-in: `promote` moves the pointer; `broken` versions fail to load. */
export class FakeSource implements ModelSource {
  pointer: ProductionPointer | null = null;
  readonly scorers = new Map<string, FakeScorer>();
  readonly broken = new Set<string>();
  failReads = false;

  promote(version: string): void {
    this.pointer = { name: 'logistic_regression', version, modelDir: `/models/${version}` };
  }

  async production(): Promise<ProductionPointer | null> {
    if (this.failReads) throw new Error('registry.json is unreadable');
    return this.pointer;
  }

  async load(pointer: ProductionPointer): Promise<ServingScorer> {
    if (this.broken.has(pointer.version))
      throw new Error(`corrupt model.onnx in ${pointer.modelDir}`);
    const scorer = new FakeScorer(fakeCard(pointer.version));
    this.scorers.set(pointer.version, scorer);
    return scorer;
  }
}
