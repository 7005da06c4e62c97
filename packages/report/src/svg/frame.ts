import { html, type SafeHtml } from '../html.js';
import { COLORS } from './palette.js';
import { type LinearScale, niceTicks, px } from './scale.js';

/** The drawing area inside a chart's margins, in SVG user units. */
export interface PlotArea {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export function plotArea(
  width: number,
  height: number,
  margin: { top: number; right: number; bottom: number; left: number },
): PlotArea {
  const area = {
    width,
    height,
    left: margin.left,
    top: margin.top,
    right: width - margin.right,
    bottom: height - margin.bottom,
  };
  if (!(area.right > area.left && area.bottom > area.top)) {
    throw new RangeError(`a ${width}x${height} chart leaves no room inside its margins`);
  }
  return area;
}

export interface ChartSvgOptions {
  /** `data-chart` attribute: what tests and the browser check look the chart up by. */
  readonly id: string;
  readonly title: string;
  readonly area: PlotArea;
  readonly body: SafeHtml;
}

/** The outer <svg>: sized by its viewBox, titled for screen readers, marked with data-chart. */
export function chartSvg({ id, title, area, body }: ChartSvgOptions): SafeHtml {
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${id}" viewBox="0 0 ${area.width} ${area.height}" width="${area.width}" height="${area.height}" role="img" aria-label="${title}"><title>${title}</title>${body}</svg>`;
}

/** Horizontal grid lines and y tick labels. */
export function yAxis(
  area: PlotArea,
  y: LinearScale,
  format: (v: number) => string,
  label: string,
) {
  const [lo, hi] = y.domain;
  const ticks = niceTicks(Math.min(lo, hi), Math.max(lo, hi), 5);
  return html`<g class="axis y">${ticks.map(
    (t) =>
      html`<line x1="${area.left}" x2="${area.right}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="${COLORS.grid}"/><text x="${area.left - 6}" y="${px(y(t))}" dy="0.32em" text-anchor="end">${format(t)}</text>`,
  )}<text class="axis-label" transform="translate(14 ${px((area.top + area.bottom) / 2)}) rotate(-90)" text-anchor="middle">${label}</text></g>`;
}

/** The x axis line, its ticks and labels. */
export function xAxis(
  area: PlotArea,
  x: LinearScale,
  format: (v: number) => string,
  label: string,
) {
  const [lo, hi] = x.domain;
  const ticks = niceTicks(Math.min(lo, hi), Math.max(lo, hi), 5);
  return html`<g class="axis x"><line x1="${area.left}" x2="${area.right}" y1="${area.bottom}" y2="${area.bottom}" stroke="${COLORS.subtle}"/>${ticks.map(
    (t) =>
      html`<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${area.bottom}" y2="${area.bottom + 4}" stroke="${COLORS.subtle}"/><text x="${px(x(t))}" y="${area.bottom + 16}" text-anchor="middle">${format(t)}</text>`,
  )}<text class="axis-label" x="${px((area.left + area.right) / 2)}" y="${area.height - 6}" text-anchor="middle">${label}</text></g>`;
}

export interface LegendEntry {
  readonly name: string;
  readonly color: string;
  readonly dashed?: boolean;
}

/** A one-line legend above the plot area, right-aligned; entries are laid out right to left. */
export function legend(area: PlotArea, entries: readonly LegendEntry[]): SafeHtml {
  let x = area.right;
  const items: SafeHtml[] = [];
  for (const entry of [...entries].reverse()) {
    // ~6.2 user units per character at the 11px legend font: text width without a DOM.
    const width = 22 + entry.name.length * 6.2;
    x -= width;
    items.push(
      html`<g class="legend-item"><line x1="${px(x)}" x2="${px(x + 16)}" y1="${area.top - 12}" y2="${area.top - 12}" stroke="${entry.color}" stroke-width="2.5"${entry.dashed ? html` stroke-dasharray="5 3"` : ''}/><text x="${px(x + 20)}" y="${area.top - 12}" dy="0.32em">${entry.name}</text></g>`,
    );
    x -= 12;
  }
  return html`<g class="legend">${items.reverse()}</g>`;
}
