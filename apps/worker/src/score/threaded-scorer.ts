import { Worker } from 'node:worker_threads';
import type { FeatureFrame } from '@churn/features';
import type { ModelCard } from '@churn/model';
import type { ClosableScorer } from '../model-holder.js';
import type { ScoringReply, ScoringRequest, ThreadData, ThreadError } from './scoring-messages.js';

export interface ThreadedScorerOptions {
  readonly intraOpNumThreads?: number;
  /** Node options of the thread; default: the parent's (so tsx in development). */
  readonly execArgv?: string[];
}

/**
 * A scorer whose onnxruntime session lives in a worker thread. `scoreFrame`
 * copies the requested rows of each model column and transfers them, so the
 * caller may refill its frame at once; runs are answered in order.
 */
export class ThreadedScorer implements ClosableScorer {
  readonly #worker: Worker;
  readonly #pending = new Map<
    number,
    { resolve(s: Float32Array): void; reject(e: unknown): void }
  >();
  #next = 0;
  #closed = false;

  private constructor(
    worker: Worker,
    readonly name: string,
    readonly version: string,
    readonly card: ModelCard,
  ) {
    this.#worker = worker;
    worker.on('message', (reply: ScoringReply) => {
      if (reply.type === 'ready') return;
      const waiting = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.type === 'scores') waiting?.resolve(reply.scores);
      else waiting?.reject(new ScoringThreadError(reply.error));
    });
    worker.on('error', (error) => this.#failAll(error));
    worker.on('exit', () => this.#failAll(new RangeError('the scoring thread exited')));
  }

  /** Starts the thread and loads the model in it; rejects with the loader's error. */
  static async load(
    modelDir: string,
    options: ThreadedScorerOptions = {},
  ): Promise<ThreadedScorer> {
    const data: ThreadData = { modelDir, intraOpNumThreads: options.intraOpNumThreads ?? 1 };
    // The entry sits next to this file: scoring-thread.js in dist/; from the sources
    // (tsx, vitest) a small loader registers tsx in the thread first.
    const fromSources = import.meta.url.endsWith('.ts');
    const entry = new URL(`./scoring-thread.${fromSources ? 'ts' : 'js'}`, import.meta.url);
    const worker = new Worker(
      fromSources ? new URL('./source-thread-loader.mjs', import.meta.url) : entry,
      {
        workerData: { ...data, entry: entry.href },
        ...(options.execArgv && { execArgv: options.execArgv }),
      },
    );
    const first = await new Promise<ScoringReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (first.type !== 'ready') {
      await worker.terminate();
      throw first.type === 'error'
        ? new ScoringThreadError(first.error)
        : new RangeError('unexpected scoring reply');
    }
    return new ThreadedScorer(worker, first.name, first.version, first.card);
  }

  scoreFrame(frame: FeatureFrame, start = 0, end = frame.rows): Promise<Float32Array> {
    if (this.#closed) return Promise.reject(new RangeError('the scorer is closed'));
    const id = this.#next++;
    const numeric: Array<[string, Float64Array]> = [];
    const categorical: Array<[string, string[]]> = [];
    for (const feature of this.card.features) {
      if (feature.type === 'numeric') {
        const values = frame.numeric.get(feature.name);
        if (values) numeric.push([feature.name, values.slice(start, end)]);
      } else {
        const values = frame.categorical.get(feature.name);
        if (values) categorical.push([feature.name, values.slice(start, end)]);
      }
    }
    const request: ScoringRequest = { type: 'score', id, rows: end - start, numeric, categorical };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage(
        request,
        numeric.map(([, values]) => values.buffer as ArrayBuffer),
      );
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const exited = new Promise((resolve) => this.#worker.once('exit', resolve));
    this.#worker.postMessage({ type: 'close' } satisfies ScoringRequest);
    await exited;
  }

  #failAll(error: unknown): void {
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}

/** An error of the scoring thread, with the code it had there (e.g. CHURN_ERR_SCORER_*). */
export class ScoringThreadError extends Error {
  override readonly name = 'ScoringThreadError';
  readonly code: string | undefined;
  constructor(error: ThreadError) {
    super(error.message);
    this.code = error.code;
  }
}
