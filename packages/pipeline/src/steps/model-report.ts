import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@churn/io';
import type { ModelCard } from '@churn/model';
import type { PromotionDecision, Registry } from '@churn/registry';
import {
  type GatedAgainst,
  MODEL_EVALUATION_FILE,
  MODEL_REPORT_FILE,
  type ModelEvaluation,
  parseModelEvaluation,
  readModelMetrics,
  renderModelReport,
} from '@churn/report';

export interface ReportsInput {
  readonly registry: Registry;
  readonly decision: PromotionDecision;
  /** The models the gate considered, with their folders. */
  readonly candidates: ReadonlyArray<{ readonly card: ModelCard; readonly dir: string }>;
  readonly log: (message: string) => void;
}

/** evaluation.json of a model folder, or null when the model was trained before there was one. */
async function readEvaluation(dir: string): Promise<ModelEvaluation | null> {
  const file = join(dir, MODEL_EVALUATION_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseModelEvaluation(text, file);
}

/** What the gate said about one candidate, in a sentence. */
function gateSummary(decision: PromotionDecision, version: string): string {
  const { candidate, previous, primaryMetric: metric } = decision;
  const value = (v: number | null) => (v === null ? 'n/a' : v.toFixed(4));
  const ours = `${metric} ${value(decision.candidateMetric)}`;
  const theirs = previous
    ? `production ${previous.version} (${metric} ${value(decision.previousMetric)})`
    : '';
  if (candidate?.version !== version) {
    return `Not promoted: ${candidate ? `${candidate.version} (${ours}) was the best candidate of this run` : 'no candidate had the metric'}.`;
  }
  switch (decision.reason) {
    case 'no_production':
      return `Promoted: the first production model (${ours}).`;
    case 'improved':
      return `Promoted over ${theirs}: ${ours}, at least ${decision.minImprovement} better.`;
    case 'below_margin':
      return `Not promoted: ${ours} does not beat ${theirs} by the margin ${decision.minImprovement}.`;
    case 'already_production':
      return 'Already the production model.';
    case 'no_candidates':
      return 'Not promoted: no candidate had the metric.';
  }
}

/**
 * Writes report.html into each candidate's folder once the gate has decided: the model's
 * test metrics and curves beside the production model it was gated against. A model
 * without evaluation.json (trained before reports existed) gets no report, with a log line.
 */
export async function writeModelReports(input: ReportsInput): Promise<string[]> {
  const { registry, decision } = input;
  const previous = decision.previous;
  let production: GatedAgainst | null = null;
  if (previous) {
    production = {
      name: previous.name,
      version: previous.version,
      metrics: previous.metrics,
      evaluation: await readEvaluation(await registry.modelDir(previous.version)),
    };
  }
  const written: string[] = [];
  for (const { card, dir } of input.candidates) {
    const evaluation = await readEvaluation(dir);
    if (!evaluation) {
      input.log(`no report for ${card.version}: it has no ${MODEL_EVALUATION_FILE}`);
      continue;
    }
    const promoted = decision.promoted && decision.candidate?.version === card.version;
    const page = renderModelReport({
      model: card,
      metrics: readModelMetrics(card.metrics, `${card.version} model card`),
      trainingData: card.trainingData,
      evaluation,
      gate: {
        primaryMetric: decision.primaryMetric,
        minImprovement: decision.minImprovement,
        promoted,
        summary: gateSummary(decision, card.version),
        production: production?.version === card.version ? null : production,
      },
    });
    const file = join(dir, MODEL_REPORT_FILE);
    await writeFileAtomic(file, page);
    written.push(file);
  }
  return written;
}
