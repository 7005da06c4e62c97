import { describe, expect, it } from 'vitest';
import { categoricalPsi, categoryDistribution } from '../src/psi-categorical.js';

// Hand-computed values. toBeCloseTo(x, 12) means an absolute error below 5e-13.
const TOL = 12;

describe('categoricalPsi', () => {
  it('counts category shares, sorted', () => {
    expect(categoryDistribution(['b', 'a', 'a', 'a'])).toEqual({
      shares: { a: 0.75, b: 0.25 },
      count: 4,
    });
  });

  it('is 0 for the same shares and matches a hand-computed value', () => {
    const reference = categoryDistribution(['a', 'b']);
    expect(categoricalPsi(reference, ['b', 'a', 'a', 'b']).psi).toBeCloseTo(0, TOL);
    // (0.75 - 0.5) ln(1.5) + (0.25 - 0.5) ln(0.5) = 0.25 ln 3
    expect(categoricalPsi(reference, ['a', 'a', 'a', 'b']).psi).toBeCloseTo(
      0.25 * Math.log(3),
      TOL,
    );
  });

  it('counts a category the reference never saw, with epsilon for its share', () => {
    const result = categoricalPsi(categoryDistribution(['a']), ['a', 'new']);
    const expected = (0.5 - 1) * Math.log(0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
    expect(result.psi).toBeCloseTo(expected, TOL);
    expect(result.categories.map((c) => c.category)).toEqual(['a', 'new']);
    expect(result.categories[1]).toMatchObject({ referenceShare: 0, currentShare: 0.5 });
  });

  it('fails fast on bad arguments', () => {
    expect(() => categoricalPsi(categoryDistribution(['a']), [])).toThrow(RangeError);
    expect(() => categoricalPsi(categoryDistribution(['a']), ['a'], { epsilon: 0 })).toThrow(
      RangeError,
    );
    expect(() => categoryDistribution([])).toThrow(RangeError);
  });
});
