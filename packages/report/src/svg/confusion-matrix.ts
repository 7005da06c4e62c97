import { count, percent } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { chartSvg, plotArea } from './frame.js';
import { COLORS } from './palette.js';

export interface ConfusionCounts {
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
  readonly tp: number;
}

const CELL_W = 150;
const CELL_H = 84;

/**
 * The 2x2 confusion matrix: rows are the actual class, columns the predicted one. Each
 * cell shows its count and its share of the actual class (recall of that row); the shade
 * follows that share, so the diagonal is dark when the model is right.
 */
export function confusionMatrixChart(spec: {
  readonly id: string;
  readonly title: string;
  readonly counts: ConfusionCounts;
  readonly threshold: number;
}): SafeHtml {
  const { tn, fp, fn, tp } = spec.counts;
  for (const [name, value] of Object.entries(spec.counts)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`confusion matrix ${name} must be a count, got ${value}`);
    }
  }
  const area = plotArea(130 + 2 * CELL_W + 16, 58 + 2 * CELL_H + 40, {
    top: 58,
    left: 130,
    right: 16,
    bottom: 40,
  });
  const rows = [
    { label: 'actual: retained', cells: [tn, fp], total: tn + fp },
    { label: 'actual: churned', cells: [fn, tp], total: fn + tp },
  ];
  const names = [
    ['tn', 'fp'],
    ['fn', 'tp'],
  ];
  const cells = rows.map((row, r) =>
    row.cells.map((value, c) => {
      const share = row.total === 0 ? 0 : value / row.total;
      const x = area.left + c * CELL_W;
      const y = area.top + r * CELL_H;
      const correct = r === c;
      const fill = correct ? COLORS.primary : COLORS.secondary;
      // Opacity from the share, floored so an empty cell still reads as a cell.
      const opacity = (0.08 + 0.72 * share).toFixed(3);
      const dark = 0.08 + 0.72 * share > 0.5;
      return html`<g class="cell" data-cell="${names[r]![c]!}" data-value="${value}"><rect x="${x + 2}" y="${y + 2}" width="${CELL_W - 4}" height="${CELL_H - 4}" rx="4" fill="${fill}" fill-opacity="${opacity}"/><text class="cell-count" x="${x + CELL_W / 2}" y="${y + CELL_H / 2 - 6}" text-anchor="middle"${dark ? html` fill="#ffffff"` : ''}>${count(value)}</text><text class="cell-share" x="${x + CELL_W / 2}" y="${y + CELL_H / 2 + 14}" text-anchor="middle"${dark ? html` fill="#ffffff"` : ''}>${percent(share)} of row</text></g>`;
    }),
  );
  const header = html`<text class="axis-label" x="${area.left + CELL_W}" y="18" text-anchor="middle">predicted (risk ≥ ${spec.threshold})</text><text x="${area.left + CELL_W / 2}" y="${area.top - 10}" text-anchor="middle">retained</text><text x="${area.left + CELL_W * 1.5}" y="${area.top - 10}" text-anchor="middle">churn</text>${rows.map(
    (row, r) =>
      html`<text x="${area.left - 10}" y="${area.top + r * CELL_H + CELL_H / 2}" dy="0.32em" text-anchor="end">${row.label}</text>`,
  )}`;
  return chartSvg({ id: spec.id, title: spec.title, area, body: html`${header}${cells}` });
}
