import type { ResolvedConfig } from '@churn/config';
import { openRegistry } from '@churn/registry';
import { type RunReporter, runPipeline } from './runner.js';
import type { StepName } from './step.js';
import { PIPELINE_STEPS } from './step-list.js';

export interface RetrainReport {
  readonly kind: 'churn-retrain-report';
  readonly schemaVersion: 1;
  readonly startedAt: string;
  readonly durationSeconds: number;
  /** The steps run, from validate (the newest raw data) to promote. */
  readonly steps: ReadonlyArray<{ name: StepName; seconds: number; summary: string }>;
  /** Production before and after the run; equal unless the gate promoted a new model. */
  readonly previous: { readonly name: string; readonly version: string } | null;
  readonly production: { readonly name: string; readonly version: string } | null;
  readonly promoted: boolean;
  /** The promote step's decision, in words. */
  readonly decision: string;
}

/**
 * Retrains from the newest raw data: validate, prepare, features, labels, train and
 * promote, so a new model reaches production only through the promotion gate. Services
 * that follow the registry (the API polls it) pick a promoted model up by themselves.
 * Raw data is not regenerated: new data arrives in paths.raw.
 */
export async function retrain(
  config: ResolvedConfig,
  options: { readonly reporter?: RunReporter } = {},
): Promise<RetrainReport> {
  const startedAt = new Date();
  const registry = openRegistry({ dir: config.paths.registry, modelsDir: config.paths.models });
  const previous = (await registry.read()).production;
  const records = await runPipeline({
    config,
    steps: PIPELINE_STEPS,
    from: 'validate',
    ...(options.reporter && { reporter: options.reporter }),
  });
  const production = (await registry.read()).production;
  return {
    kind: 'churn-retrain-report',
    schemaVersion: 1,
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    steps: records.map(({ name, seconds, result }) => ({ name, seconds, summary: result.summary })),
    previous,
    production,
    promoted: production !== null && production.version !== previous?.version,
    decision: records.find((record) => record.name === 'promote')?.result.summary ?? '',
  };
}
