import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSignificant, IoErrorCodes, openCsv, roundDecimals, writeCsv } from '../src/index.js';
import { temporaryDir } from './fixtures.js';

describe('writeCsv', () => {
  it('writes numbers, fixed decimals, empty cells for NaN and quoted texts', async () => {
    const dir = temporaryDir();
    const file = join(dir, 'out.csv');
    const rows = await writeCsv(file, [
      { name: 'id', values: Int32Array.of(1, -22, 333) },
      { name: 'x', values: Float64Array.of(0.5, Number.NaN, 1 / 3), decimals: 6 },
      { name: 'y', values: [0.1 + 0.2, 2, -0.25] },
      { name: 'name', texts: ['plain', 'with, comma', 'say "hi"'] },
      { name: 'type', codes: [1, 0, 1], labels: ['a', 'b'] },
      { name: 'at', epochSeconds: [0, 86_400 + 3661, Number.NaN] },
    ]);
    expect(rows).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe(
      'id,x,y,name,type,at\n' +
        '1,0.5,0.30000000000000004,plain,b,1970-01-01T00:00:00\n' +
        '-22,,2,"with, comma",a,1970-01-02T01:01:01\n' +
        '333,0.333333,-0.25,"say ""hi""",b,\n',
    );
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('writes a rounded value so that it reads back as the same double', async () => {
    const file = join(temporaryDir(), 'round.csv');
    const values = Float64Array.from({ length: 1000 }, (_, i) =>
      roundDecimals(i * 1.234567891 - 300, 6),
    );
    await writeCsv(file, [{ name: 'v', values, decimals: 6 }]);
    const back = readFileSync(file, 'utf8').trim().split('\n').slice(1).map(Number);
    expect(back).toEqual(Array.from(values));
  });

  it('writes files larger than its buffers, with texts longer than a buffer, in order', async () => {
    const file = join(temporaryDir(), 'big.csv');
    const rows = 60_000;
    const long = 'y'.repeat(3 << 20);
    const texts = Array.from({ length: rows }, (_, i) => (i === 30_000 ? long : `t${i % 7}`));
    await writeCsv(file, [
      { name: 'id', values: Float64Array.from({ length: rows }, (_, i) => i) },
      { name: 'v', values: Float64Array.from({ length: rows }, (_, i) => i / 8), decimals: 6 },
      { name: 'text', texts },
    ]);
    const csv = await openCsv(file);
    let seen = 0;
    for await (const batch of csv.batches()) {
      for (let r = 0; r < batch.rows; r++, seen++) {
        if (
          batch.number(r, 0) !== seen ||
          batch.number(r, 1) !== seen / 8 ||
          batch.text(r, 2) !== texts[seen]
        ) {
          throw new Error(`row ${seen} differs`);
        }
      }
    }
    expect(seen).toBe(rows);
  });

  it('refuses columns of different lengths and leaves no file behind', async () => {
    const dir = temporaryDir();
    await expect(
      writeCsv(join(dir, 'bad.csv'), [
        { name: 'a', values: [1, 2] },
        { name: 'b', values: [1] },
      ]),
    ).rejects.toMatchObject({ code: IoErrorCodes.CHURN_ERR_CSV_COLUMN_LENGTH });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeCsv on two threads', () => {
  it('writes the same bytes as one thread, every kind of column, uneven last chunk', async () => {
    const dir = temporaryDir();
    const rows = 10_007;
    const columns = [
      { name: 'id', values: Int32Array.from({ length: rows }, (_, i) => i - 50) },
      {
        name: 'f32',
        values: Float32Array.from({ length: rows }, (_, i) => i / 7),
        significantDigits: 9,
      },
      {
        name: 'x',
        values: Float64Array.from({ length: rows }, (_, i) => (i % 13 === 0 ? Number.NaN : i / 3)),
        decimals: 6,
      },
      { name: 'plain', values: Array.from({ length: rows }, (_, i) => i * 0.1) },
      { name: 'text', texts: Array.from({ length: rows }, (_, i) => `t,${i % 5}`) },
      {
        name: 'code',
        codes: Uint8Array.from({ length: rows }, (_, i) => i % 3),
        labels: ['a', 'b', 'c'],
      },
      { name: 'at', epochSeconds: Float64Array.from({ length: rows }, (_, i) => i * 3_601.5) },
    ];
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    await writeCsv(one, columns, { thread: false });
    await writeCsv(two, columns, { thread: true, chunkRows: 1_000 });
    const expected = readFileSync(one, 'utf8');
    expect(expected.split('\n')).toHaveLength(rows + 2);
    expect(readFileSync(two, 'utf8')).toBe(expected);
    expect(readdirSync(dir).sort()).toEqual(['one.csv', 'two.csv']);
  });
});

describe('writeCsv on two threads, text columns', () => {
  it('writes the same bytes as one thread: missing, empty, quoted and unique texts', async () => {
    const dir = temporaryDir();
    const rows = 5_003;
    const few = ['a', '', 'say "hi"', 'x,y', 'line\nbreak', undefined as unknown as string];
    const columns = [
      { name: 'few', texts: Array.from({ length: rows }, (_, i) => few[i % few.length]!) },
      { name: 'unique', texts: Array.from({ length: rows }, (_, i) => `user ${i}`) },
      { name: 'holes', texts: new Array<string>(rows) },
    ];
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    await writeCsv(one, columns, { thread: false });
    await writeCsv(two, columns, { thread: true, chunkRows: 700 });
    const expected = readFileSync(one, 'utf8');
    expect(expected).toContain('"say ""hi"""');
    expect(readFileSync(two, 'utf8')).toBe(expected);
  });
});

describe('formatSignificant', () => {
  it('writes at most 9 significant digits that read back as the same float32', () => {
    const float32 = (value: number) => formatSignificant(value, 9);
    for (const value of [0.1, 1 / 3, 0.7, 1e-7, 0.99999994, 0]) {
      const f = Math.fround(value);
      const text = float32(f);
      expect(Math.fround(Number(text))).toBe(f);
      expect(text.replace(/^0\.|e.*$|\./g, '').replace(/^0+/, '').length).toBeLessThanOrEqual(9);
    }
    expect(float32(Math.fround(0.1))).toBe('0.100000001');
    expect(float32(0.5)).toBe('0.5');
    expect(float32(0)).toBe('0');
  });

  it('is how writeCsv writes a column with significantDigits', async () => {
    const file = join(temporaryDir(), 'risk.csv');
    const risk = Float32Array.from({ length: 1000 }, (_, i) =>
      Math.fround(((i * 7919) % 1000) / 997 + 1e-9 * i),
    );
    risk[0] = Math.fround(1e-7);
    await writeCsv(file, [{ name: 'risk', values: risk, significantDigits: 9 }]);
    const cells = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    expect(cells).toEqual(Array.from(risk, (value) => formatSignificant(value, 9)));
    expect(cells.map((cell) => Math.fround(Number(cell)))).toEqual(Array.from(risk));
  });
});
