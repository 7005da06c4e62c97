/**
 * Source of the histogram worker thread (plain JavaScript, run with `eval: true`, so it
 * loads the same way from TypeScript sources and from dist/). It mirrors
 * `gradientsAndRoot` and `accumulateRows` of histogram.ts for the second half of a row
 * range, into its own histogram; the main thread adds it to its half. Commands arrive
 * through a shared Int32Array: [sequence, command, start, end, length, done].
 */
export const HISTOGRAM_WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { control, sums, rowStart, entries, raw, y, w, gh, rows, hist } = workerData;
let sequence = 0;
for (;;) {
  Atomics.wait(control, 0, sequence);
  sequence = Atomics.load(control, 0);
  const command = control[1];
  if (command === 0) break;
  const start = control[2];
  const end = control[3];
  hist.fill(0, 0, control[4]);
  if (command === 1) {
    let sumGradient = 0;
    let sumHessian = 0;
    for (let i = start; i < end; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]));
      const g = w[i] * (p - y[i]);
      const h = w[i] * p * (1 - p);
      gh[2 * i] = g;
      gh[2 * i + 1] = h;
      sumGradient += g;
      sumHessian += h;
      for (let e = rowStart[i], last = rowStart[i + 1]; e < last; e++) {
        const k = entries[e];
        hist[k] += g;
        hist[k + 1] += h;
      }
    }
    sums[0] = sumGradient;
    sums[1] = sumHessian;
  } else {
    for (let j = start; j < end; j++) {
      const row = rows[j];
      const g = gh[2 * row];
      const h = gh[2 * row + 1];
      for (let e = rowStart[row], last = rowStart[row + 1]; e < last; e++) {
        const k = entries[e];
        hist[k] += g;
        hist[k + 1] += h;
        hist[k + 2] += 1;
      }
    }
  }
  Atomics.store(control, 5, sequence);
  Atomics.notify(control, 5);
}
`;
