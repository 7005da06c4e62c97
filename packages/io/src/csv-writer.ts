import { writeFileAtomic } from './atomic-file.js';
import { CODE_CELL, type CsvColumn, encodeColumn, NUMBER_CELL, TEXT_CELL } from './csv-encode.js';
import { IoError } from './errors.js';

const CHUNK_BYTES = 1 << 20;
const COMMA = 44;
const LF = 10;

/**
 * Writes columns as a CSV file with a header row, atomically (temporary file + rename).
 * Encodes row by row straight into a byte buffer: integers and fixed decimals without
 * `toString`, repeated texts from cached bytes.
 *
 * @example
 * await writeCsv('out.csv', [{ name: 'id', values: Int32Array.of(1, 2) }, { name: 'x', values: [0.5, NaN] }]);
 * // id,x\n1,0.5\n2,\n
 */
export async function writeCsv(file: string, columns: readonly CsvColumn[]): Promise<number> {
  const encoded = columns.map(encodeColumn);
  const rows = encoded[0]?.length ?? 0;
  for (const column of encoded) {
    if (column.length !== rows) {
      throw new IoError(
        'CHURN_ERR_CSV_COLUMN_LENGTH',
        `column ${column.name} has ${column.length} values, expected ${rows}`,
        file,
      );
    }
  }
  await writeFileAtomic(file, async (write) => {
    // Two buffers: one is encoded while the other is being written.
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let spare = Buffer.allocUnsafe(CHUNK_BYTES);
    let writing: Promise<void> = Promise.resolve();
    const header = Buffer.from(`${encoded.map((column) => column.headerText).join(',')}\n`);
    await write(header);
    // Room for one row of numbers and dates; long texts grow the buffer when needed.
    const margin = 40 * encoded.length + 64;
    let row = 0;
    while (row < rows) {
      let pos = 0;
      const limit = buffer.length - margin;
      for (; row < rows && pos < limit; row++) {
        for (let col = 0; col < encoded.length; col++) {
          const column = encoded[col]!;
          const kind = column.kind;
          if (kind === NUMBER_CELL) pos = column.writeNumber(buffer, pos, row);
          else {
            const bytes =
              kind === TEXT_CELL || kind === CODE_CELL
                ? column.textBytes(row)
                : column.dateBytes(row);
            if (pos + bytes.length + margin > buffer.length) {
              const larger = Buffer.allocUnsafe(
                Math.max(buffer.length * 2, pos + bytes.length + margin),
              );
              larger.set(buffer.subarray(0, pos));
              buffer = larger;
            }
            if (bytes.length <= 16)
              for (let i = 0; i < bytes.length; i++) buffer[pos++] = bytes[i]!;
            else {
              buffer.set(bytes, pos);
              pos += bytes.length;
            }
          }
          buffer[pos++] = col === encoded.length - 1 ? LF : COMMA;
        }
      }
      await writing;
      writing = write(buffer.subarray(0, pos));
      // A buffer grown for a long text is left to its write; a fresh one replaces it.
      [buffer, spare] = [
        spare,
        buffer.length === CHUNK_BYTES ? buffer : Buffer.allocUnsafe(CHUNK_BYTES),
      ];
    }
    await writing;
  });
  return rows;
}
