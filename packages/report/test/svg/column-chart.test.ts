import { describe, expect, it } from 'vitest';
import { columnChart, confusionMatrixChart } from '../../src/index.js';

describe('columnChart', () => {
  it('draws one column per value, heights proportional, grouped by category', () => {
    const svg = columnChart({
      id: 'dist',
      title: 'scores',
      xLabel: 'risk',
      yLabel: 'share',
      categories: ['0.0', '0.5'],
      series: [
        { name: 'retained', values: [0.8, 0.2], color: '#999' },
        { name: 'churned', values: [0.1, 0.9], color: '#e60' },
      ],
    }).value;
    const rects = [
      ...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g),
    ].map((m) => ({ x: Number(m[1]), height: Number(m[4]) }));
    expect(rects).toHaveLength(4);
    const [r0, r1, c0, c1] = rects;
    expect(r0!.height / r1!.height).toBeCloseTo(4, 1);
    expect(c1!.height / c0!.height).toBeCloseTo(9, 0);
    // In each category the second series stands right of the first.
    expect(c0!.x).toBeGreaterThan(r0!.x);
    expect(c0!.x).toBeLessThan(r1!.x);
  });

  it('refuses a series whose length does not match the categories', () => {
    expect(() =>
      columnChart({
        id: 'x',
        title: 'x',
        xLabel: 'x',
        yLabel: 'y',
        categories: ['a', 'b'],
        series: [{ name: 's', values: [1], color: '#000' }],
      }),
    ).toThrow(/series s has 1 values for 2 categories/);
  });
});

describe('confusionMatrixChart', () => {
  it('shows each count in its cell with the share of its actual class', () => {
    const svg = confusionMatrixChart({
      id: 'cm',
      title: 'matrix',
      counts: { tn: 900, fp: 100, fn: 25, tp: 75 },
      threshold: 0.5,
    }).value;
    expect(svg).toMatch(/data-cell="tn" data-value="900">.*?>900<.*?>90.0 % of row</);
    expect(svg).toMatch(/data-cell="tp" data-value="75">.*?>75<.*?>75.0 % of row</);
    expect(() =>
      confusionMatrixChart({
        id: 'cm',
        title: 'm',
        counts: { tn: 1.5, fp: 0, fn: 0, tp: 0 },
        threshold: 0.5,
      }),
    ).toThrow(/tn must be a count/);
  });
});
