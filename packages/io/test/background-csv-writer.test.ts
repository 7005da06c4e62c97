import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BackgroundCsvWriter,
  type CsvColumn,
  fileFingerprint,
  IoErrorCodes,
  sharedArray,
  writeCsv,
} from '../src/index.js';
import { temporaryDir } from './fixtures.js';

const rows = 3_000;
function table(): CsvColumn[] {
  const ids = sharedArray(Int32Array, rows);
  const x = sharedArray(Float64Array, rows);
  for (let i = 0; i < rows; i++) {
    ids[i] = i + 1;
    x[i] = i % 5 === 0 ? Number.NaN : i / 8;
  }
  return [
    { name: 'id', values: ids },
    { name: 'day', texts: Array.from({ length: rows }, (_, i) => `2025-02-${10 + (i % 9)}`) },
    { name: 'x', values: x, decimals: 6 },
    { name: 'plain', values: Float64Array.from({ length: rows }, (_, i) => i * 3) },
    { name: 'list', values: Array.from({ length: rows }, (_, i) => -i) },
    { name: 'plan', codes: Uint8Array.from({ length: rows }, (_, i) => i % 2), labels: ['a', 'b'] },
    { name: 'at', epochSeconds: Float64Array.from({ length: rows }, (_, i) => i * 3_600) },
  ];
}

describe('BackgroundCsvWriter', () => {
  it('writes the bytes writeCsv writes, and chains a file to the lines of one still queued', async () => {
    const dir = temporaryDir();
    const columns = table();
    const expected = join(dir, 'expected.csv');
    await writeCsv(expected, columns);
    const lines = Int32Array.from({ length: rows }, (_, i) => i).filter((i) => i % 3 !== 0);
    const picked: CsvColumn = { name: 'label', values: Array.from(lines, (i) => i % 3) };

    const writer = new BackgroundCsvWriter();
    const first = writer.write(join(dir, 'first.csv'), columns, { chunkRows: 700 });
    const derived = writer.write(join(dir, 'derived.csv'), [picked], {
      leading: { from: first, header: columns.map((column) => column.name), lines },
      fingerprint: true,
    });
    await writer.close();
    expect(readFileSync(first.file).equals(readFileSync(expected))).toBe(true);
    const index = await first.done;
    expect(index.fingerprint).toBeUndefined();
    expect((await derived.done).fingerprint).toBe(await fileFingerprint(derived.file));
    expect(index.offsets).toHaveLength(rows + 1);
    expect(index.offsets[rows]).toBe(readFileSync(first.file).length);
    // derived row = the line of first.csv, then its label
    const firstLines = readFileSync(first.file, 'utf8').split('\n');
    const derivedLines = readFileSync(derived.file, 'utf8').split('\n');
    expect(derivedLines[0]).toBe(`${firstLines[0]},label`);
    expect(derivedLines).toHaveLength(lines.length + 2);
    lines.forEach((line, row) => {
      if (derivedLines[row + 1] !== `${firstLines[line + 1]},${line % 3}`) {
        throw new Error(`row ${row} differs: ${derivedLines[row + 1]}`);
      }
    });
  });

  it('reports a failed file with its code, fails the files built on it, and leaves no file behind', async () => {
    const dir = temporaryDir();
    const writer = new BackgroundCsvWriter();
    const bad = writer.write(join(dir, 'bad.csv'), [
      { name: 'a', values: Float64Array.of(1, 2) },
      { name: 'b', values: Float64Array.of(1) },
    ]);
    const built = writer.write(join(dir, 'built.csv'), [{ name: 'c', values: [1, 2] }], {
      leading: { from: bad, header: ['a', 'b'] },
    });
    const fine = writer.write(join(dir, 'fine.csv'), [{ name: 'c', values: [1, 2] }]);
    await expect(bad.done).rejects.toMatchObject({
      code: IoErrorCodes.CHURN_ERR_CSV_COLUMN_LENGTH,
    });
    await expect(built.done).rejects.toThrow(/was not written/);
    await fine.done;
    expect(writer.failure).toMatchObject({ code: IoErrorCodes.CHURN_ERR_CSV_COLUMN_LENGTH });
    await expect(writer.close()).rejects.toMatchObject({
      code: IoErrorCodes.CHURN_ERR_CSV_COLUMN_LENGTH,
    });
    expect(readdirSync(dir)).toEqual(['fine.csv']);
    expect(existsSync(join(dir, 'bad.csv'))).toBe(false);
  });

  it('refuses leading lines from another writer job', () => {
    const dir = temporaryDir();
    const one = new BackgroundCsvWriter();
    const other = new BackgroundCsvWriter();
    const job = one.write(join(dir, 'one.csv'), [{ name: 'a', values: [1] }]);
    expect(() =>
      other.write(join(dir, 'two.csv'), [{ name: 'b', values: [1] }], {
        leading: { from: job, header: ['a'] },
      }),
    ).toThrow(expect.objectContaining({ code: IoErrorCodes.CHURN_ERR_IO_BAD_ARGUMENT }));
    return Promise.all([one.close(), other.close()]);
  });
});

describe('sharedArray', () => {
  it('is a zero-filled typed array in shared memory', () => {
    const values = sharedArray(Float64Array, 4);
    expect(values).toBeInstanceOf(Float64Array);
    expect(values.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(values)).toEqual([0, 0, 0, 0]);
  });
});
