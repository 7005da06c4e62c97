/** Cell offsets of the complete records found in a run of bytes (see scanRecords). */
export interface ScannedRecords {
  readonly rows: number;
  readonly cells: number;
  readonly cellStart: Int32Array;
  readonly cellEnd: Int32Array;
  /** 1 for a quoted cell (its offsets exclude the quotes); null when no cell was quoted. */
  readonly cellQuoted: Uint8Array | null;
  /** rowFirstCell[r] .. rowFirstCell[r + 1] are the cells of row r. */
  readonly rowFirstCell: Int32Array;
  /** 1-based line of the file where each row starts. */
  readonly rowLine: Int32Array;
  /** Offset of the first byte not consumed (start of an incomplete record). */
  readonly end: number;
  /** Line number at `end`. */
  readonly endLine: number;
  /** The last record ended at the end of the bytes without a line end (only when `atEnd`). */
  readonly unterminated: boolean;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Splits `bytes` into records and cells (RFC 4180: quoted cells may hold commas, line
 * ends and doubled quotes; LF or CRLF; blank lines skipped). A record is complete when its
 * line end was seen or `atEnd`. One tight loop over the bytes, no strings, no objects per
 * row: the hot path is a single comparison per byte.
 */
export function scanRecords(
  bytes: Uint8Array,
  atEnd: boolean,
  firstLine: number,
  hint: { rows: number; cells: number },
): ScannedRecords {
  const n = bytes.length;
  let cellStart: Int32Array = new Int32Array(Math.max(1024, hint.cells));
  let cellEnd: Int32Array = new Int32Array(cellStart.length);
  let cellQuoted: Uint8Array | null = null;
  let rowFirstCell: Int32Array = new Int32Array(Math.max(256, hint.rows + 2));
  let rowLine: Int32Array = new Int32Array(rowFirstCell.length);
  let cells = 0;
  let rows = 0;
  let pos = 0;
  let line = firstLine;
  let unterminated = false;
  rowFirstCell[0] = 0;

  records: while (pos < n) {
    const recordStart = pos;
    const recordLine = line;
    const firstCell = cells;
    for (;;) {
      if (cells === cellStart.length) {
        cellStart = grow(cellStart);
        cellEnd = grow(cellEnd);
        if (cellQuoted) cellQuoted = grow8(cellQuoted, cellStart.length);
      }
      if (pos < n && bytes[pos] === QUOTE) {
        // Slow path: a quoted cell.
        let i = pos + 1;
        let closed = false;
        while (i < n) {
          const code = bytes[i]!;
          if (code === QUOTE) {
            if (i + 1 < n && bytes[i + 1] === QUOTE) {
              i += 2;
              continue;
            }
            if (i + 1 === n && !atEnd) break;
            closed = true;
            break;
          }
          if (code === LF) line++;
          i++;
        }
        if (!closed) {
          cells = firstCell;
          pos = recordStart;
          line = recordLine;
          break records;
        }
        cellQuoted ??= new Uint8Array(cellStart.length);
        cellQuoted[cells] = 1;
        cellStart[cells] = pos + 1;
        cellEnd[cells] = i;
        cells++;
        pos = i + 1;
        while (pos < n) {
          const code = bytes[pos]!;
          if (code === COMMA || code === LF || code === CR) break;
          pos++;
        }
      } else {
        const start = pos;
        while (pos < n) {
          const code = bytes[pos]!;
          // Digits, letters, '.', '-' are all above ','; only then compare further.
          if (code > COMMA) {
            pos++;
            continue;
          }
          if (code === COMMA || code === LF || code === CR) break;
          pos++;
        }
        cellStart[cells] = start;
        cellEnd[cells] = pos;
        cells++;
      }
      if (pos >= n) {
        if (atEnd) {
          unterminated = true;
          break;
        }
        cells = firstCell;
        pos = recordStart;
        line = recordLine;
        break records;
      }
      const code = bytes[pos]!;
      if (code === COMMA) {
        pos++;
        continue;
      }
      if (code === CR) {
        if (pos + 1 >= n && !atEnd) {
          cells = firstCell;
          pos = recordStart;
          line = recordLine;
          break records;
        }
        pos += bytes[pos + 1] === LF ? 2 : 1;
      } else {
        pos++;
      }
      line++;
      break;
    }
    const blank =
      cells - firstCell === 1 &&
      cellEnd[firstCell] === cellStart[firstCell] &&
      !(cellQuoted && cellQuoted[firstCell] === 1);
    if (blank) {
      cells = firstCell;
      continue;
    }
    if (rows + 2 > rowFirstCell.length) {
      rowFirstCell = grow(rowFirstCell);
      rowLine = grow(rowLine);
    }
    rowLine[rows] = recordLine;
    rows++;
    rowFirstCell[rows] = cells;
  }
  return {
    rows,
    cells,
    cellStart,
    cellEnd,
    cellQuoted,
    rowFirstCell,
    rowLine,
    end: pos,
    endLine: line,
    unterminated,
  };
}

/** The same records without the ones at the ascending indexes `drop` (a rare path). */
export function dropRecords(scanned: ScannedRecords, drop: readonly number[]): ScannedRecords {
  const rows = scanned.rows - drop.length;
  const cellStart = new Int32Array(scanned.cells);
  const cellEnd = new Int32Array(scanned.cells);
  const cellQuoted = scanned.cellQuoted ? new Uint8Array(scanned.cells) : null;
  const rowFirstCell = new Int32Array(rows + 1);
  const rowLine = new Int32Array(rows);
  let cells = 0;
  let kept = 0;
  let next = 0;
  for (let r = 0; r < scanned.rows; r++) {
    if (drop[next] === r) {
      next++;
      continue;
    }
    const from = scanned.rowFirstCell[r]!;
    const to = scanned.rowFirstCell[r + 1]!;
    cellStart.set(scanned.cellStart.subarray(from, to), cells);
    cellEnd.set(scanned.cellEnd.subarray(from, to), cells);
    cellQuoted?.set(scanned.cellQuoted!.subarray(from, to), cells);
    rowFirstCell[kept] = cells;
    rowLine[kept] = scanned.rowLine[r]!;
    kept++;
    cells += to - from;
  }
  rowFirstCell[kept] = cells;
  return { ...scanned, rows, cells, cellStart, cellEnd, cellQuoted, rowFirstCell, rowLine };
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

function grow8(array: Uint8Array, length: number): Uint8Array {
  const larger = new Uint8Array(length);
  larger.set(array);
  return larger;
}
