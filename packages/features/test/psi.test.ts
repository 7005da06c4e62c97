import { describe, expect, it } from 'vitest';
import {
  binnedDistribution,
  PSI_DEFAULT_EPSILON,
  psi,
  psiAgainst,
  quantileCutPoints,
} from '../src/psi.js';

// Hand-computed values. toBeCloseTo(x, 12) means an absolute error below 5e-13.
const TOL = 12;

describe('quantileCutPoints', () => {
  it('takes linear-interpolation quantiles of the reference', () => {
    // h = 7p: p=.25 -> 2 + .75*(3-2); p=.5 -> 4.5; p=.75 -> 6 + .25*(7-6)
    expect(quantileCutPoints([8, 7, 6, 5, 4, 3, 2, 1], 4)).toEqual([2.75, 4.5, 6.25]);
  });

  it('drops duplicate cut points of a discrete feature and ignores NaN', () => {
    expect(quantileCutPoints([0, 0, 0, 0, 0, 0, 0, 1, Number.NaN], 4)).toEqual([0]);
  });

  it('selects the same cut points as sorting every value, ties and all', () => {
    let state = 7;
    const random = () => {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      return state / 2 ** 32;
    };
    const sortedQuantile = (sorted: Float64Array, p: number) => {
      const h = (sorted.length - 1) * p;
      const lo = Math.floor(h);
      const hi = Math.min(lo + 1, sorted.length - 1);
      return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
    };
    for (const n of [1, 2, 3, 10, 101, 5000]) {
      for (const shape of ['spread', 'mostly zero', 'few values', 'descending']) {
        const values = Float64Array.from({ length: n }, (_, i) =>
          shape === 'spread'
            ? random() * 1000 - 500
            : shape === 'mostly zero'
              ? random() < 0.8
                ? 0
                : Math.floor(random() * 30)
              : shape === 'few values'
                ? Math.floor(random() * 3)
                : n - i,
        );
        const sorted = values.slice().sort();
        const expected: number[] = [];
        for (let i = 1; i < 10; i++) {
          const cut = sortedQuantile(sorted, i / 10);
          if (expected.length === 0 || cut > expected.at(-1)!) expected.push(cut);
        }
        expect(quantileCutPoints(values, 10), `${shape}, n ${n}`).toEqual(expected);
      }
    }
  });

  it('fails fast on bad arguments', () => {
    expect(() => quantileCutPoints([1, 2], 1)).toThrow(RangeError);
    expect(() => quantileCutPoints([Number.NaN], 4)).toThrow(RangeError);
  });
});

describe('psi', () => {
  const reference = [1, 2, 3, 4, 5, 6, 7, 8];

  it('is 0 for the same distribution', () => {
    expect(psi(reference, [8, 1, 7, 2, 6, 3, 5, 4], { bins: 4 }).psi).toBeCloseTo(0, TOL);
  });

  it('matches a hand-computed value', () => {
    // bins (-inf,2.75] (2.75,4.5] (4.5,6.25] (6.25,inf): ref .25 each, current .5 .125 .125 .25
    // PSI = .25 ln2 + (-.125) ln(.5) * 2 + 0 = 0.5 ln 2
    const result = psi(reference, [1, 1, 1, 1, 3, 5, 7, 8], { bins: 4 });
    expect(result.psi).toBeCloseTo(0.5 * Math.LN2, TOL);
    expect(result.bins.map((bin) => bin.currentShare)).toEqual([0.5, 0.125, 0.125, 0.25]);
    expect(result.bins.map((bin) => bin.referenceShare)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(result.bins[0]!.lower).toBe(Number.NEGATIVE_INFINITY);
    expect(result.bins[3]!.upper).toBe(Number.POSITIVE_INFINITY);
  });

  it('puts a value equal to a cut point in the lower bin (right-closed)', () => {
    const result = psi(reference, [2.75, 4.5, 6.25, 9], { bins: 4 });
    expect(result.bins.map((bin) => bin.currentShare)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(result.psi).toBeCloseTo(0, TOL);
  });

  it('replaces an empty bin share by epsilon', () => {
    const e = PSI_DEFAULT_EPSILON;
    const expected = (1 - 0.25) * Math.log(1 / 0.25) + 3 * (e - 0.25) * Math.log(e / 0.25);
    const result = psi(reference, [1, 2, 1, 2], { bins: 4 });
    expect(result.psi).toBeCloseTo(expected, TOL);
    expect(result.psi).toBeCloseTo(6.90541, 5); // 0.75 ln4 + 3 * 0.2499 * ln(2500)
  });

  it('counts missing values as their own bin', () => {
    // ref: 4 bins of .25, no missing; current: 2 of 4 missing, the rest in bins 1 and 4
    const e = 1e-3;
    const result = psi(reference, [1, Number.NaN, 8, Number.NaN], { bins: 4, epsilon: e });
    expect(result.currentMissing).toBe(2);
    expect(result.bins).toHaveLength(5);
    const expected =
      2 * (0.25 - 0.25) * Math.log(1) +
      2 * (e - 0.25) * Math.log(e / 0.25) +
      (0.5 - e) * Math.log(0.5 / e);
    expect(result.psi).toBeCloseTo(expected, TOL);
  });

  it('fails fast on empty inputs', () => {
    expect(() => psi([], [1])).toThrow(RangeError);
    expect(() => psi([1], [])).toThrow(RangeError);
    expect(() => psi([1], [1], { epsilon: 0 })).toThrow(RangeError);
  });
});

describe('binnedDistribution and psiAgainst', () => {
  const reference = [1, 2, 3, 4, 5, 6, 7, 8, Number.NaN, Number.NaN];

  it('stores cuts and shares that give the same PSI as the raw reference', () => {
    const binned = binnedDistribution(reference, 4);
    expect(binned.cuts).toEqual([2.75, 4.5, 6.25]);
    expect(binned.shares).toEqual([0.2, 0.2, 0.2, 0.2]);
    expect(binned.missingShare).toBe(0.2);
    expect(binned.count).toBe(10);
    const current = [1, 1, 1, 5, 9, Number.NaN];
    const fromRaw = psi(reference, current, { bins: 4 });
    const fromBins = psiAgainst(JSON.parse(JSON.stringify(binned)), current);
    expect(fromBins.psi).toBeCloseTo(fromRaw.psi, TOL);
    expect(fromBins.referenceMissing).toBe(2);
    expect(fromBins.bins).toEqual(fromRaw.bins);
  });

  it('refuses shares that do not match the cuts', () => {
    expect(() =>
      psiAgainst({ cuts: [1, 2], shares: [0.5, 0.5], missingShare: 0, count: 2 }, [1]),
    ).toThrow(/cuts.length \+ 1/);
    expect(() => binnedDistribution([], 4)).toThrow(RangeError);
  });
});
