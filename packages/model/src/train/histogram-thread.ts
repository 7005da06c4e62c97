/**
 * Worker-thread entry of HistogramBuilder: adds the second half of a node's rows into its
 * own histogram with the same kernels as the main thread (histogram.ts), so both threads
 * run one implementation. Commands arrive through a shared Int32Array; see
 * `HistogramThreadData`.
 */
import { workerData } from 'node:worker_threads';
import { accumulateRows, gradientsAndRoot } from './histogram.js';
import {
  HistogramCommand,
  HistogramControl,
  type HistogramThreadData,
} from './histogram-protocol.js';

const { control, sums, matrix, raw, y, w, gh, rows, hist } = workerData as HistogramThreadData;
const data = { raw, y, w, gh };
let sequence = 0;
for (;;) {
  Atomics.wait(control, HistogramControl.Sequence, sequence);
  sequence = Atomics.load(control, HistogramControl.Sequence);
  const command = control[HistogramControl.Command];
  if (command === HistogramCommand.Stop) break;
  const start = control[HistogramControl.Start]!;
  const end = control[HistogramControl.End]!;
  hist.fill(0, 0, control[HistogramControl.Length]);
  if (command === HistogramCommand.Root) {
    const [sumGradient, sumHessian] = gradientsAndRoot(matrix, start, end, data, hist);
    sums[0] = sumGradient;
    sums[1] = sumHessian;
  } else {
    accumulateRows(matrix, rows, start, end, gh, hist);
  }
  Atomics.store(control, HistogramControl.Done, sequence);
  Atomics.notify(control, HistogramControl.Done);
}
