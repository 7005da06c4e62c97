import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_CARD_FILE, type ModelCard, ModelError, readModelCard } from '@churn/model';
import { openRegistry, type PromotionDecision } from '@churn/registry';
import { PipelineError } from '../errors.js';
import type { Step } from '../step.js';
import { writeModelReports } from './model-report.js';

/**
 * promote: registers every model folder in paths.models that the registry does not
 * list yet (what train just wrote), then applies the gate: the best new model by the
 * primary metric becomes production only when it beats the current one by at least
 * promotion.min_improvement (the first model always does). Each candidate then gets its
 * report.html, which shows the gate's comparison.
 */
export const promoteStep: Step = {
  name: 'promote',
  description: 'register the trained models and promote the best one past the gate',
  async run({ config, log }) {
    const registry = openRegistry({
      dir: config.paths.registry,
      modelsDir: config.paths.models,
      actor: 'pipeline',
    });
    const before = await registry.read();
    const known = new Set(before.models.map((entry) => entry.version));
    const fresh: string[] = [];
    const cards = await modelCards(config.paths.models, log);
    for (const { card, dir } of cards) {
      if (known.has(card.version)) continue;
      await registry.register({ card, modelDir: dir });
      fresh.push(card.version);
      log(
        `registered ${card.version} (${metricText(card.metrics[card.primaryMetric])} ${card.primaryMetric})`,
      );
    }
    const registered = (await registry.read()).models.map((entry) => entry.version);
    if (registered.length === 0) {
      throw new PipelineError(
        'CHURN_ERR_NO_MODELS',
        `no model to promote: ${config.paths.models} has no model cards (run the train step first, e.g. --from train)`,
      );
    }
    // Nothing new: re-run the gate over every model only when there is no production yet.
    const candidates = fresh.length > 0 || before.production ? fresh : registered;
    const decision = await registry.promote({
      candidates,
      primaryMetric: config.evaluation.primary_metric,
      minImprovement: config.promotion.min_improvement,
    });
    const summary = describeDecision(decision);
    log(summary);
    const reports = await writeModelReports({
      registry,
      decision,
      candidates: cards.filter(({ card }) => candidates.includes(card.version)),
      log,
    });
    return { summary, outputs: [registry.file, ...reports] };
  },
};

/** Cards of `<modelsDir>/<version>/` folders, sorted by version; unreadable ones are logged and skipped. */
async function modelCards(
  modelsDir: string,
  log: (message: string) => void,
): Promise<Array<{ card: ModelCard; dir: string }>> {
  const entries = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
  const folders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const cards: Array<{ card: ModelCard; dir: string }> = [];
  for (const folder of folders) {
    const dir = join(modelsDir, folder);
    try {
      const card = await readModelCard(join(dir, MODEL_CARD_FILE));
      if (card.version !== folder) {
        log(`skipped ${dir}: its card names version ${card.version}`);
        continue;
      }
      cards.push({ card, dir });
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      log(`skipped ${dir}: ${error.code}`);
    }
  }
  return cards;
}

function describeDecision(decision: PromotionDecision): string {
  const { candidate, previous, primaryMetric: metric } = decision;
  const candidateText = candidate
    ? `${candidate.version} (${metric} ${metricText(decision.candidateMetric)})`
    : 'no candidate';
  const previousText = previous
    ? `${previous.version} (${metric} ${metricText(decision.previousMetric)})`
    : 'none';
  const margin = `margin ${decision.minImprovement}`;
  switch (decision.reason) {
    case 'no_production':
      return `promoted ${candidateText}: first production model (previous: ${previousText})`;
    case 'improved':
      return `promoted ${candidateText} over ${previousText}: improvement >= ${margin}`;
    case 'below_margin':
      return `kept ${previousText}: candidate ${candidateText} is not better by the ${margin}`;
    case 'already_production':
      return `kept ${previousText}: it is still the best candidate`;
    case 'no_candidates':
      return `kept ${previousText}: no new model to consider`;
  }
}

function metricText(value: unknown): string {
  return typeof value === 'number' ? value.toFixed(4) : 'n/a';
}
