import { describe, expect, it } from 'vitest';
import { formatEpochDay, parseEpochDay, parseEpochSeconds } from '../src/index.js';

describe('dates', () => {
  it('parses and formats epoch days, leap years included', () => {
    expect(parseEpochDay('1970-01-01')).toBe(0);
    expect(parseEpochDay('2025-01-01')).toBe(Date.UTC(2025, 0, 1) / 86_400_000);
    expect(parseEpochDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    expect(formatEpochDay(parseEpochDay('2000-12-31'))).toBe('2000-12-31');
  });

  it('rejects impossible dates', () => {
    for (const text of ['2025-02-29', '2025-13-01', '2025-00-10', '2025-1-1', 'not a date', '']) {
      expect(parseEpochDay(text)).toBeNaN();
    }
  });

  it('parses the datetime forms of the original files', () => {
    const base = parseEpochDay('2025-01-03') * 86_400;
    expect(parseEpochSeconds('2025-01-03T04:05:06')).toBe(base + 4 * 3600 + 5 * 60 + 6);
    expect(parseEpochSeconds('2025-01-03 04:05:06')).toBe(base + 4 * 3600 + 5 * 60 + 6);
    expect(parseEpochSeconds('2025-01-03 04:05')).toBe(base + 4 * 3600 + 5 * 60);
    expect(parseEpochSeconds('2025-01-03T04:05:06.250000')).toBeCloseTo(base + 14_706.25, 6);
    expect(parseEpochSeconds('2025-01-03T04:05:06Z')).toBe(base + 14_706);
    expect(parseEpochSeconds('2025-01-03T04:05:06+00:00')).toBe(base + 14_706);
    expect(parseEpochSeconds('2025-01-03')).toBe(base);
    expect(parseEpochSeconds('2025-01-03T25:00:00')).toBeNaN();
    expect(parseEpochSeconds('2025-01-03T04:05:06+02:00')).toBeNaN();
  });
});
