import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelCard } from '@churn/model';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { ScorerError } from './errors.js';
import { InputPacker, type ScorableFrame, type ScoringColumns } from './input-tensors.js';
import type { Scorer, ScorerOptions } from './scorer-interface.js';

type Onnxruntime = typeof import('onnxruntime-node');

/**
 * Opens the onnxruntime session of a model whose card is already read and checked: checks the
 * ONNX sha256 against the card, creates the session and checks its inputs and output. Imports
 * onnxruntime only here, and nothing of @churn/model at run time, so the scoring thread loads
 * neither the card validator nor, in a process that scores in a thread, the main thread
 * onnxruntime.
 */
export async function openOnnxScorer(
  card: ModelCard,
  modelDir: string,
  options: ScorerOptions,
  started = performance.now(),
): Promise<OnnxScorer> {
  const ort: Onnxruntime = await import('onnxruntime-node');
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
    session = await ort.InferenceSession.create(bytes, {
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
  return new OnnxScorer(
    card,
    session,
    ort.Tensor,
    outputName,
    (performance.now() - started) / 1000,
  );
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
    private readonly tensor: typeof Tensor,
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

  /** The graph's feeds: one tensor per card input (the string and/or the float32 matrix). */
  private feeds(columns: ScoringColumns): Record<string, Tensor> {
    const feeds: Record<string, Tensor> = {};
    for (const input of this.card.onnx.inputs) {
      const dims = [columns.rows, input.columns.length];
      feeds[input.name] =
        input.type === 'string'
          ? new this.tensor('string', columns.categorical, dims)
          : new this.tensor('float32', columns.numeric, dims);
    }
    return feeds;
  }

  private async score(columnsOf: () => ScoringColumns, firstRow: number): Promise<Float32Array> {
    if (this.closing) {
      throw new ScorerError('CHURN_ERR_SCORER_CLOSED', `scorer for ${this.version} is closed`);
    }
    const columns = columnsOf();
    if (columns.rows === 0) return new Float32Array(0);
    const run = this.session.run(this.feeds(columns), [this.outputName]);
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
    const score = scores[i] ?? Number.NaN;
    if (!Number.isFinite(score)) {
      const row = firstRow + i;
      throw new ScorerError(
        'CHURN_ERR_SCORER_NON_FINITE',
        `${version} gave a non-finite probability (${score}) for row ${row}`,
        { row },
      );
    }
  }
}
