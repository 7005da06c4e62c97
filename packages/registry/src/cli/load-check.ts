import { loadScorer } from '@churn/scorer';

/**
 * Loads a model folder with onnxruntime (checksum, card, graph) and releases it: what a
 * hand promotion or a rollback must pass, so production never points at a model the API
 * would refuse.
 */
export async function loadCheck(modelDir: string): Promise<void> {
  const scorer = await loadScorer(modelDir, { intraOpNumThreads: 1 });
  await scorer.close();
}
