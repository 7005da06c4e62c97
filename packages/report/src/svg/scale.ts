/** A linear map from a data interval onto a pixel interval (either may run backwards). */
export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/**
 * @example
 * linearScale([0, 1], [40, 540])(0.5); // => 290
 */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (!Number.isFinite(d0) || !Number.isFinite(d1)) {
    throw new RangeError(`scale domain must be finite, got [${d0}, ${d1}]`);
  }
  // A zero-width domain (one distinct value) maps everything to the middle of the range.
  const span = d1 - d0;
  const scale = (value: number) =>
    span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0);
  return Object.assign(scale, { domain, range });
}

/**
 * Round tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten, about
 * `count` of them (the same rule as d3-array's ticks).
 *
 * @example
 * niceTicks(0, 1, 5); // => [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const step = (fraction >= 7.5 ? 10 : fraction >= 3.5 ? 5 : fraction >= 1.5 ? 2 : 1) * power;
  const ticks: number[] = [];
  // Integer multiples of the step, so 0.1 * 3 prints as 0.3 and not 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) {
    ticks.push(Number((k * step).toFixed(decimals)));
  }
  return ticks;
}

/** Rounds a pixel coordinate to 0.1 px: enough for a screen, and keeps the SVG small. */
export function px(value: number): number {
  return Math.round(value * 10) / 10;
}
