import { html, type SafeHtml } from '../html.js';
import { chartSvg, legend, plotArea, xAxis, yAxis } from './frame.js';
import { COLORS } from './palette.js';
import { linearScale, px } from './scale.js';

export type Point = readonly [x: number, y: number];

export interface LineSeries {
  readonly name: string;
  readonly points: readonly Point[];
  readonly color: string;
  readonly dashed?: boolean;
  /** Dots on each point (few points, such as calibration bins). */
  readonly markers?: boolean;
}

export interface LineChartSpec {
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  /** Default: the extent of the points. */
  readonly xDomain?: readonly [number, number];
  readonly yDomain?: readonly [number, number];
  /** A grey reference line: the y = x diagonal, or a horizontal level (a baseline). */
  readonly reference?:
    | { readonly kind: 'diagonal' }
    | { readonly kind: 'level'; readonly y: number; readonly label: string };
  readonly formatX?: (value: number) => string;
  readonly formatY?: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { top: 30, right: 16, bottom: 44, left: 56 };

function extent(values: readonly number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  return [Math.min(...values), Math.max(...values)];
}

/** The SVG path of a polyline; points with a non-finite coordinate break the line. */
export function linePath(
  points: readonly Point[],
  x: (v: number) => number,
  y: (v: number) => number,
): string {
  let path = '';
  let pen = false;
  for (const [a, b] of points) {
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${px(x(a))} ${px(y(b))}`;
    pen = true;
  }
  return path;
}

/**
 * Lines over a shared x/y plane: precision-recall, ROC, calibration, a metric over days.
 * Series are drawn in order, so the first sits below the others.
 */
export function lineChart(spec: LineChartSpec): SafeHtml {
  const area = plotArea(spec.width ?? 520, spec.height ?? 340, MARGIN);
  const all = spec.series.flatMap((s) => s.points);
  const x = linearScale(spec.xDomain ?? extent(all.map((p) => p[0])), [area.left, area.right]);
  const y = linearScale(spec.yDomain ?? extent(all.map((p) => p[1])), [area.bottom, area.top]);
  const formatX = spec.formatX ?? ((v: number) => String(v));
  const formatY = spec.formatY ?? ((v: number) => String(v));
  const reference = spec.reference;
  let referenceMarkup: SafeHtml | string = '';
  if (reference?.kind === 'diagonal') {
    const [lo, hi] = x.domain;
    referenceMarkup = html`<line class="reference" x1="${px(x(lo))}" y1="${px(y(lo))}" x2="${px(x(hi))}" y2="${px(y(hi))}" stroke="${COLORS.muted}" stroke-dasharray="4 4"/>`;
  } else if (reference?.kind === 'level') {
    referenceMarkup = html`<line class="reference" x1="${area.left}" x2="${area.right}" y1="${px(y(reference.y))}" y2="${px(y(reference.y))}" stroke="${COLORS.muted}" stroke-dasharray="4 4"/><text class="note" x="${area.right - 4}" y="${px(y(reference.y)) - 5}" text-anchor="end">${reference.label}</text>`;
  }
  const lines = spec.series.map(
    (s) =>
      html`<g class="series" data-series="${s.name}"><path d="${linePath(s.points, x, y)}" fill="none" stroke="${s.color}" stroke-width="2.25" stroke-linejoin="round"${s.dashed ? html` stroke-dasharray="6 4"` : ''}/>${
        s.markers
          ? s.points
              .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b))
              .map(
                ([a, b]) =>
                  html`<circle cx="${px(x(a))}" cy="${px(y(b))}" r="3.5" fill="${s.color}"/>`,
              )
          : ''
      }</g>`,
  );
  return chartSvg({
    id: spec.id,
    title: spec.title,
    area,
    body: html`${yAxis(area, y, formatY, spec.yLabel)}${xAxis(area, x, formatX, spec.xLabel)}${referenceMarkup}${lines}${legend(area, spec.series)}`,
  });
}
