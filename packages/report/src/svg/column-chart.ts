import { html, type SafeHtml } from '../html.js';
import { chartSvg, legend, plotArea, yAxis } from './frame.js';
import { COLORS } from './palette.js';
import { linearScale, px } from './scale.js';

export interface ColumnSeries {
  readonly name: string;
  /** One value per category. */
  readonly values: readonly number[];
  readonly color: string;
}

export interface ColumnChartSpec {
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** One label per group of columns (a histogram bin, a category). */
  readonly categories: readonly string[];
  readonly series: readonly ColumnSeries[];
  /**
   * Histogram bin edges (categories + 1 labels): labelled at the column boundaries instead of
   * the categories, so the axis reads as a number line.
   */
  readonly edges?: readonly string[];
  /** Label every n-th category (or edge) only, for dense histograms. Default 1. */
  readonly labelEvery?: number;
  /** A vertical marker at a fractional category position (e.g. the decision threshold). */
  readonly marker?: { readonly position: number; readonly label: string };
  readonly formatY?: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { top: 30, right: 16, bottom: 48, left: 56 };

/**
 * Side-by-side columns per category, one colour per series: the score distribution of each
 * class, or a feature's reference and current shares per bin.
 */
export function columnChart(spec: ColumnChartSpec): SafeHtml {
  const groups = spec.categories.length;
  if (groups === 0) throw new RangeError(`column chart ${spec.id} has no categories`);
  for (const s of spec.series) {
    if (s.values.length !== groups) {
      throw new RangeError(
        `column chart ${spec.id}: series ${s.name} has ${s.values.length} values for ${groups} categories`,
      );
    }
    if (s.values.some((v) => !Number.isFinite(v) || v < 0)) {
      throw new RangeError(
        `column chart ${spec.id}: series ${s.name} has a negative or non-finite value`,
      );
    }
  }
  const area = plotArea(spec.width ?? 520, spec.height ?? 300, MARGIN);
  const top = Math.max(...spec.series.flatMap((s) => s.values), 0);
  const y = linearScale([0, top > 0 ? top * 1.05 : 1], [area.bottom, area.top]);
  const slot = (area.right - area.left) / groups;
  const inner = slot * 0.8;
  const width = inner / Math.max(1, spec.series.length);
  // Labels never overlap: at ~6.2 units a character, skip to every n-th when they would.
  const longest = Math.max(...(spec.edges ?? spec.categories).map((label) => label.length));
  const every = Math.max(spec.labelEvery ?? 1, Math.ceil((longest * 6.2 + 6) / slot));
  const formatY = spec.formatY ?? ((v: number) => String(v));
  const columns = spec.series.map(
    (s, k) =>
      html`<g class="series" data-series="${s.name}">${s.values.map((v, i) => {
        const x = area.left + i * slot + slot * 0.1 + k * width;
        const h = area.bottom - y(v);
        return html`<rect x="${px(x)}" y="${px(area.bottom - h)}" width="${px(Math.max(0.5, width - 1))}" height="${px(h)}" fill="${s.color}"/>`;
      })}</g>`,
  );
  if (spec.edges && spec.edges.length !== groups + 1) {
    throw new RangeError(
      `column chart ${spec.id}: ${spec.edges.length} edges for ${groups} categories`,
    );
  }
  const offset = spec.edges ? 0 : 0.5;
  const labels = (spec.edges ?? spec.categories).map((label, i) =>
    i % every === 0
      ? html`<text x="${px(area.left + (i + offset) * slot)}" y="${area.bottom + 16}" text-anchor="middle">${label}</text>`
      : '',
  );
  const marker = spec.marker
    ? html`<g class="marker"><line x1="${px(area.left + spec.marker.position * slot)}" x2="${px(area.left + spec.marker.position * slot)}" y1="${area.top}" y2="${area.bottom}" stroke="${COLORS.ink}" stroke-dasharray="4 3"/><text class="note" x="${px(area.left + spec.marker.position * slot + 4)}" y="${area.top + 10}">${spec.marker.label}</text></g>`
    : '';
  return chartSvg({
    id: spec.id,
    title: spec.title,
    area,
    body: html`${yAxis(area, y, formatY, spec.yLabel)}${columns}<g class="axis x"><line x1="${area.left}" x2="${area.right}" y1="${area.bottom}" y2="${area.bottom}" stroke="${COLORS.subtle}"/>${labels}<text class="axis-label" x="${px((area.left + area.right) / 2)}" y="${area.height - 6}" text-anchor="middle">${spec.xLabel}</text></g>${marker}${legend(area, spec.series)}`,
  });
}
