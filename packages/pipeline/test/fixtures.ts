import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type ResolvedConfig } from '@churn/config';
import { BackgroundCsvWriter } from '@churn/io';
import type { Step, StepContext, StepResult } from '../src/index.js';

/** A throwaway project: data and artifacts under a fresh temporary folder. */
export function testConfig(
  generate: { n_users?: number; days?: number; seed?: number; churn_trend?: number } = {},
  training: NonNullable<
    NonNullable<Parameters<typeof loadConfig>[0]>['overrides']
  >['training'] = {},
): ResolvedConfig {
  const root = mkdtempSync(join(tmpdir(), 'churn-pipeline-'));
  return loadConfig({
    cwd: root,
    env: {},
    overrides: {
      paths: { data: join(root, 'data'), artifacts: join(root, 'artifacts') },
      generate: { n_users: 40, days: 60, ...generate },
      training,
    },
  });
}

/** A step context that records log lines. */
export function contextFor(config: ResolvedConfig): StepContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    config,
    lines,
    log: (line) => lines.push(line),
    progress: { start() {}, update() {} },
    writer: new BackgroundCsvWriter(),
  };
}

/** Runs a step alone, as the runner does: its background writes are done when it returns. */
export async function runStep(step: Step, context: StepContext): Promise<StepResult> {
  try {
    return await step.run(context);
  } finally {
    await context.writer.close();
  }
}
