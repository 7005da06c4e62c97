import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '@churn/io/thread';
import type { ModelCard } from '@churn/model';
import { ScorerError } from '../errors.js';
import { InputPacker, type ScorableFrame, type ScoringColumns } from '../input-tensors.js';
import { loadCard } from '../scorer.js';
import type { Scorer, ScorerOptions } from '../scorer-interface.js';
import {
  fromThreadError,
  type ScoringReply,
  type ScoringRequest,
  type ThreadData,
} from './thread-messages.js';

export interface ThreadedScorerOptions extends ScorerOptions {
  /** Node options of the thread; default: the parent's (so tsx in development). */
  readonly execArgv?: string[];
}

interface Waiting {
  resolve(scores: Float32Array): void;
  reject(error: unknown): void;
}

/**
 * A Scorer whose onnxruntime session lives in a worker thread. onnxruntime-node blocks the
 * calling thread for a whole run, so this keeps the main thread parsing requests (or CSV)
 * while a batch scores on another core. Rows are turned into columns here (one float32
 * matrix, transferred, and string arrays), so the thread only builds tensors.
 *
 * @example
 * const scorer = await ThreadedScorer.load(modelDir);
 * const [risk] = await scorer.scoreRecords([{ plan: 'paid' }]);
 * await scorer.close(); // waits for runs in flight, then ends the thread
 */
export class ThreadedScorer implements Scorer {
  readonly name: string;
  readonly version: string;
  readonly loadedAt = new Date();
  readonly #worker: Worker;
  readonly #inputs: InputPacker;
  readonly #pending = new Map<number, Waiting>();
  #next = 0;
  #closing: Promise<void> | undefined;
  #drained: (() => void) | undefined;

  private constructor(
    worker: Worker,
    readonly card: ModelCard,
    readonly loadSeconds: number,
  ) {
    this.name = card.name;
    this.version = card.version;
    this.#inputs = new InputPacker(card);
    this.#worker = worker;
    worker.on('message', (reply: ScoringReply) => {
      if (reply.type === 'ready') return;
      const waiting = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.type === 'scores') waiting?.resolve(reply.scores);
      else waiting?.reject(fromThreadError(reply.error, 'CHURN_ERR_SCORER_RUN_FAILED'));
      if (this.#pending.size === 0) this.#drained?.();
    });
    worker.on('error', (error) => this.#failAll(error));
    worker.on('exit', () =>
      this.#failAll(new ScorerError('CHURN_ERR_SCORER_RUN_FAILED', 'the scoring thread exited')),
    );
  }

  /** Starts the thread and loads the model in it; rejects with the loader's ScorerError. */
  static async load(
    modelDir: string,
    options: ThreadedScorerOptions = {},
  ): Promise<ThreadedScorer> {
    const started = performance.now();
    const card = await loadCard(modelDir);
    const data: ThreadData = {
      card,
      modelDir,
      intraOpNumThreads: options.intraOpNumThreads ?? 1,
    };
    const worker = startModuleThread(import.meta.url, './scoring-thread', {
      workerData: data,
      ...(options.execArgv && { execArgv: options.execArgv }),
    });
    let first: ScoringReply;
    try {
      first = await new Promise<ScoringReply>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    } catch (cause) {
      await worker.terminate();
      throw new ScorerError('CHURN_ERR_SCORER_LOAD_FAILED', 'the scoring thread failed', { cause });
    }
    if (first.type !== 'ready') {
      await worker.terminate();
      throw first.type === 'error'
        ? fromThreadError(first.error, 'CHURN_ERR_SCORER_LOAD_FAILED')
        : new ScorerError('CHURN_ERR_SCORER_LOAD_FAILED', 'unexpected scoring thread reply');
    }
    // Thread start-up counts as load time here; the thread reports its own part.
    const loadSeconds = Math.max(first.loadSeconds, (performance.now() - started) / 1000);
    return new ThreadedScorer(worker, card, loadSeconds);
  }

  scoreRecords(records: ReadonlyArray<Readonly<Record<string, unknown>>>): Promise<Float32Array> {
    return this.#score(() => this.#inputs.records(records), 0);
  }

  scoreFrame(frame: ScorableFrame, start = 0, end = frame.rows): Promise<Float32Array> {
    return this.#score(() => this.#inputs.frame(frame, start, end), start);
  }

  /** Waits for runs in flight, then frees the session and ends the thread. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#pending.size > 0) {
        await new Promise<void>((resolve) => {
          this.#drained = resolve;
        });
      }
      const exited = new Promise((resolve) => this.#worker.once('exit', resolve));
      this.#worker.postMessage({ type: 'close' } satisfies ScoringRequest);
      await exited;
    })();
    return this.#closing;
  }

  async #score(columnsOf: () => ScoringColumns, firstRow: number): Promise<Float32Array> {
    if (this.#closing) {
      throw new ScorerError('CHURN_ERR_SCORER_CLOSED', `scorer for ${this.version} is closed`);
    }
    const columns = columnsOf();
    if (columns.rows === 0) return new Float32Array(0);
    const id = this.#next++;
    const request: ScoringRequest = { type: 'score', id, firstRow, ...columns };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage(request, [columns.numeric.buffer as ArrayBuffer]);
    });
  }

  #failAll(error: unknown): void {
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
    this.#drained?.();
  }
}
