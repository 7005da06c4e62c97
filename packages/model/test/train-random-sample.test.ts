import { describe, expect, it } from 'vitest';
import { randomRows, stratifiedHoldout } from '../src/train/index.js';

describe('randomRows', () => {
  it('draws m distinct ascending rows, the same for a seed', () => {
    const rows = randomRows(100_000, 1000, 3);
    expect(rows).toHaveLength(1000);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!).toBeGreaterThan(rows[i - 1]!);
    expect(randomRows(100_000, 1000, 3)).toEqual(rows);
    expect(randomRows(100_000, 1000, 4)).not.toEqual(rows);
  });

  it('is spread over every residue of a period, unlike a stride', () => {
    // 72 dates a user: a stride of 72 would give one date; uniform rows give all 72, about
    // equally (expected 1000/72 = 13.9 each; 1 and 40 are far outside chance).
    const counts = new Array<number>(72).fill(0);
    for (const row of randomRows(72 * 1000, 1000, 5)) counts[row % 72]!++;
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...counts)).toBeLessThan(40);
  });

  it('returns every row when m >= n', () => {
    expect(Array.from(randomRows(5, 9, 1))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('stratifiedHoldout', () => {
  const labels = Uint8Array.from({ length: 10_000 }, (_, i) => (i % 10 === 0 ? 1 : 0));

  it('holds out the fraction of each class, disjoint from the rest, deterministically', () => {
    const { keep, holdout } = stratifiedHoldout(labels, 0.1, 9);
    const positives = (rows: Int32Array) => rows.reduce((sum, row) => sum + labels[row]!, 0);
    expect(holdout).toHaveLength(1000);
    expect(positives(holdout)).toBe(100);
    expect(positives(keep)).toBe(900);
    expect(new Set([...keep, ...holdout]).size).toBe(10_000);
    expect(stratifiedHoldout(labels, 0.1, 9)).toEqual({ keep, holdout });
  });

  it('draws from the whole frame, not its end', () => {
    const { holdout } = stratifiedHoldout(labels, 0.1, 9);
    expect(holdout.filter((row) => row < 5000).length).toBeGreaterThan(400);
    expect(holdout.filter((row) => row >= 5000).length).toBeGreaterThan(400);
  });
});
