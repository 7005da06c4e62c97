/**
 * Stable partition of rows[start..end) by a column of bins (`columns[column + row]`):
 * rows with a bin <= `bin` move to the front of the range, in order, and the others go
 * to scratch[0..), in order. Returns how many went left.
 */
export function partitionRows(
  columns: Uint8Array,
  column: number,
  bin: number,
  rows: Int32Array,
  start: number,
  end: number,
  scratch: Int32Array,
): number {
  let left = start;
  let right = 0;
  for (let j = start; j < end; j++) {
    const row = rows[j]!;
    if (columns[column + row]! <= bin) rows[left++] = row;
    else scratch[right++] = row;
  }
  return left - start;
}
