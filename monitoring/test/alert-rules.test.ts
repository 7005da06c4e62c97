import { describe, expect, it } from 'vitest';
import { durationSeconds } from '../src/alert-rules.js';

describe('durationSeconds', () => {
  it('reads Prometheus durations', () => {
    expect(durationSeconds('90s')).toBe(90);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('1d2h')).toBe(93_600);
    expect(durationSeconds('250ms')).toBeCloseTo(0.25, 12);
  });

  it('refuses what is not a duration', () => {
    expect(() => durationSeconds('5 minutes')).toThrow('"5 minutes" is not a Prometheus duration');
    expect(() => durationSeconds('')).toThrow(RangeError);
  });
});
