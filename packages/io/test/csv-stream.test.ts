import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CsvBatch, IoErrorCodes, openCsv } from '../src/index.js';
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

  it('handles quotes, commas and line ends inside quotes, CRLF and blank lines', async () => {
    const { rows } = await readAll('a,b\r\n"x, ""y""",2\r\n\r\n"multi\nline",3\n4,\n');
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

  it('reads a file in two parts: the rows of the whole, lines counted from each part', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i},"two\nlines ${i}"`);
    const content = `id,text\n${lines.join('\n')}\n`;
    const file = join(temporaryDir(), 'parts.csv');
    writeFileSync(file, content);
    const split = content.indexOf('\n150,') + 1; // where row 151 (0-based id 150) begins
    const read = async (csv: Awaited<ReturnType<typeof openCsv>>) => {
      const rows: Array<{ line: number; cells: string[] }> = [];
      for await (const batch of csv.batches()) {
        for (let r = 0; r < batch.rows; r++) {
          rows.push({ line: batch.line(r), cells: [batch.text(r, 0), batch.text(r, 1)] });
        }
      }
      return { rows, lines: csv.linesRead() };
    };
    const whole = await read(await openCsv(file, { chunkBytes: 1024 }));
    const first = await read(await openCsv(file, { chunkBytes: 1024, part: { end: split } }));
    const second = await read(
      await openCsv(file, { chunkBytes: 1024, part: { start: split, header: ['id', 'text'] } }),
    );
    expect(first.lines).toBe(1 + 150 * 2);
    expect(second.lines).toBe(150 * 2);
    expect(second.rows[0]).toEqual({ line: 1, cells: ['150', 'two\nlines 150'] });
    const shifted = second.rows.map((row) => ({ ...row, line: row.line + first.lines }));
    expect([...first.rows, ...shifted]).toEqual(whole.rows);
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
      code: IoErrorCodes.CHURN_ERR_CSV_EMPTY,
    });
  });

  // A file cut short (crash, full disk, partial copy) ends without its line end, often
  // in the middle of a row: every reader built on openCsv must refuse it, not read less.
  it('refuses a last line without its line end with CHURN_ERR_CSV_TRUNCATED and its line', async () => {
    for (const chunkBytes of [undefined, 1024]) {
      const complete = `a,b\n${Array.from({ length: 300 }, (_, i) => `${i},${i * 2}`).join('\n')}\n`;
      await expect(readAll(complete.slice(0, -1), chunkBytes)).rejects.toMatchObject({
        code: IoErrorCodes.CHURN_ERR_CSV_TRUNCATED,
        line: 301,
      });
      // Cut in the middle of a row: fewer fields, and no line end.
      const cut = complete.slice(0, complete.lastIndexOf(',') - 1);
      const error = await readAll(cut, chunkBytes).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: IoErrorCodes.CHURN_ERR_CSV_TRUNCATED, line: 301 });
      expect(String((error as Error).message)).toMatch(/in\.csv:301: .*1 field, the header has 2/);
    }
    await expect(readAll('a,b')).rejects.toMatchObject({
      code: IoErrorCodes.CHURN_ERR_CSV_TRUNCATED,
      line: 1,
    });
  });

  it('refuses a row with another field count than the header with CHURN_ERR_CSV_FIELD_COUNT', async () => {
    for (const row of ['1', '1,2,3']) {
      await expect(readAll(`a,b\n0,0\n${row}\n2,2\n`)).rejects.toMatchObject({
        code: IoErrorCodes.CHURN_ERR_CSV_FIELD_COUNT,
        line: 3,
      });
    }
  });

  it('lets the caller skip or keep malformed rows, reporting each with its line and row', async () => {
    const content = 'a,b\n1,x\n2\n"multi\nline",3\n4,y,z\n5,w\n6,';
    const read = async (decision: 'skip' | 'keep', chunkBytes?: number) => {
      const file = join(temporaryDir(), 'malformed.csv');
      writeFileSync(file, content);
      const reported: Array<{ code: string; line: number; row: number; fields: number }> = [];
      const csv = await openCsv(file, {
        ...(chunkBytes && { chunkBytes }),
        onMalformedRow: ({ code, line, row, fields }) => {
          reported.push({ code, line, row, fields });
          return decision;
        },
      });
      const lines: number[] = [];
      for await (const batch of csv.batches()) {
        for (let r = 0; r < batch.rows; r++) lines.push(batch.line(r));
      }
      return { reported, lines };
    };
    const skipped = await read('skip');
    expect(skipped.reported).toEqual([
      { code: 'CHURN_ERR_CSV_FIELD_COUNT', line: 3, row: 2, fields: 1 },
      { code: 'CHURN_ERR_CSV_FIELD_COUNT', line: 6, row: 4, fields: 3 },
      { code: 'CHURN_ERR_CSV_TRUNCATED', line: 8, row: 6, fields: 2 },
    ]);
    expect(skipped.lines).toEqual([2, 4, 7]);
    expect(await read('skip', 1024)).toEqual(skipped);
    expect((await read('keep')).lines).toEqual([2, 3, 4, 6, 7, 8]);
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
      code: IoErrorCodes.CHURN_ERR_CSV_UNTERMINATED_QUOTE,
      line: 3,
    });
  });
});
