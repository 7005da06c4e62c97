/**
 * Texts kept as small integer codes: each distinct text gets the next code, and `values`
 * holds the texts by code. A column of few distinct texts (dates, plans, countries) then
 * costs 4 bytes a row, and moves between threads as one typed array.
 *
 * @example
 * const codes = new TextCodes();
 * codes.code('paid'); // => 0
 * codes.code('free'); // => 1
 * codes.code('paid'); // => 0
 * codes.values; // => ['paid', 'free']
 */
export class TextCodes {
  readonly values: string[] = [];
  readonly #codes = new Map<string, number>();

  code(value: string): number {
    let code = this.#codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.#codes.set(value, code);
    }
    return code;
  }

  /** result[code] = position of values[code] in sorted order. */
  sortedCodeRanks(): Uint32Array {
    const codes = this.values.map((_, code) => code);
    codes.sort((a, b) => (this.values[a]! < this.values[b]! ? -1 : 1));
    const ranks = new Uint32Array(codes.length);
    codes.forEach((code, position) => {
      ranks[code] = position;
    });
    return ranks;
  }
}
