import { describe, expect, it } from 'vitest';
import { linearScale, niceTicks } from '../../src/index.js';

describe('linearScale', () => {
  it('maps the domain onto the range, also reversed (the y axis grows upwards)', () => {
    const x = linearScale([0, 1], [40, 540]);
    expect([x(0), x(0.5), x(1)]).toEqual([40, 290, 540]);
    const y = linearScale([0, 1], [300, 20]);
    expect([y(0), y(0.25), y(1)]).toEqual([300, 230, 20]);
  });

  it('maps a zero-width domain to the middle and refuses a non-finite one', () => {
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
    expect(() => linearScale([0, Number.NaN], [0, 1])).toThrow(RangeError);
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten, printed without float noise', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(-1.2, 1.1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0, 47, 5)).toEqual([0, 10, 20, 30, 40]);
  });
});
