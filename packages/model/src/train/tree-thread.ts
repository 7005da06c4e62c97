/**
 * Worker-thread entry of TreeThreads: does the second half of a root pass, a node
 * histogram or a partition with the same code as the main thread (histogram.ts and the
 * WebAssembly kernels, instantiated here on the fit's shared KernelMemory), so both
 * threads run one implementation. Commands arrive through a shared Int32Array; see
 * `TreeThreadData`.
 */
import { workerData } from 'node:worker_threads';
import { gradientsAndRoot } from './histogram.js';
import { HistogramKernels } from './kernel-memory.js';
import { partitionRows } from './row-partition.js';
import { TreeCommand, TreeControl, type TreeThreadData } from './tree-thread-protocol.js';

const { control, sums, memory, matrix, columns, raw, y, w, gh, rows, hist, scratch } =
  workerData as TreeThreadData;
const kernels = new HistogramKernels(memory);
const data = { raw, y, w, gh };
let sequence = 0;
for (;;) {
  // A wake-up alone is not a command: TreeThreads bumps Sequence, then notifies, and under
  // load it can be descheduled between the two while this thread sees the new Sequence, runs
  // the command and waits again. The late notify then wakes it with nothing new; running
  // the last command again would write rows and histograms the caller is already reading.
  let next = Atomics.load(control, TreeControl.Sequence);
  while (next === sequence) {
    Atomics.wait(control, TreeControl.Sequence, sequence);
    next = Atomics.load(control, TreeControl.Sequence);
  }
  sequence = next;
  const command = control[TreeControl.Command];
  if (command === TreeCommand.Stop) break;
  const start = control[TreeControl.Start]!;
  const end = control[TreeControl.End]!;
  if (command === TreeCommand.Partition) {
    const column = control[TreeControl.Column]!;
    const bin = control[TreeControl.Bin]!;
    control[TreeControl.LeftCount] = partitionRows(columns, column, bin, rows, start, end, scratch);
  } else {
    hist.fill(0, 0, control[TreeControl.Length]);
    if (command === TreeCommand.Root) {
      const [sumGradient, sumHessian] = gradientsAndRoot(kernels, matrix, start, end, data, hist);
      sums[0] = sumGradient;
      sums[1] = sumHessian;
    } else {
      kernels.addListed(matrix, gh, hist, rows, start, end);
    }
  }
  Atomics.store(control, TreeControl.Done, sequence);
  Atomics.notify(control, TreeControl.Done);
}
