import { describe, expect, it } from 'vitest';
import { lineChart, linePath } from '../../src/index.js';

/** The coordinates of an SVG path made of M and L commands. */
function coordinates(d: string): Array<[number, number]> {
  return [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('linePath', () => {
  it('moves to the first point, draws to the others and lifts the pen at a gap', () => {
    const x = (v: number) => v * 10;
    const y = (v: number) => 100 - v * 10;
    expect(
      linePath(
        [
          [0, 0],
          [1, 1],
          [Number.NaN, 2],
          [2, 2],
        ],
        x,
        y,
      ),
    ).toBe('M0 100L10 90M20 80');
  });
});

describe('lineChart', () => {
  const chart = lineChart({
    id: 'roc',
    title: 'ROC <curve>',
    xLabel: 'false positive rate',
    yLabel: 'true positive rate',
    xDomain: [0, 1],
    yDomain: [0, 1],
    series: [
      {
        name: 'model "a" & <b>',
        points: [
          [0, 0],
          [0.5, 0.75],
          [1, 1],
        ],
        color: '#2563eb',
      },
    ],
    reference: { kind: 'diagonal' },
    width: 520,
    height: 340,
  }).value;

  it('places the points inside the plot area, y upwards', () => {
    // margins: left 56, right 16, top 30, bottom 44 -> x in [56, 504], y in [296, 30]
    const d = /data-series="[^"]*"><path d="([^"]+)"/.exec(chart)![1]!;
    expect(coordinates(d)).toEqual([
      [56, 296],
      [280, 96.5],
      [504, 30],
    ]);
  });

  it('draws the diagonal from the domain corner to corner', () => {
    expect(chart).toContain('class="reference" x1="56" y1="296" x2="504" y2="30"');
  });

  it('is one sized svg marked with data-chart, titled, with every text escaped', () => {
    expect(chart).toMatch(
      /^<svg [^>]*data-chart="roc" viewBox="0 0 520 340" width="520" height="340"/,
    );
    expect(chart).toContain('<title>ROC &lt;curve&gt;</title>');
    expect(chart).toContain('model &quot;a&quot; &amp; &lt;b&gt;');
    expect(chart).not.toContain('<b>');
  });
});
