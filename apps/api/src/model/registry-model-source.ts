import { openRegistry } from '@churn/registry';
import { loadScorer } from '@churn/scorer';
import type { ModelSource } from './model-source.js';

export interface RegistryModelSourceOptions {
  /** paths.registry: the folder of registry.json. */
  readonly registryDir: string;
  /** paths.models: the folder of `<version>/` model folders. */
  readonly modelsDir: string;
  /**
   * api.scoring_thread: run each model's onnxruntime session in its own worker thread, so
   * the event loop keeps parsing requests while a batch scores (default false here).
   */
  readonly scoringThread?: boolean;
  /** Node options of the scoring thread; default: the parent's. */
  readonly threadExecArgv?: string[];
}

/** The production model source: the file registry's pointer, loaded with onnxruntime. */
export function registryModelSource(options: RegistryModelSourceOptions): ModelSource {
  const registry = openRegistry({ dir: options.registryDir, modelsDir: options.modelsDir });
  return {
    async production() {
      const production = await registry.production();
      if (!production) return null;
      const { name, version } = production.entry;
      return { name, version, modelDir: production.modelDir };
    },
    // One onnxruntime thread per run: requests are small and many run concurrently.
    async load(pointer) {
      if (!options.scoringThread) return loadScorer(pointer.modelDir, { intraOpNumThreads: 1 });
      const { ThreadedScorer } = await import('@churn/scorer/thread');
      return ThreadedScorer.load(pointer.modelDir, {
        intraOpNumThreads: 1,
        ...(options.threadExecArgv && { execArgv: options.threadExecArgv }),
      });
    },
  };
}
