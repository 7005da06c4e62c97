import { describe, expect, it } from 'vitest';
import { TextCodes } from '../src/index.js';

describe('TextCodes', () => {
  it('gives each distinct text the next code and keeps the texts by code', () => {
    const codes = new TextCodes();
    expect(['paid', 'free', 'paid', '', 'free'].map((text) => codes.code(text))).toEqual([
      0, 1, 0, 2, 1,
    ]);
    expect(codes.values).toEqual(['paid', 'free', '']);
  });

  it('ranks the codes by their texts in sorted order', () => {
    const codes = new TextCodes();
    for (const text of ['2025-03-02', '2025-01-31', '2025-02-15']) codes.code(text);
    expect(Array.from(codes.sortedCodeRanks())).toEqual([2, 0, 1]);
  });
});
