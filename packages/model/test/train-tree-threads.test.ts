import { once } from 'node:events';
import { startModuleThread } from '@churn/io/thread';
import { describe, expect, it } from 'vitest';
import { type BinnedMatrix, binnedMatrix } from '../src/train/histogram.js';
import {
  TREE_CONTROL_SLOTS,
  TreeCommand,
  TreeControl,
  type TreeThreadData,
} from '../src/train/tree-thread-protocol.js';
import { TreeThreads } from '../src/train/tree-threads.js';
import { rng } from './train-fixtures.js';

/** A shared single-feature matrix of `rows` random bins in 0..bins-1. */
function randomMatrix(rows: number, bins: number, seed: number) {
  const random = rng(seed);
  const columns = new Uint8Array(new SharedArrayBuffer(rows));
  for (let i = 0; i < rows; i++) columns[i] = Math.floor(random() * bins);
  return binnedMatrix(rows, columns, Int32Array.of(bins));
}

/** Partitions a shuffled range of rows on `threads` threads; returns the rows and the middle. */
function partitionWith(threads: number, rows: number, start: number, end: number, bin: number) {
  const matrix = randomMatrix(rows, 8, 3);
  const work = new TreeThreads(matrix, new Uint8Array(rows), new Float64Array(rows), threads);
  try {
    const random = rng(4);
    for (let i = 0; i < rows; i++) work.rows[i] = i;
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [work.rows[i], work.rows[j]] = [work.rows[j]!, work.rows[i]!];
    }
    const before = Array.from(work.rows);
    const middle = work.partition(start, end, 0, bin);
    return { before, after: Array.from(work.rows), middle, columns: matrix.columns };
  } finally {
    work.close();
  }
}

describe('TreeThreads.partition', () => {
  it('is a stable partition, the same on one thread or two', () => {
    const rows = 20_000;
    const [start, end, bin] = [1_234, 19_001, 3];
    const one = partitionWith(1, rows, start, end, bin);
    const two = partitionWith(2, rows, start, end, bin);
    const range = one.before.slice(start, end);
    const left = range.filter((row) => one.columns[row]! <= bin);
    const right = range.filter((row) => one.columns[row]! > bin);
    expect(one.middle).toBe(start + left.length);
    expect(one.after).toEqual([
      ...one.before.slice(0, start),
      ...left,
      ...right,
      ...one.before.slice(end),
    ]);
    expect(two.middle).toBe(one.middle);
    expect(two.after).toEqual(one.after);
  });
});

/** The tree thread alone, driven through its control array as TreeThreads drives it. */
function startTreeThread(matrix: BinnedMatrix) {
  const n = matrix.rows;
  const shared = (bytes: number) => new SharedArrayBuffer(bytes);
  const data: TreeThreadData = {
    control: new Int32Array(shared(TREE_CONTROL_SLOTS * 4)),
    sums: new Float64Array(shared(16)),
    memory: matrix.memory.memory,
    matrix: { rowStart: matrix.rowStart, entries: matrix.entries },
    columns: matrix.columns,
    raw: new Float64Array(shared(8 * n)),
    y: new Uint8Array(shared(n)),
    w: new Float64Array(shared(8 * n)),
    gh: matrix.memory.float64(2 * n),
    rows: matrix.memory.int32(n),
    hist: matrix.memory.float64(matrix.totalBins * 3),
    scratch: new Int32Array(shared(4 * n)),
  };
  const callerUrl = new URL('../src/train/tree-threads.ts', import.meta.url).href;
  const worker = startModuleThread(callerUrl, './tree-thread', { workerData: data });
  const { control } = data;
  /** Announces the command already written to `control`, and waits until it is done. */
  const announce = (sequence: number) => {
    Atomics.store(control, TreeControl.Sequence, sequence);
    Atomics.notify(control, TreeControl.Sequence);
    for (let done = Atomics.load(control, TreeControl.Done); done !== sequence; ) {
      Atomics.wait(control, TreeControl.Done, done);
      done = Atomics.load(control, TreeControl.Done);
    }
  };
  return { data, worker, announce };
}

describe('the tree thread', () => {
  it('runs each command once: a late notify, with no new sequence, does not run it again', async () => {
    const rows = 10_000;
    const matrix = randomMatrix(rows, 8, 5);
    const { data, worker, announce } = startTreeThread(matrix);
    const { control } = data;
    try {
      for (let i = 0; i < rows; i++) data.rows[i] = i;
      control[TreeControl.Command] = TreeCommand.Partition;
      control[TreeControl.Start] = 0;
      control[TreeControl.End] = rows;
      control[TreeControl.Column] = 0;
      control[TreeControl.Bin] = 3;
      announce(1);
      const left = Array.from(matrix.columns).filter((bin) => bin <= 3).length;
      expect(control[TreeControl.LeftCount]).toBe(left);

      // The caller writes its next command's operands; before it announces them, the
      // notify of the first command arrives late (the caller was descheduled between
      // its store and its notify). The thread, parked by then, must go back to waiting.
      const pause = (ms: number) =>
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      control[TreeControl.Bin] = 7;
      let woken = 0;
      for (let tries = 0; woken === 0 && tries < 100; tries++) {
        pause(50);
        woken = Atomics.notify(control, TreeControl.Sequence);
      }
      expect(woken).toBe(1);
      // a thread that took the wake-up for a command answers within microseconds
      pause(200);
      expect(control[TreeControl.LeftCount]).toBe(left);

      announce(2);
      expect(control[TreeControl.LeftCount]).toBe(rows);
    } finally {
      const exited = once(worker, 'exit');
      control[TreeControl.Command] = TreeCommand.Stop;
      Atomics.add(control, TreeControl.Sequence, 1);
      Atomics.notify(control, TreeControl.Sequence);
      await exited;
    }
  });
});
