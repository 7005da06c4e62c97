import { describe, expect, it } from 'vitest';
import { binnedMatrix } from '../src/train/histogram.js';
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
