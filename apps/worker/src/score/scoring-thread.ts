/**
 * Worker-thread entry of ThreadedScorer: loads the model with @churn/scorer and
 * scores the column batches it is sent. onnxruntime-node runs a session on the
 * calling thread, so scoring here lets the main thread parse the next batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadScorer } from '@churn/scorer';
import {
  type ScoringReply,
  type ScoringRequest,
  type ThreadData,
  toThreadError,
} from './scoring-messages.js';

const port = parentPort!;
const { modelDir, intraOpNumThreads } = workerData as ThreadData;

try {
  const scorer = await loadScorer(modelDir, { intraOpNumThreads });
  port.on('message', async (message: ScoringRequest) => {
    if (message.type === 'close') {
      await scorer.close();
      port.close();
      return;
    }
    try {
      const frame = {
        rows: message.rows,
        numeric: new Map(message.numeric),
        categorical: new Map(message.categorical),
      };
      const scores = await scorer.scoreFrame(frame, 0, message.rows);
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
    name: scorer.name,
    version: scorer.version,
    card: scorer.card,
  } satisfies ScoringReply);
} catch (error) {
  port.postMessage({ type: 'error', id: -1, error: toThreadError(error) } satisfies ScoringReply);
}
