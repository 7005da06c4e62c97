/**
 * Worker-thread entry of ThreadedScorer: loads the model and scores the columns it is
 * sent. onnxruntime-node runs a session synchronously on the calling thread, so scoring
 * here leaves the main thread free to parse the next requests or CSV rows.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openOnnxScorer } from '../onnx-session.js';
import {
  type ScoringReply,
  type ScoringRequest,
  type ThreadData,
  toThreadError,
} from './thread-messages.js';

const port = parentPort!;
const { card, modelDir, intraOpNumThreads } = workerData as ThreadData;

try {
  const scorer = await openOnnxScorer(card, modelDir, { intraOpNumThreads });
  port.on('message', async (message: ScoringRequest) => {
    if (message.type === 'close') {
      await scorer.close();
      port.close();
      return;
    }
    try {
      const scores = await scorer.scoreColumns(message, message.firstRow);
      port.postMessage({ type: 'scores', id: message.id, scores } satisfies ScoringReply, [
        scores.buffer as ArrayBuffer,
      ]);
    } catch (error) {
      port.postMessage({
        type: 'error',
        id: message.id,
        error: toThreadError(error),
      } satisfies ScoringReply);
    }
  });
  port.postMessage({
    type: 'ready',
    loadSeconds: scorer.loadSeconds,
  } satisfies ScoringReply);
} catch (error) {
  port.postMessage({ type: 'error', id: -1, error: toThreadError(error) } satisfies ScoringReply);
}
