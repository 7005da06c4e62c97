import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ModelCard, ModelError, readModelCard } from '@churn/model';
import { InferenceSession } from 'onnxruntime-node';
import { ScorerError } from './errors.js';
import { InputPacker, type ScorableFrame, type ScoringColumns } from './input-tensors.js';

export const MODEL_CARD_FILE = 'model-card.json';

export interface ScorerOptions {
  /**
   * onnxruntime intra-op threads per run (default 1: the API runs many small
   * requests concurrently, where one thread each is fastest; the worker may use more).
   */
  readonly intraOpNumThreads?: number;
}

export interface Scorer {
  readonly card: ModelCard;
  readonly name: string;
  readonly version: string;
  readonly loadedAt: Date;
  /** Wall time of loadScorer: card, checksum and session creation. */
  readonly loadSeconds: number;
  /** P(churn) per record, in one onnxruntime run. */
  scoreRecords(records: ReadonlyArray<Readonly<Record<string, unknown>>>): Promise<Float32Array>;
  /** P(churn) for rows start..end-1 (default: all) of a columnar frame, in one run. */
  scoreFrame(frame: ScorableFrame, start?: number, end?: number): Promise<Float32Array>;
  /** Waits for runs in flight, then frees the session. Further scoring fails. */
  close(): Promise<void>;
}

/**
 * Loads the model in `modelDir` (model-card.json + the ONNX file it names): validates
 * the card, checks the ONNX sha256 against it, and creates an onnxruntime session
 * whose inputs and output must match the card.
 *
 * @example
 * const scorer = await loadScorer(production.modelDir);
 * const [risk] = await scorer.scoreRecords([{ plan: 'paid', days_since_signup: 12 }]);
 */
export function loadScorer(modelDir: string, options: ScorerOptions = {}): Promise<Scorer> {
  return loadOnnxScorer(modelDir, options);
}

/** loadScorer, with the package-internal `scoreColumns` the scoring thread uses. */
export async function loadOnnxScorer(
  modelDir: string,
  options: ScorerOptions = {},
): Promise<OnnxScorer> {
  const started = performance.now();
  const card = await loadCard(modelDir);
  const onnxFile = join(modelDir, card.onnx.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(onnxFile);
  } catch (cause) {
    throw new ScorerError('CHURN_ERR_SCORER_MODEL_NOT_FOUND', `cannot read ${onnxFile}`, { cause });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== card.onnx.sha256) {
    throw new ScorerError(
      'CHURN_ERR_SCORER_CHECKSUM_MISMATCH',
      `${onnxFile} has sha256 ${sha256}, its card says ${card.onnx.sha256}`,
    );
  }
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(bytes, {
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      intraOpNumThreads: options.intraOpNumThreads ?? 1,
      interOpNumThreads: 1,
    });
  } catch (cause) {
    throw new ScorerError('CHURN_ERR_SCORER_LOAD_FAILED', `onnxruntime cannot load ${onnxFile}`, {
      cause,
    });
  }
  const expectedInputs = card.onnx.inputs.map((input) => input.name);
  const outputName = card.onnx.output.name;
  if (
    [...session.inputNames].sort().join('\n') !== [...expectedInputs].sort().join('\n') ||
    !session.outputNames.includes(outputName)
  ) {
    await session.release();
    throw new ScorerError(
      'CHURN_ERR_SCORER_LOAD_FAILED',
      `${onnxFile}: inputs [${session.inputNames.join(', ')}] / outputs [${session.outputNames.join(', ')}] do not match the card`,
    );
  }
  return new OnnxScorer(card, session, outputName, (performance.now() - started) / 1000);
}

async function loadCard(modelDir: string): Promise<ModelCard> {
  try {
    return await readModelCard(join(modelDir, MODEL_CARD_FILE));
  } catch (error) {
    if (error instanceof ModelError && error.code === 'CHURN_ERR_MODEL_CARD_NOT_FOUND') {
      throw new ScorerError('CHURN_ERR_SCORER_MODEL_NOT_FOUND', `no model in ${modelDir}`, {
        cause: error,
      });
    }
    throw new ScorerError('CHURN_ERR_SCORER_CARD_INVALID', `invalid model card in ${modelDir}`, {
      cause: error,
    });
  }
}

export class OnnxScorer implements Scorer {
  readonly name: string;
  readonly version: string;
  readonly loadedAt = new Date();
  private readonly inputs: InputPacker;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(
    readonly card: ModelCard,
    private readonly session: InferenceSession,
    private readonly outputName: string,
    readonly loadSeconds: number,
  ) {
    this.name = card.name;
    this.version = card.version;
    this.inputs = new InputPacker(card);
  }

  scoreRecords(records: ReadonlyArray<Readonly<Record<string, unknown>>>): Promise<Float32Array> {
    return this.score(() => this.inputs.records(records), 0);
  }

  scoreFrame(frame: ScorableFrame, start = 0, end = frame.rows): Promise<Float32Array> {
    return this.score(() => this.inputs.frame(frame, start, end), start);
  }

  /** Scores packed columns; `firstRow` is the caller's index of their first row, for errors. */
  scoreColumns(columns: ScoringColumns, firstRow = 0): Promise<Float32Array> {
    return this.score(() => columns, firstRow);
  }

  close(): Promise<void> {
    this.closing ??= Promise.allSettled([...this.inFlight]).then(() => this.session.release());
    return this.closing;
  }

  private async score(columnsOf: () => ScoringColumns, firstRow: number): Promise<Float32Array> {
    if (this.closing) {
      throw new ScorerError('CHURN_ERR_SCORER_CLOSED', `scorer for ${this.version} is closed`);
    }
    const columns = columnsOf();
    if (columns.rows === 0) return new Float32Array(0);
    const input = this.inputs.feeds(columns);
    const run = this.session.run(input, [this.outputName]);
    this.inFlight.add(run);
    let scores: Float32Array;
    try {
      scores = (await run)[this.outputName]!.data as Float32Array;
    } catch (cause) {
      throw new ScorerError('CHURN_ERR_SCORER_RUN_FAILED', `scoring with ${this.version} failed`, {
        cause,
      });
    } finally {
      this.inFlight.delete(run);
    }
    refuseNonFinite(scores, firstRow, this.version);
    return scores;
  }
}

/**
 * A probability must be finite: NaN or ±Infinity (from inputs beyond float32, or a broken
 * model) would otherwise be written as a score or ranked first. Names the first such row.
 */
function refuseNonFinite(scores: Float32Array, firstRow: number, version: string): void {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i]!)) {
      const row = firstRow + i;
      throw new ScorerError(
        'CHURN_ERR_SCORER_NON_FINITE',
        `${version} gave a non-finite probability (${scores[i]}) for row ${row}`,
        { row },
      );
    }
  }
}
