import { html, type SafeHtml } from '../html.js';
import { chartSvg, plotArea } from './frame.js';
import { COLORS } from './palette.js';
import { linearScale, niceTicks, px } from './scale.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly color?: string;
}

export interface BarChartSpec {
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly bars: readonly Bar[];
  /** Vertical marker lines, e.g. the WARN and FAIL thresholds of PSI. */
  readonly markers?: ReadonlyArray<{
    readonly value: number;
    readonly label: string;
    readonly color: string;
  }>;
  readonly format?: (value: number) => string;
  readonly width?: number;
}

const ROW = 22;
const CHAR = 6.4;

/**
 * Horizontal bars, one row per label, from zero: negative values grow left of the zero
 * line (a logistic regression coefficient that lowers the risk). Height follows the rows.
 */
export function barChart(spec: BarChartSpec): SafeHtml {
  if (spec.bars.length === 0) throw new RangeError(`bar chart ${spec.id} has no bars`);
  for (const bar of spec.bars) {
    if (!Number.isFinite(bar.value)) {
      throw new RangeError(`bar chart ${spec.id}: ${bar.label} has value ${bar.value}`);
    }
  }
  const format = spec.format ?? ((v: number) => v.toFixed(3));
  const longest = Math.max(...spec.bars.map((b) => b.label.length));
  const valueRoom = Math.max(...spec.bars.map((b) => format(b.value).length)) * CHAR + 8;
  const markers = spec.markers ?? [];
  const values = [0, ...spec.bars.map((b) => b.value), ...markers.map((m) => m.value)];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  // Labels right-aligned in a column of their own; negative bars' values need room left of zero.
  const labelRight = 8 + longest * CHAR;
  const area = plotArea(spec.width ?? 520, 30 + spec.bars.length * ROW + 40, {
    top: 30,
    right: 10 + valueRoom,
    bottom: 40,
    left: labelRight + 8 + (lo < 0 ? valueRoom : 0),
  });
  const x = linearScale([lo, hi === lo ? lo + 1 : hi], [area.left, area.right]);
  const zero = px(x(0));
  const rows = spec.bars.map((bar, i) => {
    const top = area.top + i * ROW + 3;
    const end = px(x(bar.value));
    const left = Math.min(zero, end);
    const width = px(Math.abs(end - zero));
    const text =
      bar.value < 0
        ? html`<text class="value" x="${left - 4}" y="${top + 8}" dy="0.32em" text-anchor="end">${format(bar.value)}</text>`
        : html`<text class="value" x="${left + width + 4}" y="${top + 8}" dy="0.32em">${format(bar.value)}</text>`;
    return html`<g class="bar" data-label="${bar.label}" data-value="${String(bar.value)}"><text class="label" x="${px(labelRight)}" y="${top + 8}" dy="0.32em" text-anchor="end">${bar.label}</text><rect x="${left}" y="${top}" width="${width}" height="16" rx="2" fill="${bar.color ?? COLORS.primary}"/>${text}</g>`;
  });
  const ticks = niceTicks(lo, hi === lo ? lo + 1 : hi, 5);
  const axis = html`<g class="axis x">${ticks.map(
    (t) =>
      html`<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${area.top}" y2="${area.bottom}" stroke="${COLORS.grid}"/><text x="${px(x(t))}" y="${area.bottom + 16}" text-anchor="middle">${format(t)}</text>`,
  )}<line x1="${zero}" x2="${zero}" y1="${area.top}" y2="${area.bottom}" stroke="${COLORS.subtle}"/><text class="axis-label" x="${px((area.left + area.right) / 2)}" y="${area.height - 6}" text-anchor="middle">${spec.xLabel}</text></g>`;
  const markerMarkup = markers.map(
    (m) =>
      html`<g class="marker"><line x1="${px(x(m.value))}" x2="${px(x(m.value))}" y1="${area.top - 6}" y2="${area.bottom}" stroke="${m.color}" stroke-dasharray="4 3"/><text class="note" x="${px(x(m.value))}" y="${area.top - 10}" text-anchor="middle" fill="${m.color}">${m.label}</text></g>`,
  );
  return chartSvg({
    id: spec.id,
    title: spec.title,
    area,
    body: html`${axis}${rows}${markerMarkup}`,
  });
}
