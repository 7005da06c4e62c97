import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileKernels, kernelsModuleSource, WAT_FILE } from '../scripts/build-kernels.mjs';
import { binnedMatrix, MAX_TOTAL_BINS } from '../src/train/histogram.js';
import { HISTOGRAM_KERNELS_WASM } from '../src/train/histogram-kernels-wasm.js';
import { rng } from './train-fixtures.js';

/** A matrix of `features` columns of random bins, most rows in bin 0 (sparse, as real data). */
function randomMatrix(rows: number, features: number, bins: number, seed: number) {
  const random = rng(seed);
  const columns = new Uint8Array(rows * features);
  for (let k = 0; k < columns.length; k++) {
    columns[k] = random() < 0.5 ? 0 : Math.floor(random() * bins);
  }
  return binnedMatrix(rows, columns, new Int32Array(features).fill(bins));
}

/** The kernels' arithmetic as a plain scalar loop: [g, h, count] per global bin. */
function referenceHistogram(
  matrix: ReturnType<typeof randomMatrix>,
  gh: Float64Array,
  rowList: ArrayLike<number>,
  withCounts: boolean,
): Float64Array {
  const hist = new Float64Array(matrix.totalBins * 3);
  for (let j = 0; j < rowList.length; j++) {
    const row = rowList[j]!;
    for (let e = matrix.rowStart[row]!; e < matrix.rowStart[row + 1]!; e++) {
      const k = matrix.entries[e]! * 3;
      hist[k]! += gh[2 * row]!;
      hist[k + 1]! += gh[2 * row + 1]!;
      if (withCounts) hist[k + 2]! += 1;
    }
  }
  return hist;
}

describe('histogram kernels (WebAssembly)', () => {
  const rows = 5_000;
  const matrix = randomMatrix(rows, 9, 40, 11);
  const { kernels } = matrix.memory;
  const gh = matrix.memory.float64(2 * rows);
  const random = rng(12);
  for (let k = 0; k < gh.length; k++) gh[k] = random() - 0.5;

  it('addRange adds every row of a range, bit for bit as a scalar loop, counts untouched', () => {
    const hist = matrix.memory.float64(matrix.totalBins * 3);
    kernels.addRange(matrix, gh, hist, 1_000, 4_321);
    const expected = referenceHistogram(
      matrix,
      gh,
      Array.from({ length: 3_321 }, (_, i) => 1_000 + i),
      false,
    );
    expect(Array.from(hist)).toEqual(Array.from(expected));
    expect(hist.some((value) => value !== 0)).toBe(true);
  });

  it('addListed adds the listed rows with their counts, bit for bit as a scalar loop', () => {
    const hist = matrix.memory.float64(matrix.totalBins * 3);
    const rowList = matrix.memory.int32(rows);
    let listed = 0;
    for (let row = rows - 1; row >= 0; row -= 3) rowList[listed++] = row;
    kernels.addListed(matrix, gh, hist, rowList, 5, listed);
    const expected = referenceHistogram(matrix, gh, rowList.subarray(5, listed), true);
    expect(Array.from(hist)).toEqual(Array.from(expected));
  });

  it('arrays made before the memory grows stay valid after it', () => {
    const before = matrix.memory.float64(4);
    before.set([1, 2, 3, 4]);
    matrix.memory.float64(2_000_000); // 16 MB: grows the memory
    expect(Array.from(before)).toEqual([1, 2, 3, 4]);
  });

  it('refuses more bins in all than an entry can index, naming the limit', () => {
    const features = Math.floor(MAX_TOTAL_BINS / 255) + 1;
    const bins = new Int32Array(features).fill(255);
    expect(() => binnedMatrix(10, new Uint8Array(10 * features), bins)).toThrow(
      expect.objectContaining({ code: 'CHURN_ERR_TRAIN_INVALID_OPTION' }),
    );
  });

  it('histogram-kernels-wasm.ts is the compiled histogram-kernels.wat (npm run build:kernels)', async () => {
    const wasm: Buffer = await compileKernels(await readFile(WAT_FILE, 'utf8'));
    expect(Buffer.from(HISTOGRAM_KERNELS_WASM, 'base64').equals(wasm)).toBe(true);
    const generated = await readFile(
      new URL('../src/train/histogram-kernels-wasm.ts', import.meta.url),
      'utf8',
    );
    expect(generated).toBe(kernelsModuleSource(wasm));
  });
});
