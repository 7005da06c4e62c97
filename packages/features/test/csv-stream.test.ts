import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CsvBatch, FeaturesErrorCodes, openCsv } from '../src/index.js';
import { temporaryDir } from './fixtures.js';

async function readAll(content: string, chunkBytes?: number) {
  const file = join(temporaryDir(), 'in.csv');
  writeFileSync(file, content);
  const csv = await openCsv(file, chunkBytes ? { chunkBytes } : {});
  const rows: Array<{ line: number; cells: string[] }> = [];
  for await (const batch of csv.batches()) {
    for (let r = 0; r < batch.rows; r++) {
      const cells = Array.from({ length: batch.fields(r) }, (_, c) => batch.text(r, c));
      rows.push({ line: batch.line(r), cells });
    }
  }
  return { header: csv.header, rows };
}

describe('openCsv', () => {
  it('reads the header and rows with their 1-based file lines', async () => {
    const { header, rows } = await readAll('a,b\n1,x\n2,y\n');
    expect(header).toEqual(['a', 'b']);
    expect(rows).toEqual([
      { line: 2, cells: ['1', 'x'] },
      { line: 3, cells: ['2', 'y'] },
    ]);
  });

  it('handles quotes, commas and line ends inside quotes, CRLF, blank lines and no final newline', async () => {
    const { rows } = await readAll('a,b\r\n"x, ""y""",2\r\n\r\n"multi\nline",3\n4,');
    expect(rows).toEqual([
      { line: 2, cells: ['x, "y"', '2'] },
      { line: 4, cells: ['multi\nline', '3'] },
      { line: 6, cells: ['4', ''] },
    ]);
  });

  it('gives the same rows whatever the chunk size (records split across reads)', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `${i},"q,${i}",${i * 0.5}`);
    const content = `id,text,half\n${lines.join('\n')}\n`;
    const whole = await readAll(content);
    const chunked = await readAll(content, 1024);
    expect(chunked.rows).toEqual(whole.rows);
    expect(chunked.rows).toHaveLength(500);
    expect(chunked.rows[499]).toEqual({ line: 501, cells: ['499', 'q,499', '249.5'] });
  });

  it('reads a record longer than a chunk', async () => {
    const long = 'x'.repeat(5000);
    const { rows } = await readAll(`a,b\n${long},1\n2,3\n`, 1024);
    expect(rows.map((row) => row.cells)).toEqual([
      [long, '1'],
      ['2', '3'],
    ]);
  });

  it('parses numbers exactly as Number() does, NaN for empty or text', async () => {
    const values = [
      '0',
      '-1',
      '12.5',
      '0.1',
      '123.456789012',
      '1e3',
      '  7 ',
      '',
      'abc',
      '0x10',
      '.5',
    ];
    const file = join(temporaryDir(), 'n.csv');
    writeFileSync(file, `v,w\n${values.map((value) => `${value},1`).join('\n')}\n`);
    const csv = await openCsv(file);
    const parsed: number[] = [];
    let batch: CsvBatch | undefined;
    for await (batch of csv.batches()) {
      for (let r = 0; r < batch.rows; r++) parsed.push(batch.number(r, 0));
    }
    expect(parsed).toEqual([0, -1, 12.5, 0.1, 123.456789012, 1000, 7, NaN, NaN, NaN, 0.5]);
  });

  it('fills whole columns with numbers() and reports the first non-number', async () => {
    const file = join(temporaryDir(), 'bulk.csv');
    writeFileSync(file, 'a,b\n1,x\n,2\n3.5,\n');
    const csv = await openCsv(file);
    for await (const batch of csv.batches()) {
      const a = new Float64Array(3);
      expect(batch.numbers(0, a)).toBe(-1);
      expect(Array.from(a)).toEqual([1, NaN, 3.5]);
      const b = new Float64Array(3);
      expect(batch.numbers(1, b)).toBe(0);
      const texts: string[] = [];
      batch.texts(1, texts, 0, 'missing');
      expect(texts).toEqual(['x', '2', 'missing']);
    }
  });

  it('refuses an empty file with CHURN_ERR_CSV_EMPTY', async () => {
    const file = join(temporaryDir(), 'empty.csv');
    writeFileSync(file, '\n\n');
    await expect(openCsv(file)).rejects.toMatchObject({
      code: FeaturesErrorCodes.CHURN_ERR_CSV_EMPTY,
    });
  });

  it('refuses an unterminated quote with its line', async () => {
    const file = join(temporaryDir(), 'quote.csv');
    writeFileSync(file, 'a\n1\n"open\n');
    const csv = await openCsv(file);
    const drain = async () => {
      for await (const _ of csv.batches()) {
        // reading is the point
      }
    };
    await expect(drain()).rejects.toMatchObject({
      code: FeaturesErrorCodes.CHURN_ERR_CSV_UNTERMINATED_QUOTE,
      line: 3,
    });
  });
});
