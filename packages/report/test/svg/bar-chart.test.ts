import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/index.js';

/** x and width of each bar's rect, by label. */
function bars(svg: string): Record<string, { x: number; width: number; value: number }> {
  const out: Record<string, { x: number; width: number; value: number }> = {};
  for (const m of svg.matchAll(
    /data-label="([^"]+)" data-value="([^"]+)">.*?<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g,
  )) {
    out[m[1]!] = { x: Number(m[3]), width: Number(m[4]), value: Number(m[2]) };
  }
  return out;
}

describe('barChart', () => {
  it('draws bars from zero with widths proportional to their values', () => {
    const svg = barChart({
      id: 'psi',
      title: 'PSI',
      xLabel: 'psi',
      bars: [
        { label: 'a', value: 0.4 },
        { label: 'b', value: 0.1 },
        { label: 'c', value: 0 },
      ],
    }).value;
    const { a, b, c } = bars(svg);
    expect(a!.x).toBe(b!.x);
    expect(a!.width / b!.width).toBeCloseTo(4, 1);
    expect(c!.width).toBe(0);
  });

  it('grows negative values left of the zero line', () => {
    const svg = barChart({
      id: 'coef',
      title: 'coefficients',
      xLabel: 'log-odds',
      bars: [
        { label: 'up', value: 1 },
        { label: 'down', value: -0.5 },
      ],
    }).value;
    const { up, down } = bars(svg);
    expect(down!.x + down!.width).toBeCloseTo(up!.x, 1);
    expect(up!.width / down!.width).toBeCloseTo(2, 1);
  });

  it('draws markers, escapes labels and refuses bars it cannot draw', () => {
    const svg = barChart({
      id: 'psi',
      title: 'PSI',
      xLabel: 'psi',
      bars: [{ label: '<img src=x>', value: 0.3 }],
      markers: [{ value: 0.25, label: 'FAIL', color: '#dc2626' }],
    }).value;
    expect(svg).toContain('&lt;img src=x&gt;');
    expect(svg).not.toContain('<img');
    expect(svg).toMatch(/class="marker">.*FAIL/);
    expect(() => barChart({ id: 'x', title: 'x', xLabel: 'x', bars: [] })).toThrow(RangeError);
    expect(() =>
      barChart({ id: 'x', title: 'x', xLabel: 'x', bars: [{ label: 'a', value: Number.NaN }] }),
    ).toThrow(/a has value NaN/);
  });
});
