import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CsvColumn,
  fileFingerprint,
  IoErrorCodes,
  writeCsv,
  writeIndexedCsv,
} from '../src/index.js';
import { temporaryDir } from './fixtures.js';

const rows = 5_000;
/** A source table with every kind of cell, a quoted text holding a line end among them. */
const sourceColumns: CsvColumn[] = [
  { name: 'id', values: Int32Array.from({ length: rows }, (_, i) => i + 1) },
  { name: 'day', texts: Array.from({ length: rows }, (_, i) => `2025-01-${10 + (i % 20)}`) },
  {
    name: 'note',
    texts: Array.from({ length: rows }, (_, i) => (i % 97 === 0 ? 'two\nlines, "quoted"' : '')),
  },
  { name: 'x', values: Float64Array.from({ length: rows }, (_, i) => i / 7), decimals: 6 },
];
const extra: CsvColumn[] = [
  { name: 'y', values: Float64Array.from({ length: rows }, (_, i) => (i % 3 ? i * 0.25 : NaN)) },
  { name: 'plan', codes: Uint8Array.from({ length: rows }, (_, i) => i % 2), labels: ['a', 'b'] },
];

/** The columns' rows at `picked`, in that order. */
function pick(columns: CsvColumn[], picked: Int32Array): CsvColumn[] {
  const at = <T>(values: ArrayLike<T>) => Array.from(picked, (row) => values[row]!);
  return columns.map((column): CsvColumn => {
    if ('values' in column) return { ...column, values: Float64Array.from(at(column.values)) };
    if ('texts' in column) return { ...column, texts: at(column.texts) };
    if ('codes' in column) return { ...column, codes: at(column.codes) };
    return { ...column, epochSeconds: at(column.epochSeconds) };
  });
}

describe('writeIndexedCsv', () => {
  it('records where every row begins, whatever the threads and chunks', async () => {
    const dir = temporaryDir();
    for (const [thread, chunkRows] of [
      [false, undefined],
      [true, 333],
    ] as const) {
      const file = join(dir, `indexed-${thread}.csv`);
      const index = await writeIndexedCsv(file, sourceColumns, {
        thread,
        chunkRows,
        fingerprint: true,
      });
      const bytes = readFileSync(file);
      expect(index.fingerprint).toBe(await fileFingerprint(file));
      expect(index.offsets).toHaveLength(rows + 1);
      expect(index.offsets[rows]).toBe(bytes.length);
      expect(index.written.size).toBe(bytes.length);
      const header = bytes.subarray(0, index.offsets[0]).toString();
      expect(header).toBe('id,day,note,x\n');
      for (let row = 0; row < rows; row++) {
        const line = bytes.subarray(index.offsets[row]!, index.offsets[row + 1]!).toString();
        if (!line.startsWith(`${row + 1},`) || !line.endsWith('\n')) {
          throw new Error(`row ${row} begins at the wrong offset: ${JSON.stringify(line)}`);
        }
      }
    }
  });
});

describe('writeCsv with leading lines', () => {
  it('writes the bytes of encoding every column: all rows, and a subset with a renamed column', async () => {
    const dir = temporaryDir();
    const index = await writeIndexedCsv(join(dir, 'source.csv'), sourceColumns);
    const subset = Int32Array.from({ length: rows }, (_, i) => i).filter((i) => i % 4 !== 1);
    for (const lines of [undefined, subset]) {
      const all = lines ?? Int32Array.from({ length: rows }, (_, i) => i);
      const expectedFile = join(dir, 'expected.csv');
      const renamed = pick(sourceColumns, all).map((column, i) =>
        i === 1 ? { ...column, name: 'as_of' } : column,
      );
      await writeCsv(expectedFile, [...renamed, ...pick(extra, all)]);
      const expected = readFileSync(expectedFile);
      for (const [thread, chunkRows] of [
        [false, undefined],
        [true, 257],
        [true, 1],
      ] as const) {
        const file = join(dir, 'derived.csv');
        const written = await writeCsv(file, pick(extra, all), {
          thread,
          chunkRows,
          leading: { index, header: ['id', 'as_of', 'note', 'x'], ...(lines ? { lines } : {}) },
        });
        expect(written).toBe(all.length);
        expect(readFileSync(file).equals(expected)).toBe(true);
      }
    }
  });

  it('indexes a file whose rows begin with leading lines, so tables chain', async () => {
    const dir = temporaryDir();
    const source = await writeIndexedCsv(join(dir, 'source.csv'), sourceColumns);
    const header = ['id', 'day', 'note', 'x'];
    const middle = await writeIndexedCsv(join(dir, 'middle.csv'), extra, {
      thread: true,
      chunkRows: 100,
      leading: { index: source, header },
    });
    const lines = Int32Array.of(0, 5, 6, 4_999);
    const label: CsvColumn = { name: 'label', values: Uint8Array.of(1, 0, 0, 1) };
    const last = join(dir, 'last.csv');
    await writeCsv(last, [label], {
      leading: { index: middle, header: [...header, 'y', 'plan'], lines },
    });
    const expectedFile = join(dir, 'expected.csv');
    await writeCsv(expectedFile, [...pick([...sourceColumns, ...extra], lines), label]);
    expect(readFileSync(join(dir, 'last.csv')).equals(readFileSync(expectedFile))).toBe(true);
  });

  it('refuses a source file that changed or is gone since it was indexed, and writes nothing', async () => {
    const dir = temporaryDir();
    const sourceFile = join(dir, 'source.csv');
    const index = await writeIndexedCsv(sourceFile, sourceColumns);
    const target = join(dir, 'derived.csv');
    const leading = { index, header: ['id', 'day', 'note', 'x'] };
    writeFileSync(sourceFile, readFileSync(sourceFile).toString().replace('\n1,', '\n9,'));
    await expect(writeCsv(target, extra, { leading })).rejects.toMatchObject({
      code: IoErrorCodes.CHURN_ERR_CSV_SOURCE_CHANGED,
    });
    rmSync(sourceFile);
    await expect(writeCsv(target, extra, { leading })).rejects.toMatchObject({
      code: IoErrorCodes.CHURN_ERR_CSV_SOURCE_CHANGED,
    });
    expect(() => readFileSync(target)).toThrow();
  });

  it('refuses lines out of order, out of range or of another count', async () => {
    const dir = temporaryDir();
    const index = await writeIndexedCsv(join(dir, 'source.csv'), sourceColumns);
    const header = ['id', 'day', 'note', 'x'];
    const one: CsvColumn[] = [{ name: 'z', values: Float64Array.of(1, 2) }];
    const write = (lines: Int32Array, columns = one) =>
      writeCsv(join(dir, 'derived.csv'), columns, { leading: { index, header, lines } });
    await expect(write(Int32Array.of(3, 2))).rejects.toMatchObject({
      code: IoErrorCodes.CHURN_ERR_IO_BAD_ARGUMENT,
    });
    await expect(write(Int32Array.of(3, rows))).rejects.toMatchObject({
      code: IoErrorCodes.CHURN_ERR_IO_BAD_ARGUMENT,
    });
    await expect(write(Int32Array.of(1, 2, 3))).rejects.toMatchObject({
      code: IoErrorCodes.CHURN_ERR_CSV_COLUMN_LENGTH,
    });
  });
});
