import { describe, expect, it } from 'vitest';
import { parseDecimalBytes, parseShortDecimal, roundDecimals } from '../src/index.js';

const bytesOf = (text: string) => Buffer.from(text, 'latin1');

describe('decimal parsing', () => {
  it('equals Number() exactly (tolerance 0) on 20,000 random decimal strings', () => {
    let state = 7;
    const random = () => {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      return state / 2 ** 32;
    };
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(random() * 18);
      const scale = Math.floor(random() * 8);
      const sign = random() < 0.3 ? '-' : '';
      const value = (random() * 10 ** digits).toFixed(scale);
      const text = `${sign}${value}`;
      const bytes = bytesOf(text);
      if (!Object.is(parseDecimalBytes(bytes, 0, bytes.length), Number(text)))
        mismatches.push(text);
      const short = parseShortDecimal(bytes, 0, bytes.length);
      if (!Number.isNaN(short) && !Object.is(short, Number(text))) mismatches.push(`short ${text}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('rejects what is not plain decimal notation', () => {
    for (const text of ['', '-', '.', '1.2.3', 'abc', '0x1f', '1,5', 'NaN', 'Infinity']) {
      expect(parseDecimalBytes(bytesOf(text), 0, text.length), text).toBeNaN();
    }
    expect(parseDecimalBytes(bytesOf('1e-3'), 0, 4)).toBe(0.001);
    expect(parseShortDecimal(bytesOf('1e-3'), 0, 4)).toBeNaN();
  });

  it('rounds the way the writer writes', () => {
    expect(roundDecimals(0.1 + 0.2, 6)).toBe(0.3);
    expect(roundDecimals(2 / 3, 2)).toBe(0.67);
  });
});
